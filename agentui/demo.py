"""The bundled demo set: copied into a fresh temporary folder so nothing real is touched."""

from __future__ import annotations

import tempfile
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path


def _copy_tree(source: Traversable, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        # Packaged folders are named dot-claude etc.: hidden folders do not ship in wheels.
        name = "." + entry.name[4:] if entry.name.startswith("dot-") else entry.name
        if entry.is_dir():
            _copy_tree(entry, target / name)
        elif entry.name.endswith(".md"):
            (target / name).write_bytes(entry.read_bytes())


def make_demo(parent: Path | None = None) -> tuple[Path, Path]:
    """Copy the demo agents into a new temporary folder.

    Args:
        parent: where to create the folder (the system's temporary folder by default).

    Returns:
        The demo repository and the demo home folder.
    """
    base = Path(tempfile.mkdtemp(prefix="agentui-demo-", dir=parent))
    source = resources.files("agentui") / "demo"
    repo = base / "project"
    home = base / "home"
    _copy_tree(source / "project", repo)
    _copy_tree(source / "home", home)
    (repo / ".git").mkdir(exist_ok=True)
    return repo, home
