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

The parts live in their own modules and are re-exported here: ``watch_state`` (a path's
state, changes, renames), ``watch_reconcile`` (the ``Reconciler``) and ``watch_sources``
(the OS watcher, polling and the fake). This module merges batches and runs the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from agentui.model.watch_reconcile import Reconciler
from agentui.model.watch_sources import (
    DEFAULT_POLL_MS,
    ChangeSource,
    FakeSource,
    WatchfilesSource,
    candidate_path,
    watch_roots,
)
from agentui.model.watch_state import RACY_NS, Change, ChangeKind, FileState, file_state, renames

__all__ = [
    "Backoff",
    "DEFAULT_POLL_MS",
    "RACY_NS",
    "Change",
    "ChangeKind",
    "ChangeSource",
    "FakeSource",
    "FileState",
    "Reconciler",
    "WatchfilesSource",
    "candidate_path",
    "coalesce",
    "file_state",
    "renames",
    "watch_changes",
    "watch_roots",
]


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


@dataclass(slots=True)
class Backoff:
    """How long to wait before restarting a watcher that failed.

    The wait doubles after each failure, up to ``max_s``, and starts again from ``first_s``
    once a run lasted ``healthy_s`` without failing. Times come from the caller's clock
    (e.g. ``loop.time()``), so tests need no sleeps.

    Attributes:
        first_s: the wait after the first failure.
        max_s: the longest wait.
        healthy_s: a run this long resets the wait.
    """

    first_s: float = 0.5
    max_s: float = 30.0
    healthy_s: float = 60.0
    _next_s: float | None = field(default=None, init=False)
    _started: float | None = field(default=None, init=False)

    def started(self, now: float) -> None:
        """A run of the watcher begins at ``now``."""
        self._started = now

    def failed(self, now: float) -> float:
        """The run that began last failed at ``now``.

        Returns:
            Seconds to wait before the next start.
        """
        healthy = self._started is not None and now - self._started >= self.healthy_s
        self._started = None
        if self._next_s is None or healthy:
            self._next_s = self.first_s
        delay = self._next_s
        self._next_s = min(self._next_s * 2, self.max_s)
        return delay
