"""Checks before a save replaces a file: where it really leads, and whether it may be written."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NamedTuple


class Outside(NamedTuple):
    """Where a save would really write, and why that needs the user's confirmation."""

    target: Path
    reason: str


def outside_target(path: Path, folder: Path) -> Outside | None:
    """Where ``path`` really leads, when saving it needs an explicit confirmation: the file
    it resolves to lies outside ``folder`` (a symlink planted to ``~/.bashrc``) or is not a
    Markdown file.

    Returns:
        The resolved target and the reason, or None for an ordinary agent file in ``folder``.
    """
    target = Path(os.path.realpath(path))
    root = Path(os.path.realpath(folder))
    if not target.is_relative_to(root):
        return Outside(target, f"it is outside the agents folder {folder}")
    if not target.name.lower().endswith(".md"):
        return Outside(target, "it is not a Markdown file")
    return None


def read_only_reason(path: Path, target: Path, st: os.stat_result) -> str | None:
    """Why ``target`` must not be replaced, or None.

    Replacing a file needs only a writable folder, so the file's own permission is checked
    here: a file without any write bit is read-only even for root, as editors treat it.
    """
    mode = stat.S_IMODE(st.st_mode)
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return f"{path} is read-only (mode {mode:04o})"
    effective = os.access in os.supports_effective_ids
    if os.access(target, os.W_OK, effective_ids=effective):
        return None
    try:
        if os.statvfs(target).f_flag & os.ST_RDONLY:
            return f"{path} is on a read-only file system"
    except (OSError, AttributeError):
        pass
    return f"{path} is read-only for you (mode {mode:04o})"
