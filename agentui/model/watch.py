"""Live file watching: what changed on disk, decided from the files themselves.

A change source (the OS watcher through watchfiles, polling when that fails, or a fake in
tests) yields batches of paths that may have changed. A ``Reconciler`` then compares each
path's state on disk (stat and content hash) with the state it knows, so event kinds,
editors' temporary files and the echo of agentui's own saves never decide anything.

Typical use, in an async worker:

    folders = [scope.folder for scope in scopes]
    source = WatchfilesSource(watch_roots(folders, ceilings=[root, home]), folders=folders)
    reconciler = Reconciler(tracked_states, folders=folders)
    async for changes in watch_changes(source, reconciler):
        ...  # one message per batch
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import stat
import time
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from contextlib import aclosing
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Literal, Protocol

from watchfiles import Change as _EventKind
from watchfiles import DefaultFilter, awatch

from agentui.model.discovery import is_agent_file_name, iter_agent_files
from agentui.model.document import Snapshot
from agentui.model.files import MAX_FILE_BYTES, TEMP_SUFFIX, is_temp_name

ChangeKind = Literal["added", "deleted", "modified"]
"""What happened to a path, as a person would say it."""

RACY_NS = 2_000_000_000
"""A file modified this recently (in nanoseconds) is hashed again even if its stat is unchanged:
coarse timestamps can hide a second write of the same size within one clock tick."""

DEFAULT_POLL_MS = 1000
"""How often the polling fallback looks at the files, in milliseconds."""

_IGNORED_DIRS = frozenset(DefaultFilter.ignore_dirs)
_SAVE_TEMP_SUFFIXES = ("___jb_tmp___", "___jb_old___", "~", ".tmp")
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


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _walk_roots(folder: Path, scope: tuple[Path, ...] | None) -> list[Path]:
    """The folders to walk to see every in-scope agent file under ``folder``."""
    if scope is None:
        return [folder]
    roots: list[Path] = []
    for scope_folder in scope:
        if _within(scope_folder, folder):
            roots.append(scope_folder)
        elif _within(folder, scope_folder):
            roots.append(folder)
    return [r for r in dict.fromkeys(roots) if not any(_within(r, o) and r != o for o in roots)]


def _agent_files(folder: Path, scope: tuple[Path, ...] | None) -> Iterator[Path]:
    """Every in-scope agent file under ``folder`` on disk now (none if it is not a folder)."""
    for root in _walk_roots(folder, scope):
        yield from iter_agent_files(root)


class Reconciler:
    """Decides what changed from the files themselves (stat and content hash), never from
    event kinds.

    It is not thread-safe: call it from one thread at a time.
    """

    def __init__(
        self,
        known: Mapping[Path, FileState] | None = None,
        *,
        folders: Iterable[Path] | None = None,
    ) -> None:
        """Start from the states already known, typically those of the loaded files.

        Args:
            known: path to state; ``FileState.from_snapshot`` builds one from a loaded
                document without reading the file again.
            folders: the scope folders. When given, a file outside all of them is never
                reported unless it is known (a watched parent such as ``.claude`` also holds
                ``CLAUDE.md`` and commands). Paths must be spelled as the watcher spells them.
        """
        self._known: dict[Path, FileState] = {p: s for p, s in (known or {}).items() if s.exists}
        self._expected: dict[Path, str] = {}
        self._scope = (
            tuple(Path(os.path.abspath(f)) for f in folders) if folders is not None else None
        )

    @property
    def known(self) -> Mapping[Path, FileState]:
        """The states known now, read-only."""
        return MappingProxyType(self._known)

    def track(self, state: FileState) -> None:
        """Record a path's state, e.g. after loading it; a missing state forgets the path."""
        if state.exists:
            self._known[state.path] = state
        else:
            self._known.pop(state.path, None)

    def forget(self, path: Path) -> None:
        """Stop knowing a path and drop any expected write to it."""
        self._known.pop(path, None)
        self._expected.pop(path, None)

    def expect_write(self, path: Path, sha256: str) -> None:
        """Announce agentui's own save, before writing, so its echo is not a change.

        The next state of ``path`` with this hash is taken silently and the expectation is
        consumed. A state with another hash is reported as usual (and drops the expectation),
        so an external write right after the save is still seen.

        Args:
            path: the path as watched.
            sha256: hex digest of the bytes being written.
        """
        self._expected[path] = sha256

    def reconcile(self, paths: Iterable[Path]) -> list[Change]:
        """Compare the candidate paths of one batch with the disk.

        Agent file names are looked at directly; temporary names are ignored; any other path
        is taken as a folder that may have appeared, vanished or moved, so every agent file
        under it on disk and every known path under it is looked at.

        Args:
            paths: the batch's candidate paths.

        Returns:
            The changes, sorted by path.
        """
        files: set[Path] = set()
        folders: list[Path] = []
        for path in paths:
            path = Path(path)
            if is_agent_file_name(path.name):
                files.add(path)
            elif not is_temp_name(path.name):
                folders.append(path)
        files.update(self._under(folders))
        return self._compare(files)

    def rescan(self, folders: Iterable[Path]) -> list[Change]:
        """Compare everything under ``folders`` with what is known.

        For the polling fallback, periodic checks, a folder created late, or after a burst.
        Known paths under the folders that vanished are reported deleted.

        Args:
            folders: the folders to walk, recursively.

        Returns:
            The changes, sorted by path.
        """
        return self._compare(self._under(list(folders)))

    def _under(self, folders: list[Path]) -> set[Path]:
        found: set[Path] = set()
        for folder in folders:
            found.update(p for p in self._known if _within(p, folder))
            found.update(_agent_files(folder, self._scope))
        return found

    def _in_scope(self, path: Path) -> bool:
        return self._scope is None or any(_within(path, f) for f in self._scope)

    def _compare(self, paths: Iterable[Path]) -> list[Change]:
        changes: list[Change] = []
        for path in sorted(paths):
            old = self._known.get(path)
            if old is None and not self._in_scope(path):
                continue
            change = self._compare_one(path, old)
            if change is not None:
                changes.append(change)
        return changes

    def _compare_one(self, path: Path, old: FileState | None) -> Change | None:
        now = file_state(path, old)
        if not now.exists:
            if old is None:
                return None
            del self._known[path]
            return Change(path, "deleted", now, old)
        self._known[path] = now
        expected = self._expected.get(path)
        if expected is not None:
            if now.regular and now.sha256 == expected:
                del self._expected[path]
                return None
            if old is None or not now.same_content(old):
                del self._expected[path]
        if old is None:
            return Change(path, "added", now)
        if now.same_content(old):
            return None
        return Change(path, "modified", now, old)


def _stands_for(name: str) -> str | None:
    """The agent file name an editor's save-sequence temporary file stands for, if any."""
    if name.endswith(TEMP_SUFFIX):
        return None
    for suffix in _SAVE_TEMP_SUFFIXES:
        if name.endswith(suffix):
            original = name[: -len(suffix)]
            break
    else:
        infix = name.find(".tmp.")
        original = name[:infix] if infix > 0 and name[infix + 5 : infix + 6].isdigit() else ""
    return original if is_agent_file_name(original) else None


def candidate_path(
    raw: str | Path, *, deleted: bool = False, root: Path | None = None
) -> Path | None:
    """The path a watcher event should make the reconciler look at, or None for noise.

    Agent files stand for themselves. Editors' save-sequence temporaries (JetBrains
    ``___jb_tmp___``/``___jb_old___``, ``~`` backups, ``.tmp`` names) stand for the agent
    file they replace. Folders stand for everything under them, and so does a deleted name
    without an extension (it may have been a folder). Everything else is noise: swap and
    lock files, vim's ``4913``, agentui's own temporaries, other files, and anything inside
    ``.git``, ``node_modules`` and the like.

    Args:
        raw: the path the watcher reported.
        deleted: whether the watcher reported it deleted.
        root: the watched root it is under; only the folders below it are checked against
            ``.git``, ``node_modules`` and the like.

    Returns:
        The candidate path, or None.
    """
    path = Path(raw)
    below = path.parts
    if root is not None and _within(path, root):
        below = path.parts[len(root.parts) :]
    if not _IGNORED_DIRS.isdisjoint(below):
        return None
    name = path.name
    if is_agent_file_name(name):
        return path
    if is_temp_name(name):
        original = _stands_for(name)
        return path.with_name(original) if original else None
    if os.path.isdir(path):
        return path
    if deleted and "." not in name.lstrip("."):
        return path
    return None


def _relevant(path: Path, scope: tuple[Path, ...] | None) -> bool:
    """Whether a path is in or above a scope folder (always, without scope folders)."""
    if scope is None:
        return True
    return any(_within(path, f) or _within(f, path) for f in scope)


def _allowed_root(folder: Path, ceilings: list[Path]) -> bool:
    return folder != Path(folder.anchor) and not any(_within(c, folder) for c in ceilings)


def watch_roots(folders: Iterable[Path], *, ceilings: Iterable[Path] | None = None) -> list[Path]:
    """The folders to hand to the OS watcher for some scope folders.

    Each scope folder is watched through its parent when the parent exists, so deleting and
    recreating the folder, or creating it after launch, is still seen. A missing folder is
    watched through its nearest existing ancestor. A folder never gets a root at or above a
    ceiling, nor the filesystem root: watching those recursively would watch everything in
    them, so such a scope folder is watched itself if it exists, else left to periodic
    rescans. No root is inside another.

    Args:
        folders: the scope folders.
        ceilings: folders never watched, nor anything above them; by default the home
            folder. Pass the repository root too for a large repository.

    Returns:
        The roots, sorted.
    """
    if ceilings is None:
        try:
            ceilings = [Path.home()]
        except RuntimeError:
            ceilings = []
    limits = [Path(os.path.abspath(c)) for c in ceilings]
    chosen: set[Path] = set()
    for folder in folders:
        folder = Path(os.path.abspath(folder))
        if folder.parent.is_dir() and _allowed_root(folder.parent, limits):
            chosen.add(folder.parent)
        elif folder.is_dir():
            chosen.add(folder)
        else:
            ancestor = next((a for a in folder.parents if a.is_dir()), None)
            if ancestor is not None and _allowed_root(ancestor, limits):
                chosen.add(ancestor)
    roots: list[Path] = []
    for root in sorted(chosen, key=lambda p: len(p.parts)):
        if not any(_within(root, r) for r in roots):
            roots.append(root)
    return sorted(roots)


class ChangeSource(Protocol):
    """Where batches of possibly changed paths come from.

    Attributes:
        polling: whether the source fell back to polling (show a one-time warning).
        fallback_reason: why it did, in words, or None.
    """

    polling: bool
    fallback_reason: str | None

    def batches(self) -> AsyncIterator[set[Path]]:
        """Each batch is a set of paths that may have changed; a folder stands for
        everything under it."""
        ...


def _signature(path: Path) -> tuple[int, ...] | None:
    try:
        st = os.stat(path)
    except OSError:
        try:
            st = os.lstat(path)
        except OSError:
            return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_mode)


async def _stopped_within(stop: asyncio.Event, seconds: float) -> bool:
    """Wait up to ``seconds`` for ``stop``; whether it is set."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
    return stop.is_set()


class WatchfilesSource:
    """Batches from the OS watcher (watchfiles), falling back to polling when it fails.

    Attributes:
        roots: the watched folders (see ``watch_roots``).
        polling: whether the source fell back to polling.
        fallback_reason: the watcher's error message when it did, else None.
    """

    def __init__(
        self,
        roots: list[Path],
        *,
        step_ms: int = 30,
        debounce_ms: int = 60,
        stop_event: asyncio.Event | None = None,
        force_polling: bool | None = None,
        folders: Iterable[Path] | None = None,
        poll_ms: int = DEFAULT_POLL_MS,
    ) -> None:
        """Configure the watcher; nothing is watched until ``batches`` is iterated.

        Args:
            roots: the folders to watch recursively.
            step_ms: a batch is yielded once no new event came for this long.
            debounce_ms: the longest a batch keeps collecting events.
            stop_event: set it to end ``batches`` (within ``step_ms``, or at once when
                polling).
            force_polling: passed to watchfiles (None reads ``WATCHFILES_FORCE_POLLING``).
            folders: the scope folders; events elsewhere under the roots are dropped.
            poll_ms: the polling fallback's interval.
        """
        self.roots = [Path(os.path.abspath(r)) for r in roots]
        self.polling = False
        self.fallback_reason: str | None = None
        self._step_ms = step_ms
        self._debounce_ms = debounce_ms
        self._stop_event = stop_event
        self._force_polling = force_polling
        self._scope = (
            tuple(Path(os.path.abspath(f)) for f in folders) if folders is not None else None
        )
        self._poll_s = poll_ms / 1000
        self._kept: dict[str, Path] = {}

    def _keep(self, kind: _EventKind, raw: str) -> bool:
        """The watch filter: keep an event when it stands for a relevant candidate path."""
        path = Path(raw)
        if not _relevant(path, self._scope):
            return False
        root = next((r for r in self.roots if _within(path, r)), None)
        candidate = candidate_path(path, deleted=kind == _EventKind.deleted, root=root)
        if candidate is None:
            return False
        self._kept[raw] = candidate
        return True

    async def batches(self) -> AsyncIterator[set[Path]]:
        """Yield batches until the stop event is set or the consumer stops.

        On an ``OSError`` or ``RuntimeError`` from the watcher (watch limit reached, a root
        missing, an internal error) the source switches to polling for good: it sets
        ``polling`` and ``fallback_reason``, yields the roots once (everything may have
        changed meanwhile), then yields the agent files whose stat changed, every
        ``poll_ms``. Iterate it from one consumer at a time.
        """
        stop = self._stop_event if self._stop_event is not None else asyncio.Event()
        if not self.polling:
            try:
                # With ignore_permission_denied, watchfiles watches a missing root silently
                # (and sees nothing there) instead of raising FileNotFoundError.
                for root in self.roots:
                    if not root.is_dir():
                        raise FileNotFoundError(f"the watched folder {root} does not exist")
                watcher = awatch(
                    *self.roots,
                    watch_filter=self._keep,
                    step=self._step_ms,
                    debounce=self._debounce_ms,
                    stop_event=stop,
                    force_polling=self._force_polling,
                    recursive=True,
                    ignore_permission_denied=True,
                )
                async with aclosing(watcher) as events:
                    async for raw_changes in events:
                        batch = {self._kept[raw] for _, raw in raw_changes if raw in self._kept}
                        self._kept.clear()
                        if batch:
                            yield batch
                return
            except (OSError, RuntimeError) as exc:
                self.polling = True
                self.fallback_reason = str(exc) or type(exc).__name__
        async for batch in self._poll(stop):
            yield batch

    async def _poll(self, stop: asyncio.Event) -> AsyncIterator[set[Path]]:
        if stop.is_set():
            return
        seen = await asyncio.to_thread(self._scan)
        yield set(self.roots)
        while not await _stopped_within(stop, self._poll_s):
            now = await asyncio.to_thread(self._scan)
            changed = {p for p in seen.keys() | now.keys() if seen.get(p) != now.get(p)}
            seen = now
            if changed:
                yield changed

    def _scan(self) -> dict[Path, tuple[int, ...]]:
        signatures: dict[Path, tuple[int, ...]] = {}
        for root in self.roots:
            for path in _agent_files(root, self._scope):
                signature = _signature(path)
                if signature is not None:
                    signatures[path] = signature
        return signatures


class FakeSource:
    """A change source for tests: ``push`` a batch, the consumer receives it.

    Attributes:
        polling: settable, to test the fallback warning.
        fallback_reason: settable likewise.
    """

    def __init__(self) -> None:
        """Create an empty source."""
        self.polling = False
        self.fallback_reason: str | None = None
        self._queue: asyncio.Queue[set[Path] | None] = asyncio.Queue()

    def push(self, paths: Iterable[Path | str]) -> None:
        """Queue one batch."""
        self._queue.put_nowait({Path(p) for p in paths})

    def close(self) -> None:
        """End ``batches`` once the queued batches are consumed."""
        self._queue.put_nowait(None)

    async def batches(self) -> AsyncIterator[set[Path]]:
        """Yield the pushed batches in order, until ``close``."""
        while (batch := await self._queue.get()) is not None:
            yield batch


class _Mailbox:
    """Batches posted by a producer task, merged while nobody takes them."""

    def __init__(self) -> None:
        self.pending: set[Path] = set()
        self.closed = False
        self.error: BaseException | None = None
        self._ready = asyncio.Event()

    def post(self, batch: set[Path]) -> None:
        self.pending |= batch
        self._ready.set()

    def close(self, error: BaseException | None = None) -> None:
        self.closed = True
        self.error = error
        self._ready.set()

    async def take(self) -> set[Path] | None:
        """The merged pending batch; None once closed and empty (re-raising a producer error)."""
        await self._ready.wait()
        if self.pending:
            batch, self.pending = self.pending, set()
            if not self.closed:
                self._ready.clear()
            return batch
        if self.error is not None:
            raise self.error
        return None


async def coalesce(
    batches: AsyncIterator[set[Path]], *, quiet_ms: int = 100, max_ms: int = 500
) -> AsyncIterator[set[Path]]:
    """Merge batches that follow each other closely, so a burst becomes few batches.

    Batches also merge while the consumer is busy with the previous one, so a slow consumer
    never falls behind: it always gets everything that happened since its last batch.

    Args:
        batches: the source's batches.
        quiet_ms: a merged batch is yielded once no batch came for this long.
        max_ms: the longest a merged batch keeps collecting.

    Yields:
        The union of each group of batches.
    """
    box = _Mailbox()

    async def pump() -> None:
        try:
            async for batch in batches:
                box.post(batch)
        except Exception as exc:
            box.close(exc)
        else:
            box.close()

    task = asyncio.create_task(pump())
    loop = asyncio.get_running_loop()
    try:
        while (batch := await box.take()) is not None:
            deadline = loop.time() + max_ms / 1000
            while not box.closed:
                remaining = min(quiet_ms / 1000, deadline - loop.time())
                if remaining <= 0:
                    break
                try:
                    more = await asyncio.wait_for(box.take(), remaining)
                except TimeoutError:
                    break
                if more is None:
                    break
                batch |= more
            yield batch
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        close = getattr(batches, "aclose", None)
        if close is not None:
            await close()


async def watch_changes(
    source: ChangeSource, reconciler: Reconciler
) -> AsyncIterator[list[Change]]:
    """Reconcile each batch of a source; yield the non-empty lists of changes.

    Args:
        source: where batches come from.
        reconciler: what decides the changes (and remembers the states).

    Yields:
        The changes of each batch that had any, sorted by path.
    """
    batches = source.batches()
    try:
        async for batch in batches:
            changes = reconciler.reconcile(batch)
            if changes:
                yield changes
    finally:
        close = getattr(batches, "aclose", None)
        if close is not None:
            await close()
