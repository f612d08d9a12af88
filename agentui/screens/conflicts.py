"""What the user can do about an agent changed or renamed on disk while it had unsaved edits.

Mixed into the main screen (through ``LiveUpdates``): merging the edits into the file as
changed on disk, and following a file renamed on disk. The banner's other choices (compare,
keep mine, take theirs, save as a copy) are the main screen's.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from agentui.model.buffer import AgentBuffer, text_diff
from agentui.model.catalog import AgentRecord, link_records
from agentui.model.document import AgentDocument
from agentui.model.merge import Merge, three_way
from agentui.model.text import one_line, visible
from agentui.model.watch import Change, FileState, renames
from agentui.widgets.conflict_banner import ConflictBanner

if TYPE_CHECKING:
    from agentui.screens.main import MainScreen


def _key(path: Path) -> Path:
    return Path(os.path.abspath(path))


class MergeScreen(ModalScreen[bool]):
    """The merged file as a diff against the file on disk; applied only on an explicit yes."""

    BINDINGS = [Binding("escape", "answer(False)", "Cancel", id="merge-cancel")]

    def __init__(self, title: str, merge: Merge, diff: str) -> None:
        super().__init__()
        self.title_text = title
        self.merge = merge
        self.diff = diff

    def compose(self) -> ComposeResult:
        head = Text(visible(self.title_text) + "\n\n", style="bold")
        head.append("Your changes: ", style="bold")
        head.append(one_line(", ".join(self.merge.mine) or "none", 200) + "\n")
        head.append("Changes on disk: ", style="bold")
        head.append(one_line(", ".join(self.merge.theirs) or "none", 200) + "\n\n")
        head.append("The file on disk with your changes applied, unsaved until you save:")
        diff = Text()
        for line in self.diff.splitlines()[2:]:
            style = "green" if line.startswith("+") else "red" if line.startswith("-") else ""
            diff.append(visible(line) + "\n", style=style)
        with Vertical(id="dialog"):
            yield Static(head, id="merge-summary")
            with VerticalScroll(id="diff"):
                yield Static(diff)
            with Horizontal(id="buttons"):
                yield Button("Merge", id="yes", variant="primary")
                yield Button("Cancel", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """Close the dialog with ``answer``."""
        self.dismiss(answer)


class ConflictActions:
    """Merge and follow-a-rename, for the main screen."""

    _merge_cache: tuple[AgentDocument, AgentDocument, AgentDocument, Merge] | None = None

    def _conflicts(self) -> MainScreen:
        return self  # type: ignore[return-value]

    @property
    def renamed_to(self) -> dict[Path, Path]:
        """Agents with unsaved edits renamed on disk: old path to new path, until the user
        follows or declines."""
        found: dict[Path, Path] = vars(self).setdefault("_renamed_to", {})
        return found

    @property
    def vanished(self) -> dict[Path, FileState]:
        """Agents with unsaved edits deleted on disk, with the state they had: a file that
        appears later with the same content (in another batch) was renamed."""
        found: dict[Path, FileState] = vars(self).setdefault("_vanished", {})
        return found

    def note_renames(self, changes: list[Change], dirty_deleted: set[Path]) -> None:
        """Remember the renames of agents with unsaved edits, to offer to follow them.

        A rename whose two halves arrive in different batches (the periodic check can see
        the deletion first) is matched by content later.

        Args:
            changes: one batch of changes.
            dirty_deleted: the deleted paths among them that had unsaved edits.
        """
        moved = renames(changes)
        for path in dirty_deleted:
            if path in moved:
                self.renamed_to[path] = moved[path]
            else:
                previous = next(c.previous for c in changes if c.path == path)
                if previous is not None and previous.regular:
                    self.vanished[path] = previous
        for change in changes:
            if change.kind != "added" or change.path in moved.values():
                continue
            self.vanished.pop(change.path, None)
            for old, previous in list(self.vanished.items()):
                if previous.same_content(change.state):
                    self.renamed_to[old] = change.path
                    del self.vanished[old]
                    break

    def offer_choices(self, banner: ConflictBanner, record: AgentRecord) -> None:
        """Show the banner for ``record``: changed, deleted or renamed on disk."""
        target = self._rename_target(record)
        problem = None
        if record.conflict is not None:
            merge = self._merge_of(record)
            problem = merge.problem if merge is not None else "there are no edits to merge"
        banner.show_conflict(
            record.path.name,
            record.conflict is None,
            renamed_to=target.path.name if target is not None else None,
            merge_problem=problem,
        )

    def _rename_target(self, record: AgentRecord) -> AgentRecord | None:
        """The agent ``record`` was renamed to on disk, while the offer to follow stands."""
        new_path = self.renamed_to.get(_key(record.path))
        if new_path is None:
            return None
        target = next((r for r in self._conflicts().records if _key(r.path) == new_path), None)
        if target is None or not record.deleted_on_disk:
            self.renamed_to.pop(_key(record.path), None)
            return None
        return target

    def _merge_of(self, record: AgentRecord) -> Merge | None:
        """The three-way merge of the record's edits into its conflict (computed once)."""
        buffer = self._conflicts().session.get(record.path)
        theirs = record.conflict
        if buffer is None or theirs is None:
            return None
        cached = self._merge_cache
        if (
            cached is not None
            and cached[0] is buffer.saved
            and cached[1] is buffer.current
            and cached[2] is theirs
        ):
            return cached[3]
        merge = three_way(buffer.saved, buffer.current, theirs)
        self._merge_cache = (buffer.saved, buffer.current, theirs, merge)
        return merge

    def on_conflict_banner_chosen(self, event: ConflictBanner.Chosen) -> None:
        """Merge, Follow and Stay (the main screen handles the other choices)."""
        record = self._conflicts().current
        if record is None:
            return
        if event.choice == "merge":
            self._ask_merge(record)
        elif event.choice == "follow":
            self._follow_rename(record)
        elif event.choice == "stay":
            self.renamed_to.pop(_key(record.path), None)
            self._conflicts().show_conflict()

    def _ask_merge(self, record: AgentRecord) -> None:
        screen = self._conflicts()
        buffer = screen.session.get(record.path)
        merge = self._merge_of(record)
        theirs = record.conflict
        if buffer is None or theirs is None or merge is None or merge.document is None:
            problem = merge.problem if merge is not None else "there are no edits to merge"
            screen.notify(f"No merge: {problem}.", severity="warning", markup=False)
            return
        merged = merge.document
        mine = buffer.current
        diff = text_diff(theirs.text, merged.text, record.path.name)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            now = screen.session.get(record.path)
            if record.conflict is not theirs or now is None or now.current is not mine:
                screen.notify(
                    "The file or your edits changed meanwhile; nothing was merged.",
                    severity="warning",
                    markup=False,
                )
                screen.show_conflict()
                return
            screen.session.reopen(record.path, theirs).apply(merged, "merge")
            record.document = theirs
            record.conflict = None
            record.deleted_on_disk = False
            screen.track_records([record])
            link_records(screen.records)
            screen.show_record(record, immediate=True)
            screen.refresh_dirty()

        title = f"Merge {record.relative_path}"
        screen.app.push_screen(MergeScreen(title, merge, diff), answered)

    def _follow_rename(self, record: AgentRecord) -> None:
        """Move the record's unsaved edits to the file it was renamed to on disk."""
        screen = self._conflicts()
        target = self._rename_target(record)
        buffer = screen.session.get(record.path)
        if target is None or buffer is None:
            screen.notify("The renamed file is gone.", severity="warning", markup=False)
            screen.show_conflict()
            return
        other = screen.session.get(target.path)
        if other is not None and other.dirty:
            screen.notify(
                f"{one_line(target.path.name, 80)} has unsaved edits of its own.",
                severity="warning",
                markup=False,
            )
            return
        self.renamed_to.pop(_key(record.path), None)
        theirs = target.document
        new_path = target.path

        def moved(document: AgentDocument) -> AgentDocument:
            return replace(document, path=new_path)

        same = theirs.text == buffer.saved.text
        # The edits are based on the renamed file; if it changed after the rename, the
        # change is a conflict like any other.
        base = theirs if same else moved(buffer.saved)
        screen.session.discard(record.path)
        screen.session.buffers[new_path] = AgentBuffer(
            new_path,
            base,
            moved(buffer.current),
            [(key, moved(doc)) for key, doc in buffer.undo_stack],
            [(key, moved(doc)) for key, doc in buffer.redo_stack],
        )
        target.conflict = None if same else theirs
        screen.records = [r for r in screen.records if r is not record]
        link_records(screen.records)
        tree = screen.query_one("#tree-pane")
        tree.dirty_paths = {b.path for b in screen.session.dirty()}  # type: ignore[attr-defined]
        tree.set_records(screen.records, new_path)  # type: ignore[attr-defined]
        screen.show_record(target, immediate=True)
        screen.refresh_dirty()
