"""``agentui [PATH]``: what PATH means, and the demo set."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from agentui.demo import make_demo
from agentui.model.catalog import load_catalog
from agentui.model.diagnostics import ClaudeCodeVerdict
from agentui.model.scopes import repository_scopes, scopes_for_path


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "agentui", str(tmp_path / "nope")],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr


def test_help_lists_the_demo_flag() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "agentui", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "--demo" in result.stdout and "PATH" in result.stdout


def test_path_kinds(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "x.md").write_text("---\nname: x\ndescription: d\n---\n")
    (scope,) = scopes_for_path(folder, tmp_path)
    assert scope.label == "Folder" and [p.name for p in scope.agent_files()] == ["x.md"]
    (single,) = scopes_for_path(folder / "x.md", tmp_path)
    assert single.label == "File" and single.agent_files() == [(folder / "x.md").resolve()]
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    labels = [s.label for s in scopes_for_path(tmp_path / "repo", tmp_path)]
    assert labels[:2] == ["Project", "User"]


def test_demo_set_covers_the_cases(tmp_path: Path) -> None:
    repo, home = make_demo(tmp_path)
    records = load_catalog(repository_scopes(repo, home))
    verdicts = {r.document.claude_code for r in records}
    assert ClaudeCodeVerdict.LOADS_AFTER_QUOTING in verdicts
    assert ClaudeCodeVerdict.LOADS_WITHOUT_METADATA in verdicts
    assert any(r.shadowed_by is not None for r in records)
    assert {str(r.document.kind) for r in records} == {"claude-code", "copilot", "opencode"}
    bodies = "\n".join(r.document.body for r in records)
    for pattern in ("\n## ", "\n- ", "```", "| --- |" if "| --- |" in bodies else "|---"):
        assert pattern in bodies
    assert repo.parent.name.startswith("agentui-demo-")
