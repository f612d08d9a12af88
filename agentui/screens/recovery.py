"""Recovering unsaved edits: mixed into the main screen, with the dialog that offers them.

While an agent has unsaved edits, a draft of it is kept on disk (``model.drafts``); the
drafts are flushed when the app dies of an exception or a termination signal. On the next
start the drafts of agents in reach are offered: restored, they become the agents' unsaved
edits (a conflict when the file changed meanwhile); nothing is written to an agent file
until the user saves it.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from agentui.model.catalog import AgentRecord
from agentui.model.document import parse_document
from agentui.model.draft_recorder import DraftRecorder
from agentui.model.drafts import DiskState, DraftStore, StoredDraft, disk_state
from agentui.model.files import decode
from agentui.model.text import visible

if TYPE_CHECKING:
    from agentui.screens.main import MainScreen

SYNC_INTERVAL = 0.5
"""Seconds between checks for edits that reached a buffer without a refresh of the screen."""
EXIT_GRACE = 5.0
"""Seconds a termination signal leaves the app to exit before the process ends anyway."""
SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))

Found = list[tuple[StoredDraft, DiskState]]

STATE_WORDS = {
    DiskState.UNCHANGED: ("the file is as it was", ""),
    DiskState.CHANGED: ("the file changed on disk since: it opens as a conflict", "bold yellow"),
    DiskState.SAVED: ("the file already holds these edits", "dim"),
}


def _when(moment: datetime) -> str:
    local = moment.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return f"today {local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


class RecoveryScreen(ModalScreen[str | None]):
    """Offer the drafts an earlier agentui left: "restore", "discard", or None (later)."""

    BINDINGS = [Binding("escape", "later", "Decide later", id="recovery-later")]

    def __init__(self, rows: list[tuple[str, datetime, DiskState]], kept: int, folder: Path):
        super().__init__()
        self.rows = rows
        self.kept = kept
        self.folder = folder

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("Unsaved edits from an earlier session\n\n", style="bold")
        text.append("agentui ended before these edits were saved:\n\n")
        for label, edited_at, state in self.rows:
            words, style = STATE_WORDS.get(state, ("", ""))
            text.append(f"  {visible(label)}", style="bold")
            text.append(f"  edited {_when(edited_at)}\n", style="dim")
            text.append(f"    {words}\n", style=style)
        text.append(
            "\nRestore makes them the agents' unsaved edits again; nothing is written to the "
            "files until you save.\n",
            style="dim",
        )
        if self.kept:
            text.append(
                f"{self.kept} other draft(s), not of agents in reach here, stay in "
                f"{visible(str(self.folder))}.\n",
                style="dim",
            )
        with Vertical(id="dialog"):
            with VerticalScroll(id="drafts"):
                yield Static(text, id="question")
            with Horizontal(id="buttons"):
                yield Button("Restore", id="restore", variant="primary")
                yield Button("Discard", id="discard", variant="error")
                yield Button("Later", id="later")

    def on_mount(self) -> None:
        self.query_one("#restore", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "later" else event.button.id)

    def action_later(self) -> None:
        """Keep the drafts; they are offered again on the next start."""
        self.dismiss(None)


class DraftRecovery:
    """The main screen's drafts of unsaved edits."""

    class DraftsFound(Message):
        """Drafts an ended agentui left for agents in reach, with the state of each file."""

        def __init__(self, found: Found, kept: int) -> None:
            super().__init__()
            self.found = found
            self.kept = kept

    drafts: DraftStore | None = None
    draft_recorder: DraftRecorder | None = None
    _drafts_offered = False
    _draft_failure_shown = False
    _previous_handlers: dict[int, Any]

    def _recovery(self) -> MainScreen:
        return self  # type: ignore[return-value]

    def on_mount(self) -> None:
        """Start keeping drafts; flush them when a termination signal arrives."""
        screen = self._recovery()
        if self.drafts is None:
            return
        self.draft_recorder = DraftRecorder(self.drafts)
        screen.set_interval(SYNC_INTERVAL, self.note_drafts)
        self._previous_handlers = {}
        if not screen.app.is_headless and threading.current_thread() is threading.main_thread():
            loop = asyncio.get_running_loop()
            for signum in SIGNALS:
                self._previous_handlers[signum] = signal.signal(
                    signum, lambda number, frame: self._terminate(loop, number, frame)
                )

    def _terminate(
        self, loop: asyncio.AbstractEventLoop, signum: int, _frame: FrameType | None
    ) -> None:
        """Write the drafts now, then exit as for ctrl+q (and for sure a little later)."""
        self.flush_drafts()
        loop.call_soon_threadsafe(self._recovery().app.exit, None, 128 + signum)
        backstop = threading.Timer(EXIT_GRACE, os._exit, (128 + signum,))
        backstop.daemon = True
        backstop.start()

    def on_unmount(self) -> None:
        """The app is ending, normally or of an error: keep the drafts of unsaved edits."""
        self.flush_drafts()
        if self.draft_recorder is not None:
            try:
                self.draft_recorder.close()
            except Exception:  # never mask the error that ended the app
                pass
        for signum, handler in getattr(self, "_previous_handlers", {}).items():
            signal.signal(signum, handler)

    def note_drafts(self) -> None:
        """Schedule the drafts of the agents whose edits changed (no IO here)."""
        recorder = self.draft_recorder
        if recorder is None:
            return
        recorder.sync(self._recovery().session.buffers.values())
        if recorder.failure and not self._draft_failure_shown:
            self._draft_failure_shown = True
            self._recovery().notify(
                f"Unsaved edits cannot be kept for recovery: {recorder.failure}",
                title="Drafts not written",
                severity="warning",
                markup=False,
            )

    def flush_drafts(self) -> None:
        """Write the drafts of every unsaved edit now (best effort: never raises)."""
        recorder = self.draft_recorder
        if recorder is None:
            return
        try:
            recorder.sync(self._recovery().session.buffers.values())
            recorder.flush()
        except Exception:  # never mask the error that ended the app
            pass

    def discard_drafts(self) -> None:
        """The user quits without saving: remove this session's drafts."""
        if self.draft_recorder is not None:
            self.draft_recorder.discard_all()

    # Offering drafts on start ------------------------------------------------------------------

    def offer_drafts(self) -> None:
        """Once every agent is read: look for drafts an ended agentui left, off the loop."""
        screen = self._recovery()
        if self.drafts is None or self._drafts_offered:
            return
        self._drafts_offered = True
        reach = {Path(os.path.abspath(r.path)) for r in screen.records if screen.editable(r)}
        self._find_drafts(reach)

    @work(thread=True, group="drafts", description="find drafts")
    def _find_drafts(self, reach: set[Path]) -> None:
        assert self.drafts is not None
        listing = self.drafts.listing()
        found: Found = []
        paths: set[Path] = set()
        for stored in listing.drafts:  # newest first: the newest draft of a file is offered
            path = stored.draft.path
            if path in reach and path not in paths:
                paths.add(path)
                found.append((stored, disk_state(stored.draft)))
        kept = len(listing.drafts) + len(listing.damaged) - len(found)
        if found:
            self._recovery().post_message(self.DraftsFound(found, kept))

    def on_draft_recovery_drafts_found(self, event: DraftsFound) -> None:
        """Ask what to do with the drafts found."""
        screen = self._recovery()
        by_path = {Path(os.path.abspath(r.path)): r for r in screen.records}
        found = [(s, state) for s, state in event.found if s.draft.path in by_path]
        if not found or self.drafts is None:
            return
        rows = [
            (by_path[s.draft.path].relative_path, s.draft.edited_at, state) for s, state in found
        ]

        def answered(choice: str | None) -> None:
            if choice == "restore":
                self._restore(found)
            elif choice == "discard":
                self._discard_stored([s for s, _ in found], "Discarded the drafts.")
            else:
                screen.notify(
                    "The drafts are kept; agentui offers them again on the next start.",
                    markup=False,
                )

        screen.app.push_screen(RecoveryScreen(rows, event.kept, self.drafts.folder), answered)

    def _restore(self, found: Found) -> None:
        """Make each draft its agent's unsaved edits; a file changed since opens a conflict."""
        screen = self._recovery()
        by_path = {Path(os.path.abspath(r.path)): r for r in screen.records}
        taken: list[StoredDraft] = []
        for stored, state in found:
            record = by_path.get(stored.draft.path)
            if record is None or not screen.editable(record) or state is DiskState.MISSING:
                continue
            buffer = screen.session.get(record.path)
            if buffer is not None and buffer.dirty:
                continue  # edited again since the start: never replaced, the draft is kept
            if state is DiskState.SAVED or self._restore_one(record, stored, state):
                taken.append(stored)
        screen.refresh_dirty()
        current = screen.current
        if current is not None and any(by_path.get(s.draft.path) is current for s in taken):
            screen.show_record(current, immediate=True)
        screen.show_conflict()
        left = len(found) - len(taken)
        screen.notify(
            f"Restored the unsaved edits of {len(taken)} agent(s); save them with ctrl+s."
            + (f" {left} draft(s) could not be restored and are kept." if left else ""),
            markup=False,
        )
        self.note_drafts()
        self._discard_stored(taken, None)

    def _restore_one(self, record: AgentRecord, stored: StoredDraft, state: DiskState) -> bool:
        screen = self._recovery()
        draft = stored.draft
        kind = record.document.kind
        saved = record.document
        try:
            if state is DiskState.CHANGED and draft.base is not None and draft.base_data:
                saved = parse_document(
                    decode(draft.base_data), record.path, kind=kind, snapshot=draft.base
                )
            edited = parse_document(
                decode(draft.data), record.path, kind=kind, snapshot=saved.snapshot
            )
        except ValueError:
            return False
        screen.session.reopen(record.path, saved).apply(edited, "\0draft")
        if state is DiskState.CHANGED:
            record.conflict = record.document
        return True

    @work(thread=True, group="drafts", description="discard drafts")
    def _discard_stored(self, stored: list[StoredDraft], done: str | None) -> None:
        """Remove drafts an ended agentui left, once this one keeps its own of the same
        edits (restored drafts are written again first, so no moment is without one)."""
        screen = self._recovery()
        if self.draft_recorder is not None:
            self.draft_recorder.flush()
        assert self.drafts is not None
        try:
            for each in stored:
                self.drafts.discard(each)
        except OSError as exc:
            screen.post_message(self.DraftsNotRemoved(str(exc)))
            return
        if done:
            screen.notify(done, markup=False)  # thread-safe

    class DraftsNotRemoved(Message):
        """Drafts could not be removed."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def on_draft_recovery_drafts_not_removed(self, event: DraftsNotRemoved) -> None:
        """Say that drafts stay on disk."""
        self._recovery().notify(
            f"The drafts could not be removed: {event.reason}", severity="warning", markup=False
        )
