"""Where batches of possibly changed paths come from: the OS watcher, polling, or a fake.

A batch only names paths worth looking at (agent files, the agent files editors' temporary
files stand for, folders); the ``Reconciler`` decides from the disk what changed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Iterable
from contextlib import aclosing
from pathlib import Path
from typing import Protocol

from watchfiles import Change as _EventKind
from watchfiles import DefaultFilter, awatch

from agentui.model.discovery import is_agent_file_name
from agentui.model.files import TEMP_SUFFIX, is_temp_name
from agentui.model.watch_reconcile import agent_files_in, within

DEFAULT_POLL_MS = 1000
"""How often the polling fallback looks at the files, in milliseconds."""

_IGNORED_DIRS = frozenset(DefaultFilter.ignore_dirs)
_SAVE_TEMP_SUFFIXES = ("___jb_tmp___", "___jb_old___", "~", ".tmp")


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
    if root is not None and within(path, root):
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
    return any(within(path, f) or within(f, path) for f in scope)


def _allowed_root(folder: Path, ceilings: list[Path]) -> bool:
    return folder != Path(folder.anchor) and not any(within(c, folder) for c in ceilings)


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
        if not any(within(root, r) for r in roots):
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
        root = next((r for r in self.roots if within(path, r)), None)
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
            for path in agent_files_in(root, self._scope):
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
