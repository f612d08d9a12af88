"""The main screen: tree, frontmatter and preview panes, and the routing between them."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlparse

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header

from agentui.model.buffer import AgentBuffer
from agentui.model.catalog import AgentRecord, iter_catalog, link_records
from agentui.model.drafts import DraftStore
from agentui.model.edit import EditError
from agentui.model.files import (
    ConflictError,
    ReadOnlyError,
    SaveError,
    TargetOutsideError,
    load,
)
from agentui.model.leftovers import remove_stale_temps
from agentui.model.scopes import Scope
from agentui.model.session import EditSession
from agentui.model.text import one_line, visible
from agentui.model.watch import Reconciler
from agentui.screens.dialogs import ConfirmScreen
from agentui.screens.editing import EditingActions
from agentui.screens.first_agents import FIRST_BATCH, FIRST_PAINT_WAIT, Batch, FirstAgents
from agentui.screens.live import LiveUpdates, SourceFactory, default_source
from agentui.screens.recovery import DraftRecovery
from agentui.widgets.agent_tree import AgentTree
from agentui.widgets.conflict_banner import ConflictBanner
from agentui.widgets.field_row import REMOVE, FieldRow
from agentui.widgets.frontmatter_pane import FrontmatterPane
from agentui.widgets.key_footer import KeyFooter
from agentui.widgets.live_status import LiveStatus
from agentui.widgets.preview_pane import PreviewPane

CHECK_INTERVAL = 2.0
"""Seconds between checks of what a file watcher can miss."""
NARROW_WIDTH = 110
"""Below this many columns the frontmatter and preview panes stack."""


class MainScreen(EditingActions, LiveUpdates, DraftRecovery, Screen[None]):
    """Every agent in reach: pick one on the left, read and edit it on the right."""

    AUTO_FOCUS = "#agents"
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("ctrl+z", "undo", "Undo", show=False, id="undo"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="redo"),
        Binding("d", "diff", "Diff", id="diff"),
        Binding("b", "edit_body", "Edit prompt", id="edit-body"),
        Binding("e", "external_editor", "$EDITOR", show=False, id="external-editor"),
        Binding("n", "new_agent", "New", id="new-agent"),
        Binding("c", "duplicate_agent", "Duplicate", show=False, id="duplicate-agent"),
        Binding("f2", "rename_agent", "Rename", show=False, id="rename-agent"),
        Binding("m", "move_agent", "Move", show=False, id="move-agent"),
        Binding("delete", "delete_agent", "Delete", show=False, id="delete-agent"),
        Binding("p", "make_portable", "Make portable", show=False, id="make-portable"),
        Binding("r", "toggle_raw", "Raw", id="toggle-raw"),
        Binding("f", "toggle_frontmatter", "Fields", show=False, id="toggle-frontmatter"),
        Binding("ctrl+b", "toggle_tree", "Tree", show=False, id="toggle-tree"),
        Binding(
            "left_square_bracket", "resize_tree(-4)", "Narrower", show=False, id="tree-narrower"
        ),  # noqa: E501
        Binding("right_square_bracket", "resize_tree(4)", "Wider", show=False, id="tree-wider"),
    ]

    class CatalogLoaded(Message):
        """The agents were read from disk."""

        def __init__(
            self, records: list[AgentRecord], select: Path | None = None, complete: bool = True
        ) -> None:
            super().__init__()
            self.records = records
            self.select = select
            self.complete = complete

    def __init__(
        self,
        scopes: list[Scope],
        *,
        source_factory: SourceFactory | None = default_source,
        drafts: DraftStore | None = None,
        first_agents: FirstAgents | None = None,
    ) -> None:
        super().__init__()
        self.drafts = drafts
        self.first_agents = first_agents
        """The agents, being read since before the app started (else read on mount)."""
        self.scopes = scopes
        self.records: list[AgentRecord] = []
        self.session = EditSession()
        self.current: AgentRecord | None = None
        self.tree_width = 38
        self.source_factory = source_factory
        self._watching = False
        self._tidied = False
        self.reconciler_lock = threading.Lock()
        self.reconciler = Reconciler(folders=self.watch_folders())
        self.first_drawn = threading.Event()
        """Set once the first agent's prompt is on the screen."""
        self._follow_pending = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            yield AgentTree(id="tree-pane")
            with Vertical(id="right"):
                yield ConflictBanner(id="conflict")
                with Container(id="reading"):
                    yield FrontmatterPane(id="frontmatter-pane")
                    yield PreviewPane(id="preview-pane")
        yield LiveStatus(id="live-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#tree-pane", AgentTree).border_title = "Agents"
        frontmatter = self.query_one("#frontmatter-pane", FrontmatterPane)
        frontmatter.border_title = "Frontmatter"
        # The first agent's editors wait until its prompt is drawn.
        frontmatter.held = True
        self._apply_tree_width()
        if self.first_agents is None:
            self.load_agents()
        else:
            # Agents read already are shown in the first frame; the others come as messages.
            for batch in self.first_agents.take(self._agents_read):
                self._agents_read(batch, at_once=True)

    def _agents_read(self, batch: Batch | None, *, at_once: bool = False) -> None:
        """A batch of ``first_agents`` (None: it failed, so read them again)."""
        if batch is None:
            if at_once:
                self.load_agents()
            else:
                self.app.call_from_thread(self.load_agents)
            return
        records, complete = batch
        message = self.CatalogLoaded(records, complete=complete)
        if at_once:
            self._loaded(message)
        else:
            self.post_message(message)

    @work(thread=True, exclusive=True, group="load-agents", description="read the agents")
    def load_agents(self, select: Path | None = None) -> None:
        """Read every agent of every scope, off the event loop; the first ones show early."""
        for records, complete in iter_catalog(
            self.scopes, first=FIRST_BATCH if not self.records else 0
        ):
            self.post_message(self.CatalogLoaded(records, select, complete))
            if not complete:
                # Parsing holds the interpreter's lock and would slow the first paint.
                self.first_drawn.wait(FIRST_PAINT_WAIT)

    @work(thread=True, group="remove-stale-temps")
    def remove_leftover_temps(self) -> None:
        """Remove agentui's own temporary files that a crash left in the writable scopes."""
        remove_stale_temps([scope.folder for scope in self.scopes if not scope.read_only])

    @on(CatalogLoaded)
    def _loaded(self, event: CatalogLoaded) -> None:
        records = event.records
        for index, record in enumerate(records):
            buffer = self.session.get(record.path)
            if (
                buffer is not None
                and not buffer.dirty
                and buffer.saved.text != record.document.text
            ):
                self.session.discard(record.path)
            records[index] = record
        self.records = records
        self.track_records(records)
        tree = self.query_one("#tree-pane", AgentTree)
        tree.dirty_paths = {b.path for b in self.session.dirty()}
        tree.set_records(records, event.select)
        if not event.complete:
            return
        if self.first_drawn.is_set():
            self._follow_files()
        else:
            self._follow_pending = True
            self.set_timer(FIRST_PAINT_WAIT, self._first_prompt_drawn)
        if not records:
            self._empty_state()
        elif self.focused is None:
            tree.agents.focus()

    @on(PreviewPane.Drawn)
    def _first_prompt_drawn(self) -> None:
        if not self.first_drawn.is_set():
            self.first_drawn.set()
            if self.first_agents is not None:
                self.first_agents.go_on.set()
            self.query_one("#frontmatter-pane", FrontmatterPane).release()
        if self._follow_pending:
            self._follow_pending = False
            self._follow_files()

    def _follow_files(self) -> None:
        """Once every agent is read and the first is drawn: drafts, tidying, the watcher."""
        self.offer_drafts()
        if not self._tidied:
            self._tidied = True
            self.remove_leftover_temps()
        if not self._watching and self.source_factory is not None:
            self._watching = True
            self.watch_agents()
            # Catch up with files changed while the catalog was being read.
            self._check_worker(set(), [Path(os.path.abspath(f)) for f in self.watch_folders()])
            self.set_interval(CHECK_INTERVAL, self.check_files)

    def _empty_state(self) -> None:
        text = Text()
        text.append("No agents in reach.\n\n", style="bold")
        text.append("agentui looked in:\n")
        for scope in self.scopes:
            text.append(f"  {visible(scope.shown_as or str(scope.folder))}", style="bold")
            text.append(f"  ({scope.label})\n", style="dim")
        text.append("\nCreate your first agent: press n, or\n\n", style="bold")
        text.append("  mkdir -p .claude/agents\n", style="italic")
        text.append("  and write .claude/agents/my-agent.md:\n\n", style="italic")
        text.append(
            "  ---\n  name: my-agent\n  description: When Claude should use this agent.\n"
            "  model: inherit\n  ---\n\n  You are ... (the agent's prompt)\n"
        )
        text.append("\nOr try the demo set: agentui --demo\n", style="dim")
        self.current = None
        self.query_one("#frontmatter-pane", FrontmatterPane).show_message(text)
        self.query_one("#preview-pane", PreviewPane).show(None)

    # Selection -----------------------------------------------------------------------

    def editable(self, record: AgentRecord) -> bool:
        """Whether agentui may change this agent (not a plugin's, readable text)."""
        return not record.scope.read_only and record.summary.readable

    def buffer_for(self, record: AgentRecord) -> AgentBuffer:
        """The record's edit buffer (opened on first use)."""
        return self.session.buffer(record.path, record.document)

    @on(AgentTree.AgentSelected)
    def _selected(self, event: AgentTree.AgentSelected) -> None:
        self.show_record(event.record, moving=True)

    def show_record(
        self,
        record: AgentRecord,
        *,
        immediate: bool = False,
        moving: bool = False,
        keep_scroll: bool = False,
    ) -> None:
        """Show ``record``, with its unsaved edits if it has any, in both panes.

        Args:
            record: the agent.
            immediate: build the form at once (after undo or a reload, not a selection).
            moving: the selection is moving through the tree: render once it rests.
            keep_scroll: keep the panes where they are scrolled (a reload from disk).
        """
        self.current = record
        buffer = self.session.get(record.path)
        if buffer is None and not record.in_memory:
            # Only the most recently used documents stay in memory: read this one again in
            # a thread, then show it (if it is still the one selected).
            self._read_then_show(record, immediate, moving, keep_scroll)
            return
        document = buffer.current if buffer else record.document
        self.query_one("#frontmatter-pane", FrontmatterPane).show(
            record,
            document,
            editable=self.editable(record),
            check_name=self._name_check(record),
            immediate=immediate,
        )
        if buffer is not None and buffer.dirty:
            self.query_one("#frontmatter-pane", FrontmatterPane).refresh_status(document, True)
        preview = self.query_one("#preview-pane", PreviewPane)
        scroll = preview.query_one("#markdown-scroll").scroll_y
        preview.show(record, document, wait=moving)
        if keep_scroll:
            preview.call_after_refresh(
                preview.query_one("#markdown-scroll").scroll_to, y=scroll, animate=False
            )
        self.show_conflict()
        self._update_title()

    class DocumentRead(Message):
        """A record's document was read again, to be shown."""

        def __init__(
            self, record: AgentRecord, immediate: bool, moving: bool, keep_scroll: bool
        ) -> None:
            super().__init__()
            self.record = record
            self.options = {"immediate": immediate, "moving": moving, "keep_scroll": keep_scroll}

    @work(thread=True, exclusive=True, group="read-document", description="read a document")
    def _read_then_show(
        self, record: AgentRecord, immediate: bool, moving: bool, keep_scroll: bool
    ) -> None:
        record.document  # noqa: B018 - reads the file and keeps the document
        self.post_message(self.DocumentRead(record, immediate, moving, keep_scroll))

    @on(DocumentRead)
    def _document_read(self, event: DocumentRead) -> None:
        if event.record is self.current and event.record in self.records:
            self.show_record(event.record, **event.options)

    def show_conflict(self) -> None:
        """Show the changed-on-disk banner when the selected agent has a conflict."""
        banner = self.query_one("#conflict", ConflictBanner)
        record = self.current
        if record is not None and (record.conflict is not None or record.deleted_on_disk):
            self.offer_choices(banner, record)
        else:
            banner.display = False

    def _name_check(self, record: AgentRecord) -> Callable[[str], str | None]:
        from agentui.model.operations import name_problem
        from agentui.model.schema import Kind

        def check(name: str) -> str | None:
            if record.document.kind is Kind.CLAUDE_CODE:
                problem = name_problem(name)
                if problem:
                    return problem
            for other in self.records:
                if (
                    other is not record
                    and other.scope == record.scope
                    and other.summary.name == name
                ):
                    where = f"{record.scope.label} by {other.relative_path}"
                    return f"'{name}' is already used in {where}."
            return None

        return check

    def _update_title(self) -> None:
        record = self.current
        if record is None:
            self.sub_title = ""
            return
        buffer = self.session.get(record.path)
        mark = "● " if buffer is not None and buffer.dirty else ""
        self.sub_title = mark + one_line(record.relative_path, 80)
        self.app.title = "agentui ●" if self.session.dirty() else "agentui"

    def refresh_dirty(self) -> None:
        """Show which agents have unsaved edits, in the tree and the title."""
        tree = self.query_one("#tree-pane", AgentTree)
        tree.set_dirty({b.path for b in self.session.dirty()})
        if self.current is not None:
            buffer = self.session.get(self.current.path)
            if buffer is not None:
                self.query_one("#frontmatter-pane", FrontmatterPane).refresh_status(
                    buffer.current, buffer.dirty
                )
                self.query_one("#preview-pane", PreviewPane).update_raw(buffer.current)
        self._update_title()
        self.note_drafts()

    # Edits -----------------------------------------------------------------------------

    @on(FieldRow.Changed)
    def _field_changed(self, event: FieldRow.Changed) -> None:
        record = self.current
        if record is None or not self.editable(record):
            return
        try:
            if event.value is REMOVE:
                self.session.remove_field(record.path, record.document, event.key)
            else:
                self.session.set_field(record.path, record.document, event.key, event.value)
        except EditError as exc:
            event.row.show_error(f"Not applied: {exc}")
            return
        if event.key == "disallowedTools":
            tools_row = self.query_one("#frontmatter-pane", FrontmatterPane).row("tools")
            if tools_row is not None:
                tools_row.disallowed = event.value if event.value is not REMOVE else None  # type: ignore[attr-defined]
                tools_row._show_effective()  # type: ignore[attr-defined]
        self.refresh_dirty()

    @on(PreviewPane.BodyEdited)
    def _body_edited(self, event: PreviewPane.BodyEdited) -> None:
        record = self.current
        if record is None or not self.editable(record):
            return
        try:
            self.buffer_for(record).replace_body(event.body)
        except EditError as exc:
            self.notify(
                visible(str(exc)), title="Prompt not applied", severity="error", markup=False
            )
            return
        self.refresh_dirty()

    def action_undo(self) -> None:
        """Undo the last field edit of the selected agent."""
        record = self.current
        buffer = self.session.get(record.path) if record else None
        if record is None or buffer is None or not buffer.undo():
            self.notify("Nothing to undo.", severity="information", markup=False)
            return
        self.show_record(record, immediate=True)
        self.refresh_dirty()

    def action_redo(self) -> None:
        """Redo the last undone edit."""
        record = self.current
        buffer = self.session.get(record.path) if record else None
        if record is None or buffer is None or not buffer.redo():
            return
        self.show_record(record, immediate=True)
        self.refresh_dirty()

    # Saving ----------------------------------------------------------------------------

    def action_save(self) -> None:
        """Save the selected agent's edits (only their lines change; atomic)."""
        record = self.current
        buffer = self.session.get(record.path) if record else None
        if record is None or buffer is None or not buffer.dirty:
            self.notify("No unsaved changes.", severity="information", markup=False)
            return
        self._save(record)

    class Saved(Message):
        """A save finished (``error`` says why it did not happen).

        ``target`` is set when the file leads outside its folder and the user must confirm;
        ``read_only`` when the file or folder may not be written; ``warnings`` says what a
        successful save could not keep.
        """

        def __init__(
            self,
            path: Path,
            error: str | None = None,
            conflict: bool = False,
            *,
            target: TargetOutsideError | None = None,
            read_only: bool = False,
            warnings: tuple[str, ...] = (),
            force: bool = False,
        ) -> None:
            super().__init__()
            self.path = path
            self.error = error
            self.conflict = conflict
            self.target = target
            self.read_only = read_only
            self.warnings = warnings
            self.force = force

    @work(thread=True, group="save", description="save an agent")
    def _save(
        self, record: AgentRecord, force: bool = False, confirmed: Path | None = None
    ) -> None:
        buffer = self.session.get(record.path)
        if buffer is not None:
            self.expect_write(record.path, buffer.current.to_bytes())
        warnings: list[str] = []
        try:
            if record.deleted_on_disk:
                self.session.recreate(record.path)
            else:
                self.session.save(
                    record.path,
                    force=force,
                    folder=record.scope.folder,
                    confirmed_target=confirmed,
                    warnings=warnings,
                )
        except ConflictError:
            self.post_message(
                self.Saved(record.path, "it changed on disk since agentui read it", True)
            )
        except TargetOutsideError as exc:
            self.post_message(self.Saved(record.path, str(exc), target=exc, force=force))
        except SaveError as exc:
            read_only = isinstance(exc, ReadOnlyError)
            self.post_message(self.Saved(record.path, str(exc), read_only=read_only))
        else:
            self.post_message(self.Saved(record.path, warnings=tuple(warnings)))

    @on(Saved)
    def _saved(self, event: Saved) -> None:
        name = one_line(event.path.name, 120)
        if event.conflict:
            for record in self.records:
                if record.path == event.path:
                    if record.path.exists():
                        record.conflict = load(record.path)
                    else:
                        record.deleted_on_disk = True
            self.show_conflict()
        if event.target is not None:
            self.confirm_target(event.path, event.target, event.force)
            return
        if event.error is not None:
            title = "Not saved: changed on disk" if event.conflict else "Not saved"
            self.notify(
                f"{name}: {visible(event.error)}. Nothing was written; your edits are kept.",
                title=title,
                severity="error",
                markup=False,
                timeout=10,
            )
            if event.read_only:
                self.offer_copy(event.path, event.error)
            return
        buffer = self.session.get(event.path)
        for index, record in enumerate(self.records):
            if record.path == event.path and buffer is not None:
                self.records[index].document = buffer.saved
                self.records[index].conflict = None
                self.records[index].deleted_on_disk = False
        self.track_records([r for r in self.records if r.path == event.path])
        self.show_conflict()
        link_records(self.records)
        tree = self.query_one("#tree-pane", AgentTree)
        tree.refresh_labels()
        self.refresh_dirty()
        self.notify(f"Saved {name}.", markup=False, timeout=3)
        for warning in event.warnings:
            self.notify(
                f"{name} was saved, but {visible(warning)}.",
                title="Saved with a change",
                severity="warning",
                markup=False,
                timeout=15,
            )

    def reload_from_disk(self, record: AgentRecord) -> None:
        """Read the record's file again (after an external editor) and show it."""
        document = load(record.path, kind=None if record.scope.detect_kind else record.scope.kind)
        for index, other in enumerate(self.records):
            if other.path == record.path:
                self.records[index] = replace(other, document=document)
                self.session.reopen(record.path, document)
                link_records(self.records)
                self.query_one("#tree-pane", AgentTree).set_records(self.records)
                self.show_record(self.records[index], immediate=True)
                break

    # Links and view ----------------------------------------------------------------------

    def open_record(self, record: AgentRecord) -> None:
        """Select ``record`` in the tree (clearing a filter that hides it)."""
        tree = self.query_one("#tree-pane", AgentTree)
        if not tree.select_path(record.path):
            tree.action_clear_filter()
            tree.select_path(record.path)
        tree.agents.focus()

    @on(ConflictBanner.Chosen)
    def _conflict_choice(self, event: ConflictBanner.Chosen) -> None:
        record = self.current
        if record is None:
            return
        buffer = self.session.get(record.path)
        if event.choice == "compare" and record.conflict is not None and buffer is not None:
            from agentui.screens.dialogs import CompareScreen

            self.app.push_screen(
                CompareScreen(
                    f"{record.relative_path}: your edits and the file on disk",
                    buffer.saved,
                    buffer.current,
                    record.conflict,
                )
            )
        elif event.choice == "keep":
            self._save(record, force=True)
        elif event.choice == "take" and record.conflict is not None:
            theirs = record.conflict
            question = Text("Take the version on disk and drop your unsaved edits?\n\n")
            question.append(visible(str(record.path)), style="bold")

            def answered(yes: bool | None) -> None:
                if yes:
                    record.document = theirs
                    record.conflict = None
                    self.session.reopen(record.path, theirs)
                    self.track_records([record])
                    link_records(self.records)
                    self.query_one("#tree-pane", AgentTree).set_dirty(
                        {b.path for b in self.session.dirty()}
                    )
                    self.show_record(record, immediate=True)

            self.app.push_screen(ConfirmScreen(question, yes="Take theirs"), answered)
        elif event.choice == "copy" and buffer is not None:
            self.save_copy(record)

    @on(PreviewPane.LinkRequested)
    def _link(self, event: PreviewPane.LinkRequested) -> None:
        href = event.href
        scheme = urlparse(href).scheme.lower()
        if scheme not in ("http", "https"):
            self.notify(
                f"agentui opens only http and https links, not: {one_line(href, 100)}",
                title="Link not opened",
                severity="warning",
                markup=False,
            )
            return
        question = Text("Open this link in your browser?\n\n")
        question.append(one_line(href, 300), style="bold")

        def answered(yes: bool | None) -> None:
            if yes:
                self._open_link(href)

        self.app.push_screen(ConfirmScreen(question, yes="Open"), answered)

    @work(thread=True, group="open-link")
    def _open_link(self, href: str) -> None:
        import webbrowser

        webbrowser.open(href)

    def action_filter(self) -> None:
        """Focus the filter box."""
        self.query_one("#tree-pane", AgentTree).focus_filter()

    def action_toggle_raw(self) -> None:
        """Switch the preview between rendered Markdown and the raw file."""
        self.query_one("#preview-pane", PreviewPane).toggle_raw()

    def action_toggle_tree(self) -> None:
        """Show or hide the tree pane."""
        self.toggle_class("-no-tree")

    def action_toggle_frontmatter(self) -> None:
        """Show or hide the frontmatter pane."""
        self.toggle_class("-no-frontmatter")

    def action_resize_tree(self, delta: int) -> None:
        """Make the tree pane narrower or wider."""
        self.tree_width = max(20, min(self.tree_width + delta, max(24, self.size.width - 30)))
        self._apply_tree_width()

    def _apply_tree_width(self) -> None:
        self.query_one("#tree-pane", AgentTree).styles.width = self.tree_width

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < NARROW_WIDTH
        self.set_class(narrow, "-narrow")
        if narrow and self.tree_width > 32:
            self.tree_width = 30
            self._apply_tree_width()
