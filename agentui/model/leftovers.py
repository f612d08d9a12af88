"""agentui's own temporary files left behind by a crash, removed once they are old.

A save or create writes ``.{name}.{8 hex digits}.agentui-tmp`` next to its target and
renames or links it within milliseconds; one that is still there minutes later belongs
to a save that was killed. Only files named exactly so, and old enough, are removed:
nothing else is ever deleted.
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Iterable
from pathlib import Path

from agentui.model.files import TEMP_SUFFIX

STALE_AFTER_SECONDS = 10 * 60
"""A temporary file older than this is a crash's leftover, never a save in progress."""

_OWN_TEMP = re.compile(r"\A\..+\.[0-9a-f]{8}" + re.escape(TEMP_SUFFIX) + r"\Z", re.DOTALL)


def is_own_temp_name(name: str) -> bool:
    """Whether ``name`` is exactly the name agentui gives its temporary files."""
    return bool(_OWN_TEMP.match(name))


def remove_stale_temps(
    folders: Iterable[Path],
    *,
    older_than: float = STALE_AFTER_SECONDS,
    now: float | None = None,
) -> list[Path]:
    """Remove agentui's temporary files older than ``older_than`` seconds under ``folders``
    (blocking: call it from a worker).

    Sub-folders are searched as the agent listing searches them (symlinked folders once).
    Only regular files with agentui's temporary name are removed, never a symlink,
    a folder or any other file; anything that cannot be removed is left alone.

    Args:
        folders: the agents folders agentui may write in.
        older_than: the age, by modification time, from which a temporary file is stale.
        now: the current time (``time.time()`` when None).

    Returns:
        The files removed.
    """
    cutoff = (time.time() if now is None else now) - older_than
    removed: list[Path] = []
    seen: set[str] = set()
    for folder in folders:
        for root, dirs, files in os.walk(folder, followlinks=True, onerror=lambda _: None):
            real = os.path.realpath(root)
            if real in seen:
                dirs[:] = []
                continue
            seen.add(real)
            dirs[:] = [name for name in dirs if name != ".git"]
            for name in files:
                if not is_own_temp_name(name):
                    continue
                path = Path(root) / name
                try:
                    st = os.lstat(path)
                    if not stat.S_ISREG(st.st_mode) or st.st_mtime >= cutoff:
                        continue
                    os.unlink(path)
                except OSError:
                    continue
                removed.append(path)
    return removed
