"""Fixtures for the reliability tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from agentui.app import AgentUI
from tests.reliability.support import Unprivileged, build_app, unprivileged_folder


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository root (it has a .git folder)."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return root


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A home folder."""
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def agents(repo: Path) -> Path:
    """The repository's .claude/agents folder."""
    folder = repo / ".claude" / "agents"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def make_app(repo: Path, home: Path, tmp_path: Path) -> Callable[[], AgentUI]:
    """Builds the app over ``repo`` and ``home`` (no live watcher)."""
    return lambda: build_app(repo, home, tmp_path / "config")


@pytest.fixture
def unprivileged() -> Iterator[Unprivileged]:
    """An unprivileged child and a folder it owns; skips where the machine cannot do it."""
    with unprivileged_folder() as runner:
        reason = runner.usable()
        if reason is not None:
            pytest.skip(reason)
        yield runner
