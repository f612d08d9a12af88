"""The installed agentui in a pseudo-terminal follows a file rewritten from outside."""

from __future__ import annotations

import time
from pathlib import Path

from tests.e2e.terminal import Terminal


def test_external_rename_shows_on_screen(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    agents = repo / ".claude" / "agents"
    agents.mkdir(parents=True)
    (repo / ".git").mkdir()
    path = agents / "watcher-demo.md"
    path.write_text("---\nname: before-change\ndescription: Watched.\n---\n\nBody.\n")
    home = tmp_path / "home"
    home.mkdir()
    terminal = Terminal(
        [], cwd=repo, env={"HOME": str(home), "AGENTUI_CONFIG_DIR": str(tmp_path / "cfg")}
    )
    try:
        assert terminal.wait_for(lambda s: "before-change" in s), terminal.text()
        started = time.monotonic()
        path.write_text("---\nname: after-change\ndescription: Watched.\n---\n\nBody.\n")
        assert terminal.wait_for(lambda s: "after-change" in s, timeout=10), terminal.text()
        assert time.monotonic() - started < 5
        assert terminal.wait_for(lambda s: "before-change" not in s, timeout=5), (
            "the old name stays"
        )
    finally:
        terminal.close()
