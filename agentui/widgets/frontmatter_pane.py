"""The frontmatter pane: the selected agent's fields, verdicts and diagnostics (read-only)."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from agentui.model.catalog import AgentRecord
from agentui.model.diagnostics import Severity
from agentui.model.schema import schema_for
from agentui.model.text import visible
from agentui.widgets.labels import verdict_badge
from agentui.widgets.words import claude_code_sentence, kind_label, value_text, yaml_sentence

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "dim"}


class FrontmatterPane(VerticalScroll):
    """The selected agent's fields as its schema knows them; unknown keys under Other fields."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.record: AgentRecord | None = None

    def show(self, record: AgentRecord | None) -> None:
        """Show ``record`` (None clears the pane)."""
        self.record = record
        self.remove_children()
        if record is None:
            return
        self.border_title = "Frontmatter"
        self.mount_all(self._widgets(record))
        self.scroll_home(animate=False)

    def show_message(self, text: Text) -> None:
        """Show a message instead of an agent (the empty state)."""
        self.record = None
        self.remove_children()
        self.mount(Static(text, classes="message"))

    def _widgets(self, record: AgentRecord) -> list[Static]:
        doc = record.document
        header = Text()
        symbol, style, words = verdict_badge(record)
        header.append(visible(record.name), style="bold")
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
        verdicts = Text()
        verdicts.append(claude_code_sentence(doc) + "\n")
        verdicts.append(yaml_sentence(doc), style="dim")
        widgets = [Static(header, classes="agent-header"), Static(verdicts, classes="verdicts")]
        schema = schema_for(doc.kind)
        known = [spec for spec in schema.fields if spec.name in doc.fields or spec.required]
        for spec in known:
            widgets.append(self._field(spec.name, doc.fields.get(spec.name, None), spec.help,
                                       spec.name in doc.fields))  # fmt: skip
        others = [key for key in doc.fields if schema.get(key) is None]
        if others:
            widgets.append(Static(Text("Other fields", style="bold underline"), classes="section"))
            for key in others:
                widgets.append(self._field(key, doc.fields[key], "Not a field of this kind.", True))
        if doc.diagnostics:
            widgets.append(Static(Text("Diagnostics", style="bold underline"), classes="section"))
            for diag in doc.diagnostics:
                line = Text()
                line.append(f"{diag.severity:<7} ", style=SEVERITY_STYLE[diag.severity])
                line.append(f"line {diag.line}: " if diag.line else "", style="dim")
                line.append(visible(diag.message))
                line.append(f"  [{diag.code}]", style="dim")
                widgets.append(Static(line, classes="diagnostic"))
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
