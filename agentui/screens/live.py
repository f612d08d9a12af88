"""Following the agent files as other tools change them: mixed into the main screen.

One worker watches the parents of every scope folder. Each batch of paths is reconciled
against what agentui knows (stat and content hash, never the event kinds) and the changed
files are read, off the event loop; the screen then updates the tree and the panes. An
agent with unsaved edits is never reloaded: it gets a banner and the user decides.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from agentui.model.catalog import AgentRecord
from agentui.model.document import AgentDocument
from agentui.model.files import load
from agentui.model.watch import (
    Backoff,
    Change,
    ChangeSource,
    FileState,
    Reconciler,
    WatchfilesSource,
    watch_roots,
)
from agentui.screens.live_apply import DiskChanges
from agentui.widgets.live_status import LiveStatus

if TYPE_CHECKING:
    from agentui.screens.main import MainScreen

SourceFactory = Callable[[list[Path], list[Path]], ChangeSource]
"""Builds the change source from (roots, scope folders): real watchfiles, or a fake in tests."""


RESUMED_AFTER_S = 1.0
"""A restarted watcher that runs this long without failing counts as running again."""


def default_source(roots: list[Path], folders: list[Path]) -> ChangeSource:
    """The OS watcher with short steps, so a change reaches the screen fast.

    watchfiles yields a batch once a step passes with no new event, so a lone change
    arrives one to two steps after it happened: 10 to 20 ms here. A burst still yields at
    least every ``debounce_ms``.
    """
    return WatchfilesSource(roots, folders=folders, step_ms=10, debounce_ms=60)


class LiveUpdates(DiskChanges):
    """The main screen's live view of the files."""

    class FilesChanged(Message):
        """Files changed on disk; each change comes with the file as now read."""

        def __init__(self, changes: list[tuple[Change, AgentDocument | None]]) -> None:
            super().__init__()
            self.changes = changes

    class RootsChanged(Message):
        """A scope folder appeared or went: the watcher must watch other folders."""

    class WatchStatus(Message):
        """The watcher fell back to polling, or stopped."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class WatchPaused(Message):
        """The watcher failed and waits to be restarted, or runs again (``reason`` None)."""

        def __init__(self, reason: str | None, retry_s: float = 0.0) -> None:
            super().__init__()
            self.reason = reason
            self.retry_s = retry_s

    source_factory: SourceFactory | None = default_source
    reconciler: Reconciler | None = None
    watched_roots: list[Path] = []
    reconciler_lock: threading.Lock
    watch_paused: str | None = None
    """Why live updates are paused, while the watcher waits to be restarted."""

    def _live(self) -> MainScreen:
        return self  # type: ignore[return-value]

    def watch_folders(self) -> list[Path]:
        """The folders whose agents are shown: scope folders and plugin files' folders."""
        folders: list[Path] = []
        for scope in self._live().scopes:
            if scope.files is not None:
                folders.extend(f.parent for f in scope.files)
            else:
                folders.append(scope.folder)
        return [Path(os.path.abspath(f)) for f in dict.fromkeys(folders)]

    def current_roots(self) -> list[Path]:
        """The folders to watch now: never above a scope's repository, home or plugin."""
        anchors = {
            Path(os.path.abspath(scope.anchor))
            for scope in self._live().scopes
            if scope.anchor is not None
        }
        return watch_roots(self.watch_folders(), ceilings=sorted(anchors))

    def check_files(self) -> None:
        """Every couple of seconds: restart the watcher when a missing scope folder has
        appeared, and look at what a watcher can miss (files with unsaved edits, symlinks
        to files outside the watched folders). The looking is done in a thread."""
        screen = self._live()
        if self.source_factory is None:
            return
        buffers = screen.session.buffers
        paths = [r.path for r in screen.records]
        dirty = {p for p in paths if (b := buffers.get(p)) is not None and b.dirty}
        self._check_files_worker(paths, dirty, self.watch_paused is not None)

    @work(thread=True, exclusive=True, group="file-check", description="check the files")
    def _check_files_worker(self, paths: list[Path], dirty: set[Path], paused: bool) -> None:
        roots = self.current_roots()
        restart = roots != self.watched_roots
        if restart:
            self._live().post_message(self.RootsChanged())
        looked_at = {Path(os.path.abspath(p)) for p in paths if p in dirty or p.is_symlink()}
        # While the watcher is paused, every folder is looked at: nothing else sees changes.
        rescan = restart or paused
        if looked_at or rescan:
            folders = [Path(os.path.abspath(f)) for f in self.watch_folders()] if rescan else []
            self._check(looked_at, folders)

    @work(thread=True, exclusive=True, group="file-check", description="check the files")
    def _check_worker(self, paths: set[Path], folders: list[Path]) -> None:
        self._check(paths, folders)

    def _check(self, paths: set[Path], folders: list[Path]) -> None:
        """Compare ``paths`` and everything in ``folders`` with what was last seen (in a
        thread)."""
        reconciler = self.reconciler
        if reconciler is None:
            return
        with self.reconciler_lock:
            changes = reconciler.rescan([f for f in folders if f.is_dir()]) if folders else []
            changes += reconciler.reconcile(paths - {c.path for c in changes})
        if changes:
            self._live().post_message(self.FilesChanged(self._read(changes)))

    def on_live_updates_roots_changed(self, _event: RootsChanged) -> None:
        if self.current_roots() != self.watched_roots:
            self.watch_agents()

    def track_records(self, records: list[AgentRecord]) -> None:
        """Tell the reconciler what is on disk now (after a load or reload)."""
        reconciler = self.reconciler
        if reconciler is None:
            return
        with self.reconciler_lock:
            for record in records:
                snapshot = record.summary.snapshot
                path = Path(os.path.abspath(record.path))
                if snapshot is not None:
                    reconciler.track(FileState.from_snapshot(path, snapshot))

    def expect_write(self, path: Path, data: bytes) -> None:
        """agentui is about to write ``data`` to ``path``: not an external change."""
        reconciler = self.reconciler
        if reconciler is not None:
            with self.reconciler_lock:
                reconciler.expect_write(
                    Path(os.path.abspath(path)), hashlib.sha256(data).hexdigest()
                )

    @work(exclusive=True, group="agent-watcher")
    async def watch_agents(self) -> None:
        """Watch every scope folder until the screen closes.

        A failure of the watcher never ends the app: the watcher is restarted after a wait
        that doubles each time (see ``Backoff``), and meanwhile a status line says live
        updates are paused while the periodic check looks at every folder.
        """
        screen = self._live()
        factory = self.source_factory
        if factory is None:
            return
        folders = self.watch_folders()
        roots = self.current_roots()
        self.watched_roots = roots
        if not roots:
            return
        reconciler = self.reconciler
        assert reconciler is not None
        loop = asyncio.get_running_loop()
        backoff = Backoff()
        warned = False
        failures = 0
        while True:
            backoff.started(loop.time())
            resumed = None
            if failures:
                # Catch up with what changed while the watcher was down.
                self._check_worker(set(), [Path(os.path.abspath(f)) for f in folders])
                resumed = loop.call_later(
                    RESUMED_AFTER_S, lambda: screen.post_message(self.WatchPaused(None))
                )
            try:
                source = factory(roots, folders)
                async for batch in source.batches():
                    if source.polling and not warned:
                        warned = True
                        reason = source.fallback_reason or "the file watcher is unavailable"
                        screen.post_message(self.WatchStatus(f"Live updates are polling: {reason}"))
                    changes = await asyncio.to_thread(self._reconcile, reconciler, batch)
                    if changes:
                        screen.post_message(self.FilesChanged(changes))
                return
            except Exception as exc:  # noqa: BLE001 - any failure pauses, never ends the app
                if resumed is not None:
                    resumed.cancel()
                failures += 1
                delay = backoff.failed(loop.time())
                screen.log.error(f"the file watcher failed ({failures}): {exc!r}")
                reason = str(exc) or type(exc).__name__
                screen.post_message(self.WatchPaused(reason, delay))
                await asyncio.sleep(delay)
            finally:
                if resumed is not None:
                    resumed.cancel()

    def _reconcile(
        self, reconciler: Reconciler, batch: set[Path]
    ) -> list[tuple[Change, AgentDocument | None]]:
        with self.reconciler_lock:
            changes = reconciler.reconcile(batch)
        try:
            return self._read(changes)
        except BaseException:
            # Forget what this batch learnt, so that the next look reports these changes.
            with self.reconciler_lock:
                for change in changes:
                    if change.previous is None:
                        reconciler.forget(change.path)
                    else:
                        reconciler.track(change.previous)
            raise

    def _read(self, changes: list[Change]) -> list[tuple[Change, AgentDocument | None]]:
        out: list[tuple[Change, AgentDocument | None]] = []
        for change in changes:
            document = None
            if change.kind != "deleted":
                scope = self._scope_of(change.path)
                kind = None if scope is None or scope.detect_kind else scope.kind
                document = load(change.path, kind=kind)
            out.append((change, document))
        return out

    def on_live_updates_watch_status(self, event: WatchStatus) -> None:
        """Say once that live updates fell back to polling."""
        self._live().notify(event.text, title="Live updates", severity="warning", markup=False)

    def on_live_updates_watch_paused(self, event: WatchPaused) -> None:
        """Show (or hide) the line saying that live updates are paused."""
        from agentui.screens.main import CHECK_INTERVAL

        self.watch_paused = event.reason
        status = self._live().query_one("#live-status", LiveStatus)
        if event.reason is None:
            status.show_running()
        else:
            status.show_paused(event.reason, event.retry_s, CHECK_INTERVAL)
