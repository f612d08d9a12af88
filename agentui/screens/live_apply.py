"""Applying changes on disk to the main screen's agents: mixed in through ``LiveUpdates``.

Clean agents take the file as now read; agents with unsaved edits get the banner (changed,
deleted or renamed on disk). A batch of modifications is applied in place, touching only
the agents it names; one that adds or deletes files rebuilds the list.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from agentui.model.catalog import AgentRecord, link_records
from agentui.model.document import AgentDocument
from agentui.model.scopes import Scope
from agentui.model.watch import renames
from agentui.screens.conflicts import ConflictActions

if TYPE_CHECKING:
    from agentui.screens.live import LiveUpdates
    from agentui.screens.main import MainScreen

PANES_AFTER_S = 0.03
"""After a change on disk, the panes are rebuilt this long after the tree's labels, so the
frame that shows the new labels is small and is drawn first (about two frames)."""


class DiskChanges(ConflictActions):
    """How the main screen takes what the watcher found."""

    def _disk(self) -> MainScreen:
        return self  # type: ignore[return-value]

    def _scope_of(self, path: Path) -> Scope | None:
        best: Scope | None = None
        for scope in self._disk().scopes:
            folder = Path(os.path.abspath(scope.folder))
            inside = scope.files is not None and path in [
                Path(os.path.abspath(f)) for f in scope.files
            ]
            if inside or path.is_relative_to(folder):
                if best is None or len(folder.parts) > len(
                    Path(os.path.abspath(best.folder)).parts
                ):
                    best = scope
        return best

    def on_live_updates_files_changed(self, event: LiveUpdates.FilesChanged) -> None:
        """Apply changes from disk: reload clean agents, flag ones with unsaved edits."""
        screen = self._disk()
        if self._modified_in_place(event):
            return
        records = list(screen.records)
        by_path = {Path(os.path.abspath(r.path)): i for i, r in enumerate(records)}
        selected = screen.current
        reselect: Path | None = None
        removed: list[Path] = []
        moved = renames(change for change, _ in event.changes)
        dirty_deleted: set[Path] = set()
        for change, document in event.changes:
            index = by_path.get(change.path)
            if change.kind == "deleted":
                if index is None:
                    continue
                record = records[index]
                buffer = screen.session.get(record.path)
                if buffer is not None and buffer.dirty:
                    record.deleted_on_disk = True
                    dirty_deleted.add(change.path)
                    continue
                screen.session.discard(record.path)
                removed.append(change.path)
                if selected is not None and Path(os.path.abspath(selected.path)) == change.path:
                    # A file renamed on disk stays selected under its new name.
                    reselect = moved.get(change.path) or self._neighbour(records, index)
                continue
            assert document is not None
            if index is None:
                scope = self._scope_of(change.path)
                if scope is None:
                    continue
                records.append(AgentRecord(scope, change.path, document))
                by_path[change.path] = len(records) - 1
                continue
            self._apply(records[index], document)
        self.note_renames([change for change, _ in event.changes], dirty_deleted)
        if removed:
            gone = set(removed)
            records = [r for r in records if Path(os.path.abspath(r.path)) not in gone]
        records.sort(
            key=lambda r: (
                screen.scopes.index(r.scope) if r.scope in screen.scopes else 99,
                str(r.path),
            )
        )
        link_records(records)
        screen.records = records
        tree = screen.query_one("#tree-pane")
        tree.dirty_paths = {b.path for b in screen.session.dirty()}  # type: ignore[attr-defined]
        tree.set_records(records, reselect)  # type: ignore[attr-defined]
        current = screen.current
        if current is not None and any(r is current for r in records) and reselect is None:
            screen.show_record(current, keep_scroll=True)
        screen.show_conflict()

    def _apply(self, record: AgentRecord, document: AgentDocument) -> None:
        """Take the file as now on disk: reload a clean agent, flag one with unsaved edits."""
        screen = self._disk()
        record.deleted_on_disk = False
        self.renamed_to.pop(Path(os.path.abspath(record.path)), None)
        self.vanished.pop(Path(os.path.abspath(record.path)), None)
        buffer = screen.session.get(record.path)
        if buffer is not None and buffer.dirty:
            if document.text != buffer.saved.text:
                record.conflict = document
            return
        screen.session.discard(record.path)
        record.document = document
        record.conflict = None

    def _modified_in_place(self, event: LiveUpdates.FilesChanged) -> bool:
        """Apply a batch of modifications to known agents without rebuilding the tree.

        Only what the batch touched is worked on: the agents are found by their paths as
        recorded, and a changed name works out shadowing again and redraws the labels.

        Returns:
            False (nothing applied) when the batch adds or deletes files, or names a file
            whose path is recorded in another spelling.
        """
        screen = self._disk()
        if any(c.kind != "modified" or d is None for c, d in event.changes):
            return False
        by_path = {r.path: r for r in screen.records}
        updates: list[tuple[AgentRecord, AgentDocument]] = []
        for change, document in event.changes:
            record = by_path.get(change.path)
            if record is None or document is None:
                return False
            updates.append((record, document))
        names = [record.name for record, _ in updates]
        for record, document in updates:
            self._apply(record, document)
        renamed = {
            (old, record.name)
            for (record, _), old in zip(updates, names, strict=True)
            if record.name != old
        }
        tree = screen.query_one("#tree-pane")
        if renamed and self._names_shared(screen.records, renamed):
            link_records(screen.records)
            tree.refresh_labels()  # type: ignore[attr-defined]
        else:
            tree.refresh_labels({record.path for record, _ in updates})  # type: ignore[attr-defined]
        current = screen.current
        if current is not None and any(record is current for record, _ in updates):
            # The tree's new labels are drawn first; the panes follow a frame or two later.
            def show() -> None:
                if screen.current is current:
                    screen.show_record(current, keep_scroll=True)

            screen.set_timer(PANES_AFTER_S, show)
        else:
            screen.show_conflict()
        return True

    @staticmethod
    def _names_shared(records: list[AgentRecord], renamed: set[tuple[str, str]]) -> bool:
        """Whether renaming agents can change which ones shadow or duplicate each other:
        another agent has an old name still, or a new name is taken more than once."""
        old_names = {old for old, _ in renamed}
        new_names = {new for _, new in renamed}
        taken: dict[str, int] = {}
        for record in records:
            name = record.name
            if name in old_names:
                return True
            if name in new_names:
                taken[name] = taken.get(name, 0) + 1
                if taken[name] > 1:
                    return True
        return False

    @staticmethod
    def _neighbour(records: list[AgentRecord], index: int) -> Path | None:
        for offset in (1, -1, 2, -2):
            other = index + offset
            if 0 <= other < len(records):
                return records[other].path
        return None
