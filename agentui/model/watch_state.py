"""What a watched path is on disk (stat and content hash), and what changed about it.

The states are compared by content, never by event kind or timestamp alone: a file counts as
changed when its bytes differ, and a deleted file and an added one are the same file renamed
when their bytes are the same.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from agentui.model.document import Snapshot
from agentui.model.files import MAX_FILE_BYTES

ChangeKind = Literal["added", "deleted", "modified"]
"""What happened to a path, as a person would say it."""

RACY_NS = 2_000_000_000
"""A file modified this recently (in nanoseconds) is hashed again even if its stat is unchanged:
coarse timestamps can hide a second write of the same size within one clock tick."""

_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True, slots=True)
class FileState:
    """What a path is on disk now.

    Attributes:
        path: the path as watched (a symlink is followed, but the path stays the link's).
        exists: whether anything is there, even a dangling symlink.
        regular: whether it is a regular file (not a directory, FIFO, device or broken link).
        dev: device number (0 when nothing is there).
        ino: inode number (0 when nothing is there).
        size: size in bytes.
        mtime_ns: modification time in nanoseconds.
        sha256: hex digest of the bytes, or None when they were not read (not a regular
            file, larger than ``MAX_FILE_BYTES``, or unreadable).
    """

    path: Path
    exists: bool
    regular: bool
    dev: int
    ino: int
    size: int
    mtime_ns: int
    sha256: str | None

    @classmethod
    def missing(cls, path: Path) -> FileState:
        """The state of a path with nothing there."""
        return cls(path, False, False, 0, 0, 0, 0, None)

    @classmethod
    def from_snapshot(cls, path: Path, snapshot: Snapshot) -> FileState:
        """The state a document's snapshot describes, to track a loaded or saved file.

        Args:
            path: the path as watched.
            snapshot: the snapshot taken when the file was read or written.

        Returns:
            The state, with the snapshot's hash.
        """
        return cls(
            path, True, True, snapshot.dev, snapshot.ino, snapshot.size, snapshot.mtime_ns,
            snapshot.sha256,
        )  # fmt: skip

    def same_content(self, other: FileState) -> bool:
        """Whether two states of a path hold the same thing, judged by content.

        Regular files with a hash compare by hash, so touch and chmod leave them equal. Files
        that could not be hashed compare by inode, size and modification time.
        """
        if self.exists != other.exists or self.regular != other.regular:
            return False
        if self.sha256 is not None or other.sha256 is not None:
            return self.sha256 == other.sha256
        return (self.dev, self.ino, self.size, self.mtime_ns) == (
            other.dev, other.ino, other.size, other.mtime_ns,
        )  # fmt: skip


def _hash_regular(path: Path) -> tuple[str | None, os.stat_result | None]:
    """Hash a regular file's bytes without ever blocking on a FIFO or device.

    Returns:
        The hex digest (None when the file could not be read or is too large) and the
        ``fstat`` of what was opened (None when nothing could be opened).
    """
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return None, None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
            return None, st
        digest = hashlib.sha256()
        total = 0
        while chunk := os.read(fd, 1 << 20):
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                return None, st
            digest.update(chunk)
        return digest.hexdigest(), st
    except OSError:
        return None, None
    finally:
        os.close(fd)


def file_state(path: Path, previous: FileState | None = None) -> FileState:
    """What ``path`` is on disk now. Never opens anything but a regular file.

    Args:
        path: the path to look at; a symlink is followed.
        previous: the last known state; its hash is reused when device, inode, size and
            modification time are unchanged and the modification is older than ``RACY_NS``.

    Returns:
        The state. A dangling link or a symlink loop exists but is not regular.
    """
    try:
        st = os.stat(path)
    except OSError:
        try:
            st = os.lstat(path)
        except OSError:
            return FileState.missing(path)
        return FileState(path, True, False, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, None)
    if not stat.S_ISREG(st.st_mode):
        return FileState(path, True, False, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, None)
    key = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    if (
        previous is not None
        and previous.regular
        and previous.sha256 is not None
        and (previous.dev, previous.ino, previous.size, previous.mtime_ns) == key
        and time.time_ns() - st.st_mtime_ns > RACY_NS
    ):
        return FileState(path, True, True, *key, previous.sha256)
    if st.st_size > MAX_FILE_BYTES:
        return FileState(path, True, True, *key, None)
    sha256, opened = _hash_regular(path)
    if opened is None:
        return FileState(path, True, True, *key, None)
    regular = stat.S_ISREG(opened.st_mode)
    return FileState(
        path, True, regular, opened.st_dev, opened.st_ino, opened.st_size, opened.st_mtime_ns,
        sha256 if regular else None,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Change:
    """One path whose state on disk differs from what was known.

    Attributes:
        path: the path.
        kind: ``added``, ``deleted`` or ``modified``.
        state: the state on disk now (for ``deleted``, a state with ``exists`` False).
        previous: the state known before, or None for ``added``; a deleted file's hash and
            inode are here, so a rename can be matched to the ``added`` change of its new name.
    """

    path: Path
    kind: ChangeKind
    state: FileState
    previous: FileState | None = None


def renames(changes: Iterable[Change]) -> dict[Path, Path]:
    """Deleted paths whose file reappeared under another name in the same changes.

    A deleted file and an added one are the same file when their content is the same (the
    hash, or for a file too large to hash, inode, size and modification time). An inode alone
    proves nothing: ext4 gives a deleted file's inode to the next new file at once. Among
    several files with the same content, the one with the same inode wins.

    Args:
        changes: the changes of one reconcile.

    Returns:
        Old path to new path, for each rename found.
    """
    changes = list(changes)
    added = [c.state for c in changes if c.kind == "added" and c.state.regular]
    found: dict[Path, Path] = {}
    for change in changes:
        old = change.previous
        if change.kind != "deleted" or old is None or not old.regular:
            continue
        same = [new for new in added if old.same_content(new)]
        if same:
            new = next((n for n in same if (n.dev, n.ino) == (old.dev, old.ino)), same[0])
            found[change.path] = new.path
            added.remove(new)
    return found
