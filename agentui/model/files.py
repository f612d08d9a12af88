"""Reading agent files safely and saving them atomically."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

from agentui.model import diagnostics as d
from agentui.model.attributes import copy_xattrs, keep_owner
from agentui.model.document import (
    AgentDocument,
    Snapshot,
    parse_document,
    unreadable_document,
)
from agentui.model.save_checks import outside_target, read_only_reason
from agentui.model.schema import Kind

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Files larger than this are not read."""
TEMP_SUFFIX = ".agentui-tmp"
"""Suffix of agentui's temporary files; never taken for an agent."""


_TMP_INFIX = re.compile(r"\.tmp\.\d")


def _reason(exc: OSError) -> str:
    """An OSError's reason in words, even when it was raised with only a number."""
    if exc.strerror:
        return exc.strerror
    if exc.errno:
        return os.strerror(exc.errno)
    return str(exc) or type(exc).__name__


class SaveError(Exception):
    """A save did not happen; the file on disk is as it was."""


class ConflictError(SaveError):
    """The file changed on disk since it was read."""


class ReadOnlyError(SaveError):
    """The file, its folder or its file system may not be written; a copy elsewhere may."""


class TargetOutsideError(SaveError):
    """The file resolves to a file outside its agents folder, or to one that is not Markdown.

    Attributes:
        target: the file a save would write, shown to the user for an explicit confirmation.
        reason: why it needs one, as a clause (``it is not a Markdown file``).
    """

    def __init__(self, message: str, target: Path, reason: str) -> None:
        super().__init__(message)
        self.target = target
        self.reason = reason


_REFUSED = (errno.EACCES, errno.EPERM, errno.EROFS)
"""Reasons a write is refused for good: permissions or a read-only file system."""


def _refusal(message: str, exc: OSError) -> SaveError:
    """The save error for ``exc``: ReadOnlyError when writing is not allowed at all."""
    error = ReadOnlyError if exc.errno in _REFUSED else SaveError
    return error(f"{message}: {_reason(exc)}")


def is_temp_name(name: str) -> bool:
    """Whether a file name is an editor's or agentui's temporary file, not an agent."""
    return bool(
        name.endswith((TEMP_SUFFIX, "~", ".swp", ".swx", ".swo", "___jb_tmp___", "___jb_old___"))
        or name.endswith(".tmp")
        or name.startswith(".#")
        or (name.startswith("#") and name.endswith("#"))
        or name == "4913"
        or _TMP_INFIX.search(name)
    )


def _snapshot(st: os.stat_result, data: bytes) -> Snapshot:
    return Snapshot(
        st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, stat.S_IMODE(st.st_mode),
        hashlib.sha256(data).hexdigest(),
    )  # fmt: skip


def _read_regular(path: Path) -> tuple[bytes, os.stat_result]:
    """Read a regular file without ever blocking on a FIFO or device.

    Raises:
        OSError: with a message a person understands.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise OSError(
                errno.ENOENT, f"broken symlink: it points to {os.readlink(path)}, which is missing"
            ) from None
        raise OSError(errno.ENOENT, "the file does not exist") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, "symlink loop: the link points back to itself") from None
        raise
    if stat.S_ISDIR(st.st_mode):
        raise OSError(errno.EISDIR, "this is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise OSError(errno.EINVAL, "not a regular file (a FIFO, socket or device)")
    if st.st_size > MAX_FILE_BYTES:
        raise OSError(
            errno.EFBIG,
            f"too large: {st.st_size / 1024 / 1024:.1f} MiB (agentui reads files up to "
            f"{MAX_FILE_BYTES // 1024 // 1024} MiB)",
        )
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a FIFO, socket or device)")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                raise OSError(errno.EFBIG, "too large: the file grew past 10 MiB while read")
            chunks.append(chunk)
        return b"".join(chunks), st
    finally:
        os.close(fd)


def decode(data: bytes) -> str:
    """Decode a file's bytes as UTF-8, refusing binary and other encodings.

    Raises:
        ValueError: with a message naming what the bytes are.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("not UTF-8: the file is UTF-16 (it starts with a UTF-16 byte order mark)")
    if b"\x00" in data[:8192] or data.startswith(b"\x89PNG"):
        raise ValueError("binary file: it holds bytes that are not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ValueError(
            f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} (line {line}) is "
            "not valid UTF-8"
        ) from None


def load(path: str | os.PathLike[str], kind: Kind | None = None) -> AgentDocument:
    """Read and parse one agent file. Never raises for a bad file: it is judged unreadable.

    Args:
        path: the file.
        kind: force a kind instead of detecting it.

    Returns:
        The document, with a snapshot of the file as read.
    """
    path = Path(path)
    try:
        data, st = _read_regular(path)
    except PermissionError:
        return unreadable_document(
            path, d.error("unreadable", "Permission denied: agentui cannot read this file."), kind
        )
    except OSError as exc:
        code = "too-large" if exc.errno == errno.EFBIG else "unreadable"
        reason = exc.strerror or str(exc)
        return unreadable_document(path, d.error(code, reason[:1].upper() + reason[1:] + "."), kind)
    try:
        text = decode(data)
    except ValueError as exc:
        code = "binary" if str(exc).startswith("binary") else "not-utf8"
        message = str(exc)
        return unreadable_document(
            path, d.error(code, message[:1].upper() + message[1:] + "."), kind
        )
    return parse_document(text, path, kind=kind, snapshot=_snapshot(st, data))


def current_snapshot(path: str | os.PathLike[str]) -> Snapshot | None:
    """The snapshot of the file on disk now, or None when it cannot be read."""
    try:
        data, st = _read_regular(Path(path))
    except OSError:
        return None
    return _snapshot(st, data)


def resolve_target(path: Path) -> Path:
    """The file a save writes to: the end of a symlink chain, never the link itself.

    Raises:
        SaveError: the link is broken or loops.
    """
    try:
        target = Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        if os.path.islink(path):
            raise SaveError(
                f"{path} is a broken symlink (to {os.readlink(path)}); agentui will not create "
                "its target"
            ) from None
        raise SaveError(f"{path} no longer exists") from None
    except OSError as exc:
        raise SaveError(f"{path}: {_reason(exc)}") from None
    return target


def save_bytes(
    path: str | os.PathLike[str],
    data: bytes,
    expected: Snapshot | None,
    *,
    force: bool = False,
    folder: Path | None = None,
    confirmed_target: Path | None = None,
    warnings: list[str] | None = None,
    before_replace: Callable[[Path], None] | None = None,
) -> Snapshot:
    """Replace a file's bytes atomically, refusing to overwrite changes made elsewhere.

    The bytes go to a temporary file in the target's own directory, are flushed to disk,
    take the original's mode, owner and group (as far as allowed) and extended attributes,
    then replace the target in one rename; the directory is flushed last. A symlink stays
    a link: its target is written. Nothing is written when the bytes on disk are already
    ``data``, nor when the file is read-only.

    Args:
        path: the file to write.
        data: the new bytes.
        expected: the snapshot taken when the file was read; None skips the check.
        force: write even if the file changed on disk since ``expected``.
        folder: the agents folder ``path`` belongs to; a target outside it, or not a
            Markdown file, is written only when it is ``confirmed_target``.
        confirmed_target: the resolved target the user agreed to write.
        warnings: receives a sentence for each thing the saved file could not keep
            (owner, group, an extended attribute); the save still happens.
        before_replace: test hook called with the temp path just before the rename.

    Returns:
        The snapshot of the file as written.

    Raises:
        ConflictError: the file changed on disk (and ``force`` is False).
        TargetOutsideError: ``path`` leads outside ``folder`` and that was not confirmed.
        ReadOnlyError: the file, its folder or the file system may not be written.
        SaveError: any other reason the save did not happen; the file is untouched.
    """
    target = resolve_target(Path(path))
    if folder is not None:
        outside = outside_target(target, folder)
        if outside is not None and outside.target != confirmed_target:
            raise TargetOutsideError(
                f"{path} leads to {outside.target}: {outside.reason}", *outside
            )
    try:
        current, st = _read_regular(target)
    except OSError as exc:
        raise SaveError(f"cannot read {target} before saving: {_reason(exc)}") from None
    if current == data:
        return _snapshot(st, current)
    if (
        expected is not None
        and not force
        and hashlib.sha256(current).hexdigest() != expected.sha256
    ):
        raise ConflictError(f"{path} changed on disk since it was read")
    if st.st_nlink > 1 and not force:
        raise SaveError(
            f"{path} has {st.st_nlink} hard links; saving would split them (agentui keeps them)"
        )
    read_only = read_only_reason(Path(path), target, st)
    if read_only is not None:
        raise ReadOnlyError(read_only)
    directory = target.parent
    temp = directory / f".{target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    try:
        fd = os.open(
            temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600
        )
    except OSError as exc:
        raise _refusal(f"cannot write in {directory}", exc) from None
    kept: list[str] = []
    try:
        try:
            _write_all(fd, data)
            os.fchmod(fd, stat.S_IMODE(st.st_mode))
            kept += keep_owner(fd, st)
            kept += copy_xattrs(fd, target)
            os.fsync(fd)
        finally:
            os.close(fd)
        if before_replace is not None:
            before_replace(temp)
        os.replace(temp, target)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _refusal(f"could not save {path}", exc) from None
        raise
    _fsync_dir(directory)
    if warnings is not None:
        warnings += kept
    return _snapshot(os.stat(target), data)


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte, however many calls a short write takes."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.EIO, "the disk accepted no more bytes")
        view = view[written:]


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def create_file(path: str | os.PathLike[str], data: bytes) -> Snapshot:
    """Create a new file atomically; never overwrite, never follow a planted symlink.

    The bytes are written to a temporary file, which is then hard-linked to ``path``
    (fails if anything, even a dangling symlink, is there) and removed. The new file's
    mode follows the umask, like any new file.

    Raises:
        SaveError: ``path`` exists or the directory is not writable.
    """
    target = Path(path)
    directory = target.parent
    temp = directory / f".{target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    try:
        fd = os.open(
            temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666
        )
    except OSError as exc:
        raise SaveError(f"cannot write in {directory}: {_reason(exc)}") from None
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.link(temp, target, follow_symlinks=False)
    except FileExistsError:
        raise SaveError(f"{target} already exists; agentui never overwrites a file") from None
    except OSError as exc:
        raise SaveError(f"could not create {target}: {_reason(exc)}") from None
    finally:
        try:
            os.unlink(temp)
        except OSError:
            pass
    _fsync_dir(directory)
    data_now, st = _read_regular(target)
    return _snapshot(st, data_now)
