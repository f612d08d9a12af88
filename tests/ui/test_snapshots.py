"""Snapshots of the main screen on the demo set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agentui.app import AgentUI
from agentui.demo import make_demo
from agentui.model.scopes import repository_scopes
from agentui.settings import Settings


@pytest.fixture
def demo_app(tmp_path: Path) -> AgentUI:
    repo, home = make_demo(tmp_path)
    return AgentUI(
        repository_scopes(repo, home), Settings(config_dir=tmp_path / "config"), subtitle="demo"
    )


async def wait_loaded(pilot: Any) -> None:
    from tests.ui.test_browse import settle

    await settle(pilot.app)
    await pilot.pause(0.1)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_main_screen_on_the_demo(
    snap_compare: Any, demo_app: AgentUI, size: tuple[int, int]
) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=wait_loaded)


def test_agent_that_loses_its_metadata(snap_compare: Any, demo_app: AgentUI) -> None:
    async def select(pilot: Any) -> None:
        await wait_loaded(pilot)
        screen = pilot.app.screen
        record = next(r for r in screen.records if r.name == "docs-explainer")
        screen.query_one("#tree-pane").select_path(record.path)
        await wait_loaded(pilot)

    assert snap_compare(demo_app, terminal_size=(120, 40), run_before=select)


class TestFormSnapshots:
    """The editing form for the three cases a user meets most."""

    @staticmethod
    def app_for(tmp_path: Path, relative: str, text: str) -> AgentUI:
        repo = tmp_path / "repo"
        (repo / ".git").mkdir(parents=True)
        path = repo / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        home = tmp_path / "home"
        home.mkdir()
        return AgentUI(
            repository_scopes(repo, home), Settings(config_dir=tmp_path / "config"), subtitle="form"
        )

    def test_claude_code_agent(self, snap_compare: Any, tmp_path: Path) -> None:
        app = self.app_for(
            tmp_path,
            ".claude/agents/reviewer.md",
            "---\nname: reviewer\ndescription: Reviews diffs.\ntools: Read, Grep\nmodel: opus\ncolor: green\n"
            "maxTurns: 8\n---\n\n# Reviewer\n\nReview the diff.\n",
        )
        assert snap_compare(app, terminal_size=(140, 60), run_before=wait_loaded)

    def test_copilot_agent(self, snap_compare: Any, tmp_path: Path) -> None:
        app = self.app_for(
            tmp_path,
            ".github/agents/planner.agent.md",
            "---\nname: Planner\ndescription: Plans features.\ntools: ['search', 'fetch']\n"
            "target: vscode\n---\n\n# Planner\n",
        )
        assert snap_compare(app, terminal_size=(140, 60), run_before=wait_loaded)

    def test_agent_with_errors(self, snap_compare: Any, tmp_path: Path) -> None:
        app = self.app_for(
            tmp_path,
            ".claude/agents/broken.md",
            "---\nname: Broken_Agent\ndescription: Use it when: things break\nmodle: opus\n"
            "color: magenta\nmemory: team\n---\n\nPrompt.\n",
        )
        assert snap_compare(app, terminal_size=(140, 60), run_before=wait_loaded)
