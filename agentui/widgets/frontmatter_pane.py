"""The frontmatter pane: a form of the selected agent's fields, its verdicts and diagnostics."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.events import DescendantFocus, Focus
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Select, Static

from agentui.model.catalog import AgentRecord
from agentui.model.diagnostics import Severity
from agentui.model.document import AgentDocument
from agentui.model.schema import FieldSpec, Kind, schema_for
from agentui.model.text import visible
from agentui.widgets.field_row import FieldRow
from agentui.widgets.labels import verdict_badge
from agentui.widgets.words import claude_code_sentence, kind_label, value_text, yaml_sentence


class AddField(Vertical):
    """A picker of the kind's fields the agent does not have; picking one adds its editor."""

    class Picked(Message):
        """A field was picked."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, specs: list[FieldSpec]) -> None:
        super().__init__(classes="add-field")
        self.specs = specs

    def compose(self) -> ComposeResult:
        options = [
            (Text.assemble((spec.name, "bold"), "  ", (spec.help, "dim")), spec.name)
            for spec in self.specs
        ]
        yield Select(options, prompt="Add field…", compact=True, id="add-field")

    def remove_choice(self, key: str) -> None:
        """Take a field off the list once its editor shows."""
        self.specs = [spec for spec in self.specs if spec.name != key]
        select = self.query_one(Select)
        select.set_options(
            [
                (Text.assemble((spec.name, "bold"), "  ", (spec.help, "dim")), spec.name)
                for spec in self.specs
            ]
        )
        if not self.specs:
            self.display = False

    @on(Select.Changed)
    def _picked(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is not Select.NULL:
            self.post_message(self.Picked(str(event.value)))


SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "dim"}
CORE_FIELDS = {
    Kind.CLAUDE_CODE: ("name", "description", "tools", "model", "color"),
    Kind.COPILOT: ("name", "description", "tools", "model", "target"),
    Kind.OPENCODE: ("description", "mode", "model", "tools"),
}
"""Fields whose editors always show; the kind's other fields are one pick away."""
FORM_DELAY = 0.2
"""Seconds a selection must rest before its editors are built (arrowing stays fast)."""


class FrontmatterPane(VerticalScroll):
    """The selected agent's fields as its schema knows them; unknown keys under Other fields.

    Editable agents get one editor per field; read-only ones (plugins, unreadable files)
    show their values as text.
    """

    class FormReady(Message):
        """The editors of the shown agent are in place."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.record: AgentRecord | None = None
        self.document: AgentDocument | None = None
        self.editable = False
        self.ready = True
        """Whether what is shown is final: the editors are built, or none are needed."""
        self._timer: Timer | None = None
        self._check_name: Callable[[str], str | None] | None = None
        self._generation = 0
        self._building = -1
        self._lock = asyncio.Lock()
        self.held = False
        """While True a rested selection waits for ``release`` to get its editors."""

    def show(
        self,
        record: AgentRecord | None,
        document: AgentDocument | None = None,
        *,
        editable: bool = False,
        check_name: Callable[[str], str | None] | None = None,
        immediate: bool = False,
    ) -> None:
        """Show ``record`` (as ``document``, its edited version, when given).

        The fields show at once as text; the editors replace them once the selection has
        rested for ``FORM_DELAY`` or the pane takes the focus. Replacing the pane's content
        is serialised, so a widget is never removed while it is still being mounted.
        """
        self.record = record
        self.document = document or (record.document if record else None)
        self.editable = editable and self.document is not None and self.document.readable
        self._check_name = check_name
        self._generation += 1
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if record is None or self.document is None:
            self.ready = True
            self._replace(self._generation, [])
            return
        self.ready = not self.editable
        if self.editable and immediate:
            self.build_form()
            return
        self._replace(self._generation, self._widgets(record, self.document, None, summary=True))
        if self.editable:
            self._timer = self.set_timer(FORM_DELAY, self._rested)

    def _replace(self, generation: int, widgets: list[Widget], *, form: bool = False) -> None:
        self.run_worker(self._swap(generation, widgets, form), group="frontmatter-render")

    async def _swap(self, generation: int, widgets: list[Widget], form: bool) -> None:
        async with self._lock:
            if generation != self._generation:
                return
            scroll = self.scroll_y if form else 0
            await self.remove_children()
            if generation != self._generation:
                return
            await self.mount_all(widgets)
            self.scroll_to(y=scroll, animate=False)
            if form and generation == self._generation:
                self.ready = True
                self.post_message(self.FormReady())

    def build_form(self) -> None:
        """Replace the text of the fields with their editors (once per shown agent)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.ready or self._building == self._generation:
            return
        if self.record is None or self.document is None:
            return
        self._building = self._generation
        widgets = self._widgets(self.record, self.document, self._check_name, summary=False)
        self._replace(self._generation, widgets, form=True)

    def _rested(self) -> None:
        self._timer = None
        if not self.held:
            self.build_form()

    def release(self) -> None:
        """Let editors be built; a selection that has rested gets them now."""
        self.held = False
        if self._timer is None:
            self.build_form()

    def _on_focus(self, event: Focus) -> None:
        self.build_form()

    def _on_descendant_focus(self, event: DescendantFocus) -> None:
        self.build_form()

    def show_message(self, text: Text) -> None:
        """Show a message instead of an agent (the empty state)."""
        self.record = None
        self.document = None
        self.ready = True
        self._generation += 1
        self._replace(self._generation, [Static(text, classes="message")])

    def refresh_status(self, document: AgentDocument, dirty: bool) -> None:
        """Update the header, verdicts and diagnostics after an edit, keeping the editors."""
        self.document = document
        if self.record is None:
            return
        for widget in self.query(".agent-header"):
            widget.update(self._header(self.record, document, dirty))  # type: ignore[attr-defined]
        for widget in self.query(".verdicts"):
            widget.update(self._verdicts(document))  # type: ignore[attr-defined]
        for widget in self.query(".diagnostics"):
            widget.update(self._diagnostics(document))  # type: ignore[attr-defined]

    def add_field(self, key: str) -> FieldRow | None:
        """Show the editor of a field the agent does not have yet, and focus it."""
        if self.document is None or self.row(key) is not None:
            return self.row(key)
        spec = schema_for(self.document.kind).get(key)
        if spec is None:
            return None
        from agentui.widgets.fields import make_row

        row = make_row(
            spec,
            key,
            None,
            False,
            kind=self.document.kind,
            fields=self.document.fields,
            check_name=self._check_name,
        )
        picker = self.query(AddField)
        if picker:
            self.mount(row, before=picker.first())
            picker.first().remove_choice(key)
        else:
            self.mount(row, before=self.query_one(".diagnostics"))
        self.call_after_refresh(row.focus_editor)
        return row

    def on_add_field_picked(self, event: AddField.Picked) -> None:
        event.stop()
        self.add_field(event.key)

    def row(self, key: str) -> FieldRow | None:
        """The editor of ``key``, if shown."""
        for row in self.query(FieldRow):
            if row.key == key:
                return row
        return None

    def _header(self, record: AgentRecord, doc: AgentDocument, dirty: bool = False) -> Text:
        header = Text()
        symbol, style, words = verdict_badge(record)
        header.append(visible(record.name), style="bold")
        if dirty:
            header.append("  ● unsaved", style="bold yellow")
        header.append(f"  {symbol} {words}", style=style)
        header.append(f"\n{kind_label(doc.kind)} · {visible(record.relative_path)}", style="dim")
        if record.scope.read_only:
            header.append("\nRead-only: a plugin update replaces this file.", style="italic")
        if record.shadowed_by is not None:
            winner = record.shadowed_by
            header.append(
                f"\nShadowed: {visible(winner.relative_path)} ({winner.scope.label}) has the same "
                "name and wins.",
                style="yellow",
            )
        for other in record.duplicates:
            header.append(
                f"\nSame name as {visible(str(other.name))} in this scope: only one is loaded.",
                style="bold red",
            )
        return header

    def _verdicts(self, doc: AgentDocument) -> Text:
        verdicts = Text()
        verdicts.append(claude_code_sentence(doc) + "\n")
        verdicts.append(yaml_sentence(doc), style="dim")
        return verdicts

    def _diagnostics(self, doc: AgentDocument) -> Text:
        text = Text()
        if not doc.diagnostics:
            return text
        text.append("Diagnostics\n", style="bold underline")
        for diag in doc.diagnostics:
            text.append(f"{diag.severity:<7} ", style=SEVERITY_STYLE[diag.severity])
            text.append(f"line {diag.line}: " if diag.line else "", style="dim")
            text.append(visible(diag.message))
            text.append(f"  [{diag.code}]\n", style="dim")
        return text

    def _widgets(
        self,
        record: AgentRecord,
        doc: AgentDocument,
        check_name: Callable[[str], str | None] | None,
        *,
        summary: bool = False,
    ) -> list[Widget]:
        widgets: list[Widget] = [
            Static(self._header(record, doc), classes="agent-header"),
            Static(self._verdicts(doc), classes="verdicts"),
        ]
        schema = schema_for(doc.kind)
        if summary:
            widgets.append(Static(self._summary(doc), classes="summary"))
            widgets.append(Static(self._diagnostics(doc), classes="diagnostics"))
            return widgets
        # The editors are imported once first needed, after the first paint.
        from agentui.widgets.fields import make_row

        if self.editable:
            absent = []
            for spec in schema.fields:
                present = spec.name in doc.fields
                if not present and not spec.required and spec.name not in CORE_FIELDS[doc.kind]:
                    absent.append(spec)
                    continue
                widgets.append(
                    make_row(
                        spec,
                        spec.name,
                        doc.fields.get(spec.name),
                        present,
                        kind=doc.kind,
                        fields=doc.fields,
                        check_name=check_name,
                    )
                )
            if absent:
                widgets.append(AddField(absent))
        else:
            for spec in schema.fields:
                if spec.name in doc.fields or spec.required:
                    widgets.append(
                        self._field(
                            spec.name, doc.fields.get(spec.name), spec.help, spec.name in doc.fields
                        )
                    )
        others = [key for key in doc.fields if schema.get(key) is None]
        if others:
            widgets.append(Static(Text("Other fields", style="bold underline"), classes="section"))
            for key in others:
                if self.editable:
                    widgets.append(
                        make_row(
                            None,
                            key,
                            doc.fields[key],
                            True,
                            kind=doc.kind,
                            fields=doc.fields,
                            check_name=check_name,
                        )
                    )
                else:
                    widgets.append(
                        self._field(key, doc.fields[key], "Not a field of this kind.", True)
                    )
        widgets.append(Static(self._diagnostics(doc), classes="diagnostics"))
        return widgets

    def _summary(self, doc: AgentDocument) -> Text:
        """Every field as text in one widget: what shows while the selection moves."""
        schema = schema_for(doc.kind)
        text = Text()
        shown = [spec for spec in schema.fields if spec.name in doc.fields or spec.required]
        for spec in shown:
            text.append_text(
                self._field_text(
                    spec.name, doc.fields.get(spec.name), spec.help, spec.name in doc.fields
                )
            )
            text.append("\n\n")
        others = [key for key in doc.fields if schema.get(key) is None]
        if others:
            text.append("Other fields\n\n", style="bold underline")
            for key in others:
                text.append_text(
                    self._field_text(key, doc.fields[key], "Not a field of this kind.", True)
                )
                text.append("\n\n")
        text.rstrip()
        return text

    def _field(self, key: str, value: object, help_text: str, present: bool) -> Static:
        return Static(self._field_text(key, value, help_text, present), classes="field")

    def _field_text(self, key: str, value: object, help_text: str, present: bool) -> Text:
        text = Text()
        text.append(visible(key), style="bold")
        text.append("  ")
        if present:
            text.append(visible(value_text(value), keep_breaks=True))
        else:
            text.append("not set", style="italic red")
        text.append(f"\n{help_text}", style="dim italic")
        return text
