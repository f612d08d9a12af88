"""Reading the first agents while the app itself is still being loaded and started."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agentui.model.catalog import AgentRecord
    from agentui.model.scopes import Scope

Batch = tuple["list[AgentRecord]", bool]
"""Agents read so far, and whether that is all of them."""
Sink = Callable[[Batch | None], None]
"""Takes each batch, or None when reading failed (then the screen reads the agents)."""

FIRST_BATCH = 60
"""Agents read and shown before the rest: enough to fill the tree pane."""
FIRST_PAINT_WAIT = 2.0
"""Most seconds that reading the other agents, and watching the files, wait for the first
agent's prompt to be drawn."""


class FirstAgents:
    """The catalog read in a thread started before the app is imported.

    The first ``FIRST_BATCH`` agents are read while Python loads Textual and agentui, so the
    screen can show them in its first frame. The rest is read once ``go_on`` is set (the
    first agent is drawn): parsing holds the interpreter and would slow the first paint.
    """

    def __init__(self, scopes: list[Scope]) -> None:
        self.scopes = scopes
        self.go_on = threading.Event()
        """Set when the rest of the agents may be read."""
        self._lock = threading.Lock()
        self._read: list[Batch | None] = []
        self._sink: Sink | None = None
        self._thread = threading.Thread(target=self._run, name="agentui-first-agents", daemon=True)

    def start(self) -> FirstAgents:
        """Start reading; returns self."""
        self._thread.start()
        return self

    def take(self, sink: Sink) -> list[Batch | None]:
        """What has been read so far; whatever is read from now on goes to ``sink``
        (called in the reading thread). None stands for a failure to read."""
        with self._lock:
            read, self._read = self._read, []
            self._sink = sink
        return read

    def _run(self) -> None:
        try:
            from agentui.model.catalog import iter_catalog

            for records, complete in iter_catalog(self.scopes, first=FIRST_BATCH):
                self._deliver((records, complete))
                if not complete:
                    self.go_on.wait(FIRST_PAINT_WAIT)
        except Exception:  # the screen reads the agents again, in its own worker
            self._deliver(None)

    def _deliver(self, batch: Batch | None) -> None:
        with self._lock:
            sink = self._sink
            if sink is None:
                self._read.append(batch)
                return
        sink(batch)
