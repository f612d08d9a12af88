"""Drafts of unsaved edits, kept on disk so that a crash or a kill does not lose them.

Each running agentui owns one folder under the drafts folder, named by an owner id, with
a ``lock`` file it holds an advisory lock on for its whole life; a draft is one JSON file
per agent file in it (see ``FORMAT``). A folder whose lock nobody holds belongs to an
agentui that ended: its drafts are offered on the next start, and another agentui that is
still running never has its drafts offered, restored or discarded elsewhere.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from agentui.model.document import Snapshot
from agentui.model.files import _fsync_dir, _write_all, current_snapshot

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, every owner looks ended
    fcntl = None  # type: ignore[assignment]

FORMAT = "agentui-draft"
"""The ``format`` value of every draft file."""
VERSION = 1
"""The draft format's version; a draft of a newer version is kept but not read."""
SUFFIX = ".draft.json"
LOCK_NAME = "lock"


class DraftError(Exception):
    """A draft file cannot be read: damaged, or written by a newer agentui."""


@dataclass(frozen=True, slots=True)
class Draft:
    """The unsaved version of one agent file.

    Attributes:
        path: the agent file (absolute).
        data: the bytes a save would write.
        base: the file on disk the edits were made on (None when it was not read).
        base_data: that file's bytes.
        edited_at: when the last edit was made (UTC).
    """

    path: Path
    data: bytes
    base: Snapshot | None
    base_data: bytes | None
    edited_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def draft_file_name(path: Path) -> str:
    """The name of the draft file of ``path``: one per agent file."""
    digest = hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()
    return digest[:32] + SUFFIX


def _content(data: bytes) -> dict[str, str]:
    try:
        return {"encoding": "utf-8", "text": data.decode("utf-8")}
    except UnicodeDecodeError:
        return {"encoding": "base64", "data": base64.b64encode(data).decode("ascii")}


def _read_content(value: Any) -> bytes:
    if isinstance(value, dict) and value.get("encoding") == "utf-8":
        text = value.get("text")
        if isinstance(text, str):
            try:
                return text.encode("utf-8")
            except UnicodeEncodeError:
                pass
    if isinstance(value, dict) and value.get("encoding") == "base64":
        data = value.get("data")
        if isinstance(data, str):
            try:
                return base64.b64decode(data, validate=True)
            except (binascii.Error, ValueError):
                pass
    raise DraftError("the draft's content is damaged")


def encode_draft(draft: Draft) -> bytes:
    """A draft as the bytes of its file (JSON, readable by a person)."""
    base: dict[str, Any] | None = None
    if draft.base is not None and draft.base_data is not None:
        base = {"snapshot": asdict(draft.base), "content": _content(draft.base_data)}
    record = {
        "format": FORMAT,
        "version": VERSION,
        "path": str(draft.path),
        "edited_at": draft.edited_at.astimezone(UTC).isoformat(),
        "content": _content(draft.data),
        "base": base,
    }
    return (json.dumps(record, indent=1) + "\n").encode("utf-8")


def decode_draft(raw: bytes) -> Draft:
    """Read a draft file's bytes.

    Raises:
        DraftError: the file is damaged or of a newer format version.
    """
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DraftError(f"not a draft file: {exc}") from None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise DraftError("not a draft file")
    version = record.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise DraftError(f"written by a newer agentui (draft format {version})")
    path, edited_at = record.get("path"), record.get("edited_at")
    if not isinstance(path, str) or not os.path.isabs(path) or not isinstance(edited_at, str):
        raise DraftError("the draft names no file")
    try:
        when = datetime.fromisoformat(edited_at)
    except ValueError:
        raise DraftError("the draft's time is damaged") from None
    base, base_data = None, None
    if isinstance(record.get("base"), dict):
        fields = record["base"].get("snapshot")
        try:
            base = Snapshot(**fields)
        except TypeError:
            raise DraftError("the draft's base snapshot is damaged") from None
        if not isinstance(base.sha256, str):
            raise DraftError("the draft's base snapshot is damaged")
        base_data = _read_content(record["base"].get("content"))
    return Draft(Path(path), _read_content(record.get("content")), base, base_data, when)


class DiskState(Enum):
    """How the agent file on disk relates to a draft of it."""

    UNCHANGED = "unchanged"
    """The file is as it was when the edits were made."""
    CHANGED = "changed"
    """Someone changed the file since: restoring opens a conflict."""
    SAVED = "saved"
    """The file already holds the drafted bytes."""
    MISSING = "missing"
    """The file no longer exists (or cannot be read)."""


def disk_state(draft: Draft) -> DiskState:
    """Compare the file on disk now with ``draft`` (blocking: reads the file)."""
    now = current_snapshot(draft.path)
    if now is None:
        return DiskState.MISSING
    if now.sha256 == hashlib.sha256(draft.data).hexdigest():
        return DiskState.SAVED
    if draft.base is not None and now.sha256 == draft.base.sha256:
        return DiskState.UNCHANGED
    return DiskState.CHANGED


@dataclass(frozen=True, slots=True)
class StoredDraft:
    """A draft of an agentui that ended, as found on disk."""

    draft: Draft
    file: Path
    """The draft's own file, to remove it."""


@dataclass(slots=True)
class DraftListing:
    """What the drafts folder holds, apart from the drafts of running agentuis."""

    drafts: list[StoredDraft] = field(default_factory=list)
    damaged: list[Path] = field(default_factory=list)
    """Draft files that cannot be read; they are kept."""


def _write_atomic(target: Path, data: bytes) -> None:
    """Write a private file (0600) atomically: a temp file, flushed, then renamed."""
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    _fsync_dir(target.parent)


def _lock(fd: int) -> bool:
    """Take the advisory lock of an open lock file without waiting; False when held."""
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class DraftStore:
    """The drafts folder: this agentui's own drafts, and those left by others that ended.

    Every call does file IO: call it from a worker thread.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.owner = f"{os.getpid()}-{secrets.token_hex(6)}"
        """This agentui's folder name under ``folder``."""
        self._lock_fd: int | None = None

    @property
    def own_folder(self) -> Path:
        """Where this agentui's drafts go."""
        return self.folder / self.owner

    def _claim(self) -> None:
        """Create the own folder with its lock held, so nobody takes it for an ended one."""
        if self._lock_fd is not None:
            return
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        staging = self.folder / f".{self.owner}.new"
        staging.mkdir(mode=0o700)
        fd = os.open(staging / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        _lock(fd)
        os.rename(staging, self.own_folder)
        self._lock_fd = fd

    def write(self, draft: Draft) -> Path:
        """Write (or replace) the draft of ``draft.path``, atomically, readable only by the
        user.

        Raises:
            OSError: the draft could not be written.
        """
        self._claim()
        target = self.own_folder / draft_file_name(draft.path)
        _write_atomic(target, encode_draft(draft))
        return target

    def remove(self, path: Path) -> None:
        """Remove this agentui's draft of ``path`` (nothing happens when there is none)."""
        try:
            os.unlink(self.own_folder / draft_file_name(path))
        except FileNotFoundError:
            pass

    def release(self) -> None:
        """Let go of the own folder; it is removed when no draft is left in it."""
        fd, self._lock_fd = self._lock_fd, None
        if fd is None:
            return
        try:
            if not any(p.name.endswith(SUFFIX) for p in self.own_folder.iterdir()):
                os.unlink(self.own_folder / LOCK_NAME)
                os.rmdir(self.own_folder)
        except OSError:
            pass
        finally:
            os.close(fd)

    def listing(self) -> DraftListing:
        """The drafts of every agentui that has ended, newest first; folders of ended
        agentuis with no draft left are removed."""
        found = DraftListing()
        try:
            owners = [p for p in self.folder.iterdir() if not p.name.startswith(".")]
        except OSError:
            return found
        for owner in owners:
            if owner.name == self.owner or not owner.is_dir() or owner.is_symlink():
                continue
            try:
                fd = os.open(owner / LOCK_NAME, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            except FileNotFoundError:
                fd = None
            except OSError:
                continue
            try:
                if fd is not None and not _lock(fd):
                    continue  # an agentui still running owns it
                files = sorted(p for p in owner.iterdir() if p.name.endswith(SUFFIX))
                if not files:
                    if fd is not None:
                        os.unlink(owner / LOCK_NAME)
                    os.rmdir(owner)
                    continue
                for file in files:
                    try:
                        found.drafts.append(StoredDraft(decode_draft(file.read_bytes()), file))
                    except (OSError, DraftError):
                        found.damaged.append(file)
            except OSError:
                continue
            finally:
                if fd is not None:
                    os.close(fd)
        found.drafts.sort(key=lambda stored: stored.draft.edited_at, reverse=True)
        return found

    def discard(self, stored: StoredDraft) -> None:
        """Remove a draft left by an ended agentui (and its folder once empty).

        Raises:
            OSError: the draft could not be removed.
        """
        try:
            os.unlink(stored.file)
        except FileNotFoundError:
            pass
        owner = stored.file.parent
        try:
            if not any(p.name.endswith(SUFFIX) for p in owner.iterdir()):
                try:
                    os.unlink(owner / LOCK_NAME)
                except FileNotFoundError:
                    pass
                os.rmdir(owner)
        except OSError:
            pass
