"""The frontmatter pane: a form of the selected agent's fields, its verdicts and diagnostics."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from agentui.model.catalog import AgentRecord
from agentui.model.diagnostics import Severity
from agentui.model.document import AgentDocument
from agentui.model.schema import schema_for
from agentui.model.text import visible
from agentui.widgets.fields import FieldRow, make_row
from agentui.widgets.labels import verdict_badge
from agentui.widgets.words import claude_code_sentence, kind_label, value_text, yaml_sentence

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "dim"}


class FrontmatterPane(VerticalScroll):
    """The selected agent's fields as its schema knows them; unknown keys under Other fields.

    Editable agents get one editor per field; read-only ones (plugins, unreadable files)
    show their values as text.
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.record: AgentRecord | None = None
        self.document: AgentDocument | None = None
        self.editable = False

    def show(
        self,
        record: AgentRecord | None,
        document: AgentDocument | None = None,
        *,
        editable: bool = False,
        check_name: Callable[[str], str | None] | None = None,
    ) -> None:
        """Show ``record`` (as ``document``, its edited version, when given)."""
        self.record = record
        self.document = document or (record.document if record else None)
        self.editable = editable and self.document is not None and self.document.readable
        self.remove_children()
        if record is None or self.document is None:
            return
        self.mount_all(self._widgets(record, self.document, check_name))
        self.scroll_home(animate=False)

    def show_message(self, text: Text) -> None:
        """Show a message instead of an agent (the empty state)."""
        self.record = None
        self.document = None
        self.remove_children()
        self.mount(Static(text, classes="message"))

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
    ) -> list[Widget]:
        widgets: list[Widget] = [
            Static(self._header(record, doc), classes="agent-header"),
            Static(self._verdicts(doc), classes="verdicts"),
        ]
        schema = schema_for(doc.kind)
        if self.editable:
            for spec in schema.fields:
                present = spec.name in doc.fields
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

    def _field(self, key: str, value: object, help_text: str, present: bool) -> Static:
        text = Text()
        text.append(visible(key), style="bold")
        text.append("  ")
        if present:
            text.append(visible(value_text(value), keep_breaks=True))
        else:
            text.append("not set", style="italic red")
        text.append(f"\n{help_text}", style="dim italic")
        return Static(text, classes="field")
