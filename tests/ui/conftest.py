"""Fixtures for Pilot tests: a repository and a home folder in tmp_path, and the app over them."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual._wait import wait_for_idle
from textual.pilot import Pilot
from textual.worker import Worker, WorkerCancelled, WorkerFailed

from agentui.app import AgentUI
from agentui.model.scopes import repository_scopes
from agentui.settings import Settings


def agent(
    name: str, description: str = "Does things.", extra: str = "", body: str = "Prompt.\n"
) -> str:
    """The text of a simple Claude Code agent file."""
    return f"---\nname: {name}\ndescription: {description}\n{extra}---\n\n{body}"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return root


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def make_app(repo: Path, home: Path, tmp_path: Path) -> Callable[[], AgentUI]:
    def build() -> AgentUI:
        settings = Settings.load(tmp_path / "config")
        return AgentUI(repository_scopes(repo, home), settings, subtitle="test")

    return build


def install_plugin(
    home: Path, name: str, files: dict[str, str], manifest_agents: list[str] | None = None
) -> Path:
    """Install a fake plugin the way Claude Code records it (installed_plugins.json v2)."""
    root = home / ".claude" / "plugins" / "cache" / name
    for relative, text in files.items():
        write(root / relative, text)
    if manifest_agents is not None:
        write(
            root / ".claude-plugin" / "plugin.json",
            json.dumps({"name": name, "agents": manifest_agents}),
        )
    registry = home / ".claude" / "plugins" / "installed_plugins.json"
    data = json.loads(registry.read_text()) if registry.exists() else {"version": 2, "plugins": {}}
    data["plugins"][f"{name}@market"] = [
        {"scope": "user", "installPath": str(root), "version": "1.0.0"}
    ]
    write(registry, json.dumps(data))
    return root


LONG_RUNNING = {"agent-watcher", "theme-watcher"}
"""Worker groups that run for the app's whole life."""


def _pending(app: AgentUI) -> list[Worker[object]]:
    return [w for w in app.workers if w.group not in LONG_RUNNING and not w.is_finished]


async def wait_for_work(app: AgentUI, timeout: float = 15.0) -> None:
    """Wait for the app's finite work (loading, saving, rendering), not its watchers.

    A worker is often started by a message that is still queued when the last one ends
    (a load's end selects an agent, whose preview renders in a worker), so the app must be
    found idle, with its messages handled, twice with nothing pending.
    """
    deadline = time.monotonic() + timeout
    quiet = 0
    while quiet < 2:
        if time.monotonic() > deadline:
            raise AssertionError(f"the app's work did not end within {timeout} s: {_pending(app)}")
        pending = _pending(app)
        if pending:
            quiet = 0
            for worker in pending:
                try:
                    await worker.wait()
                except (WorkerCancelled, WorkerFailed):
                    pass
            continue
        quiet += 1
        await wait_for_idle(0)


async def settle(app: AgentUI, timeout: float = 15.0) -> None:
    """Wait until loading, saving and rendering are done and the selected agent's form is
    built (the watchers keep running)."""
    pilot = Pilot(app)
    deadline = time.monotonic() + timeout
    while True:
        await wait_for_work(app, timeout)
        panes = app.screen.query("#frontmatter-pane")
        previews = app.screen.query("#preview-pane")
        form_ready = not panes or getattr(panes.first(), "ready", True)
        preview_ready = not previews or not getattr(previews.first(), "pending", False)
        if form_ready and preview_ready and not _pending(app):
            await pilot.pause()
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the app did not settle within {timeout} s")
        await pilot.pause(0.02)
