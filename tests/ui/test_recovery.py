"""Pilot tests of draft recovery: unsaved edits survive a crash and are offered on the next start."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from agentui.app import AgentUI
from agentui.model.draft_recorder import DraftRecorder
from agentui.model.scopes import repository_scopes
from agentui.screens.dialogs import ConfirmScreen
from agentui.screens.main import MainScreen
from agentui.screens.recovery import RecoveryScreen
from agentui.settings import Settings
from agentui.widgets.agent_tree import AgentTree
from agentui.widgets.conflict_banner import ConflictBanner
from agentui.widgets.fields import FieldRow
from agentui.widgets.frontmatter_pane import FrontmatterPane
from tests.ui.conftest import agent, write
from tests.ui.test_browse import settle, tree_lines

AppFactory = Callable[[], AgentUI]
SIZE = (160, 60)


def main(app: AgentUI) -> MainScreen:
    screen = next(s for s in app.screen_stack if isinstance(s, MainScreen))
    return screen


def row(app: AgentUI, key: str) -> FieldRow:
    found = main(app).query_one("#frontmatter-pane", FrontmatterPane).row(key)
    assert found is not None, key
    return found


def drafts(config: Path) -> list[Path]:
    return sorted((config / "drafts").rglob("*.draft.json"))


def unsaved(app: AgentUI) -> dict[str, str]:
    return {b.path.name: b.current.text for b in main(app).session.dirty()}


async def rename_in_form(app: AgentUI, pilot: object, name: str) -> None:
    """Type a new name into the selected agent's form, as a user does."""
    editor = row(app, "name").query_one(Input)
    editor.focus()
    editor.value = name
    await pilot.pause()  # type: ignore[attr-defined]


async def edit_two_agents(app: AgentUI, pilot: object) -> None:
    await settle(app)
    await rename_in_form(app, pilot, "alpha-edited")
    tree = main(app).query_one("#tree-pane", AgentTree)
    tree.agents.focus()
    await pilot.press("down")  # type: ignore[attr-defined]
    await settle(app)
    await rename_in_form(app, pilot, "beta-edited")
    tree.agents.focus()
    await pilot.pause()  # type: ignore[attr-defined]


async def offered(app: AgentUI, timeout: float = 10.0) -> RecoveryScreen:
    from textual.pilot import Pilot

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await settle(app)
        if isinstance(app.screen, RecoveryScreen):
            return app.screen
        await Pilot(app).pause(0.05)
    raise AssertionError(f"no recovery dialog; the screen is {app.screen!r}")


def dialog_text(dialog: RecoveryScreen) -> str:
    return str(dialog.query_one("#question", Static).render())


@pytest.fixture
def two_agents(repo: Path) -> tuple[Path, Path]:
    return (
        write(repo / ".claude/agents/alpha.md", agent("alpha")),
        write(repo / ".claude/agents/beta.md", agent("beta")),
    )


async def leave_two_drafts(make_app: AppFactory) -> None:
    """Edit two agents and end the app without saving or quitting (as a crash would)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await edit_two_agents(app, pilot)


async def test_a_crash_in_a_handler_keeps_the_edits_and_the_next_start_restores_them(
    make_app: AppFactory,
    two_agents: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alpha, beta = two_agents

    def crash(self: MainScreen) -> None:
        raise RuntimeError("a bug in a key handler")

    monkeypatch.setattr(MainScreen, "action_toggle_raw", crash)
    # Drafts come a second after the last edit; here only the crash itself can write them.
    monkeypatch.setattr(
        "agentui.screens.recovery.DraftRecorder", functools.partial(DraftRecorder, delay=3600)
    )
    app = make_app()
    with pytest.raises(RuntimeError, match="a bug in a key handler"):
        async with app.run_test(size=SIZE) as pilot:
            await edit_two_agents(app, pilot)
            await pilot.press("r")
            await pilot.pause()
    monkeypatch.undo()
    assert len(drafts(tmp_path / "config")) == 2, "a draft of each unsaved agent"
    assert (alpha.read_text(), beta.read_text()) == (agent("alpha"), agent("beta"))

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await offered(app)
        text = dialog_text(dialog)
        assert "alpha.md" in text and "beta.md" in text
        assert text.count("the file is as it was") == 2
        await pilot.click("#restore")
        await settle(app)
        assert isinstance(app.screen, MainScreen)
        assert unsaved(app) == {"alpha.md": agent("alpha-edited"), "beta.md": agent("beta-edited")}
        assert sum("*" in line for line in tree_lines(app)) == 2, "both marked unsaved"
        assert app.title == "agentui ●"
        assert row(app, "name").query_one(Input).value == "alpha-edited"
        assert (alpha.read_text(), beta.read_text()) == (agent("alpha"), agent("beta"))
        await pilot.press("ctrl+s")
        await settle(app)
        assert alpha.read_text() == agent("alpha-edited"), "a restored draft saves as edits do"
    assert [p.name for p in drafts(tmp_path / "config")] != [], "beta's edits are still unsaved"
    assert len(drafts(tmp_path / "config")) == 1


async def test_a_file_changed_since_opens_as_a_conflict(
    make_app: AppFactory, two_agents: tuple[Path, Path]
) -> None:
    alpha, _ = two_agents
    await leave_two_drafts(make_app)
    theirs = agent("alpha", description="Changed by someone else.")
    alpha.write_text(theirs)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await offered(app)
        assert "changed on disk since" in dialog_text(dialog)
        await pilot.click("#restore")
        await settle(app)
        screen = main(app)
        screen.query_one("#tree-pane", AgentTree).select_path(alpha)
        await settle(app)
        assert screen.query_one("#conflict", ConflictBanner).display
        assert unsaved(app)["alpha.md"] == agent("alpha-edited")
        await pilot.press("ctrl+s")
        await settle(app)
        assert alpha.read_text() == theirs, "never written over the other version unasked"


async def test_discard_removes_the_drafts(
    make_app: AppFactory, two_agents: tuple[Path, Path], tmp_path: Path
) -> None:
    await leave_two_drafts(make_app)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await offered(app)
        await pilot.click("#discard")
        await settle(app)
        assert unsaved(app) == {}
    assert drafts(tmp_path / "config") == []
    assert [p.read_text() for p in two_agents] == [agent("alpha"), agent("beta")]


async def test_later_keeps_the_drafts_for_the_next_start(
    make_app: AppFactory, two_agents: tuple[Path, Path], tmp_path: Path
) -> None:
    await leave_two_drafts(make_app)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await offered(app)
        await pilot.press("escape")
        await settle(app)
        assert unsaved(app) == {}
    assert len(drafts(tmp_path / "config")) == 2
    app = make_app()
    async with app.run_test(size=SIZE):
        await offered(app)


async def test_drafts_of_files_out_of_reach_are_kept_silently(
    make_app: AppFactory, two_agents: tuple[Path, Path], tmp_path: Path, home: Path
) -> None:
    await leave_two_drafts(make_app)
    elsewhere = tmp_path / "other-repo"
    (elsewhere / ".git").mkdir(parents=True)
    write(elsewhere / ".claude/agents/gamma.md", agent("gamma"))
    app = AgentUI(repository_scopes(elsewhere, home), Settings.load(tmp_path / "config"))
    async with app.run_test(size=SIZE):
        await settle(app)
        assert isinstance(app.screen, MainScreen), "nothing to offer here"
    assert len(drafts(tmp_path / "config")) == 2


async def test_quitting_without_saving_removes_the_drafts(
    make_app: AppFactory, two_agents: tuple[Path, Path], tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await edit_two_agents(app, pilot)
        main(app).flush_drafts()
        assert len(drafts(tmp_path / "config")) == 2
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#yes")
    assert drafts(tmp_path / "config") == []


async def test_saving_removes_the_draft(
    make_app: AppFactory, two_agents: tuple[Path, Path], tmp_path: Path
) -> None:
    alpha, _ = two_agents
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await rename_in_form(app, pilot, "alpha-edited")
        main(app).flush_drafts()
        assert len(drafts(tmp_path / "config")) == 1
        await pilot.press("ctrl+s")
        await settle(app)
        main(app).flush_drafts()
        assert drafts(tmp_path / "config") == []
    assert alpha.read_text() == agent("alpha-edited")
