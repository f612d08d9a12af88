"""The installed agentui in a real pseudo-terminal: agents and a rendered heading on screen."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.terminal import Terminal


def test_agentui_shows_agents_and_a_rendered_heading(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    agents = repo / ".claude" / "agents"
    agents.mkdir(parents=True)
    (repo / ".git").mkdir()
    (agents / "alpha-reviewer.md").write_text(
        "---\nname: alpha-reviewer\ndescription: Reviews.\n---\n\n# Review Procedure\n\nRead the diff.\n"
    )
    home = tmp_path / "home"
    (home / ".claude" / "agents").mkdir(parents=True)
    (home / ".claude" / "agents" / "beta-helper.md").write_text(
        "---\nname: beta-helper\ndescription: Helps.\n---\n\nHelp.\n"
    )
    terminal = Terminal(
        [], cwd=repo, env={"HOME": str(home), "AGENTUI_CONFIG_DIR": str(tmp_path / "cfg")}
    )
    try:
        assert terminal.wait_for(
            lambda s: "alpha-reviewer" in s and "beta-helper" in s and "Review Procedure" in s
        ), terminal.text()
        assert "# Review Procedure" not in terminal.text(), "the heading is rendered, not raw"
    finally:
        terminal.close()
    assert not terminal.process.isalive()
