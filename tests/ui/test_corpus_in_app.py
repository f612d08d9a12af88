"""Real agent files edited through the form: saving changes only the edited field's lines.

Skipped unless AGENTUI_CORPUS names a folder. Every file that is not valid YAML is used, and
every twentieth of the others, copied into a temporary repository.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, Select, TextArea

from agentui.app import AgentUI
from agentui.model.files import load
from agentui.model.scopes import repository_scopes
from agentui.settings import Settings
from agentui.widgets.agent_tree import AgentTree
from agentui.widgets.fields import ModelField, TextField, YamlField
from agentui.widgets.frontmatter_pane import FrontmatterPane
from tests.ui.test_browse import settle

CORPUS = os.environ.get("AGENTUI_CORPUS", "")
pytestmark = pytest.mark.skipif(
    not CORPUS or not Path(CORPUS).is_dir(), reason="AGENTUI_CORPUS does not name a folder"
)


def sample(repo: Path) -> list[Path]:
    sources = sorted(p for p in Path(CORPUS).rglob("*.md") if p.name != "README.md")
    picked: list[Path] = []
    for index, source in enumerate(sources):
        doc = load(source)
        if str(doc.yaml) != "recovered" and index % 20:
            continue
        if source.name.endswith(".agent.md"):
            folder = repo / ".github" / "agents"
        elif str(doc.kind) == "opencode":
            folder = repo / ".opencode" / "agent"
        else:
            folder = repo / ".claude" / "agents"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{index:04d}-{source.name.lstrip('.')}"
        shutil.copyfile(source, target)
        picked.append(target)
    return picked


@pytest.mark.parametrize("part", [0, 1], ids=["first-half", "second-half"])
async def test_model_edits_through_the_form_change_only_model_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, part: int
) -> None:
    # This test is about the form and the save; rendering long prompts would dominate it.
    from agentui.widgets.preview_pane import PreviewPane

    monkeypatch.setattr(PreviewPane, "render_body", lambda self, body: None)
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (tmp_path / "home").mkdir()
    files = sample(repo)[part::2]
    app = AgentUI(repository_scopes(repo, tmp_path / "home"), Settings(config_dir=tmp_path / "cfg"))
    failures: list[str] = []
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        screen = app.screen
        tree = screen.query_one("#tree-pane", AgentTree)
        for path in files:
            before = path.read_text(encoding="utf-8")
            assert tree.select_path(path)
            await settle(app)
            row = screen.query_one("#frontmatter-pane", FrontmatterPane).row("model")
            assert row is not None, path.name
            new = "opus" if "model: opus" not in before else "haiku"
            if isinstance(row, ModelField):
                row.query_one(Select).value = new
            elif isinstance(row, YamlField):
                row.query_one(TextArea).text = new
            elif isinstance(row, TextField):
                row.query_one(Input).value = new
            await pilot.pause()
            await pilot.press("ctrl+s")
            await settle(app)
            after = path.read_text(encoding="utf-8")
            diff = [
                line
                for line in difflib.unified_diff(
                    before.splitlines(), after.splitlines(), n=0, lineterm=""
                )
                if line[:1] in "+-" and not line.startswith(("+++", "---"))
            ]
            added = [line for line in diff if line.startswith("+")]
            doc = load(path)
            if added != [f"+model: {new}"] or doc.fields.get("model") != new:
                failures.append(f"{path.name}: {diff[:6]}")
            old_model_lines = {
                line for line in before.splitlines() if line.startswith(("model:", "  - ", "- "))
            }
            if any(line[1:] not in old_model_lines for line in diff if line.startswith("-")):
                failures.append(f"{path.name}: removed other lines {diff[:6]}")
    assert len(files) > 30
    assert not failures, "\n".join(failures[:20])
