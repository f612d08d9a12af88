"""Keeping the drafts of unsaved edits on disk: a short while after the last edit, written by
a thread of its own so that the caller never waits on the disk."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from agentui.model.buffer import AgentBuffer
from agentui.model.document import AgentDocument
from agentui.model.drafts import Draft, DraftStore

DELAY = 1.0
"""Seconds after the last edit of a file before its draft is written."""
RETRY = 5.0
"""Seconds before a draft that could not be written is tried again."""


@dataclass(frozen=True, slots=True)
class _Job:
    generation: int
    """Jobs are numbered as scheduled; an older job never overwrites a newer one's result."""
    due: float
    build: Callable[[], Draft] | None
    """Builds the draft to write; None removes the draft."""


def _builder(path: Path, current: AgentDocument, saved: AgentDocument) -> Callable[[], Draft]:
    """The draft of an edit, built later (off the event loop) from immutable documents."""
    edited_at = datetime.now(UTC)
    return lambda: Draft(path, current.to_bytes(), saved.snapshot, saved.to_bytes(), edited_at)


class DraftRecorder:
    """Writes a draft of every buffer with unsaved edits, and removes it once they are
    saved, undone or dropped.

    ``sync`` is cheap and does no IO: call it after every edit. ``flush`` writes whatever is
    waiting at once, in the calling thread (on a crash or a termination signal).
    """

    def __init__(self, store: DraftStore, delay: float = DELAY) -> None:
        self.store = store
        self.delay = delay
        self.failure: str | None = None
        """Why the last draft could not be written (None once one is written again)."""
        self._cond = threading.Condition(threading.RLock())
        self._io = threading.RLock()
        self._pending: dict[Path, _Job] = {}
        self._done: dict[Path, int] = {}
        self._seen: dict[Path, tuple[AgentDocument, AgentDocument]] = {}
        self._generation = 0
        self._thread: threading.Thread | None = None
        self._stopped = False
        self._frozen = False

    def sync(self, buffers: Iterable[AgentBuffer]) -> None:
        """Schedule a draft for each buffer whose edits changed since the last call, and the
        removal of the drafts of buffers that are clean again or gone."""
        with self._cond:
            if self._frozen or self._stopped:
                return
            live: dict[Path, tuple[AgentDocument, AgentDocument]] = {}
            for buffer in list(buffers):
                key = Path(os.path.abspath(buffer.path))
                state = (buffer.current, buffer.saved)
                seen = self._seen.get(key)
                if seen is not None and seen[0] is state[0] and seen[1] is state[1]:
                    live[key] = seen
                elif buffer.dirty:
                    live[key] = state
                    self._schedule(key, _builder(key, *state), self.delay)
            for key in self._seen.keys() - live.keys():
                self._schedule(key, None, 0.0)
            self._seen = live

    def discard_all(self) -> None:
        """Remove every draft of this session, and keep no more (the user quit without
        saving)."""
        with self._cond:
            for key in self._seen:
                self._schedule(key, None, 0.0)
            self._seen = {}
            self._frozen = True

    def _schedule(self, key: Path, build: Callable[[], Draft] | None, delay: float) -> None:
        with self._cond:
            self._generation += 1
            self._pending[key] = _Job(self._generation, time.monotonic() + delay, build)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="agentui-drafts", daemon=True
                )
                self._thread.start()
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                while True:
                    if self._stopped:
                        return
                    now = time.monotonic()
                    due = [key for key, job in self._pending.items() if job.due <= now]
                    if due:
                        break
                    soonest = min((job.due for job in self._pending.values()), default=None)
                    self._cond.wait(None if soonest is None else soonest - now)
                jobs = [(key, self._pending.pop(key)) for key in due]
            for key, job in jobs:
                if not self._perform(key, job):
                    with self._cond:
                        if key not in self._pending:
                            retry = _Job(job.generation, time.monotonic() + RETRY, job.build)
                            self._pending[key] = retry

    def _perform(self, key: Path, job: _Job) -> bool:
        """Write or remove one draft; False when the disk refused."""
        with self._io:
            if job.generation <= self._done.get(key, 0):
                return True
            try:
                if job.build is None:
                    self.store.remove(key)
                else:
                    self.store.write(job.build())
            except OSError as exc:
                self.failure = f"{exc.strerror or exc} ({exc.filename or self.store.folder})"
                return False
            self._done[key] = job.generation
            if job.build is not None:
                self.failure = None
            return True

    def flush(self) -> None:
        """Write and remove, now and in this thread, every draft that is waiting."""
        with self._cond:
            jobs = sorted(self._pending.items(), key=lambda item: item[1].generation)
            self._pending.clear()
        for key, job in jobs:
            self._perform(key, job)

    def close(self, timeout: float = 2.0) -> None:
        """Stop the writer thread, write what is waiting and let go of the drafts folder.

        The drafts of edits still unsaved stay on disk, to be offered on the next start.
        """
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        self.flush()
        self.store.release()
