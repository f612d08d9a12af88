"""Finding agent files on disk: repository roots and the agent folders in reach."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from agentui.model.files import is_temp_name


def find_repo_root(start: Path) -> Path:
    """The git top level above ``start`` (a ``.git`` folder or file), else ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def is_agent_file_name(name: str) -> bool:
    """Whether a file name can be an agent definition (Markdown, not a temp or README)."""
    return name.endswith(".md") and not is_temp_name(name) and name.lower() != "readme.md"


def iter_agent_files(folder: Path) -> Iterator[Path]:
    """Every agent file under ``folder``, recursively, in a stable order.

    Symlinked folders are followed once; a link back to a folder already walked is skipped.
    """
    seen: set[str] = set()
    for root, dirs, files in os.walk(folder, followlinks=True, onerror=lambda _: None):
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(x for x in dirs if x != ".git")
        for name in sorted(files):
            if is_agent_file_name(name):
                yield Path(root) / name


def default_check_folders(cwd: Path, home: Path) -> list[Path]:
    """The folders ``agentui check`` reads by default: the repository's and the user's agents."""
    root = find_repo_root(cwd)
    return [root / ".claude" / "agents", home / ".claude" / "agents"]
