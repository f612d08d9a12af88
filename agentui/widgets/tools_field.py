"""The tools field: a picker grouped as Claude Code groups tools, plus free entry."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from agentui.model.schema import FieldSpec, Kind
from agentui.model.text import visible
from agentui.model.tools import effective_tools, group_tools, split_tool_string, tool_names
from agentui.widgets.field_row import FieldRow, ident


class ToolsField(FieldRow):
    """A tool list: a picker grouped as Claude Code grouped tools, plus free entry."""

    def __init__(
        self,
        spec: FieldSpec,
        key: str,
        value: Any,
        present: bool,
        *,
        kind: Kind,
        disallowed: Any = None,
    ) -> None:
        super().__init__(key, value, present, spec.help, kind=kind)
        self.disallowed = disallowed
        self.selected = tool_names(value) or []
        self.map_false = (
            [str(k) for k, v in value.items() if v is False] if isinstance(value, dict) else []
        )
        self._shown = frozenset(self.selected)

    def compose_editor(self) -> ComposeResult:
        options: list[Selection[str] | tuple[str, str, bool]] = []
        chosen = set(self.selected)
        if self.kind is Kind.CLAUDE_CODE:
            groups = group_tools(True, self.selected)
        else:
            from agentui.model.tools import COPILOT_TOOLS, OPENCODE_TOOLS

            base = COPILOT_TOOLS if self.kind is Kind.COPILOT else OPENCODE_TOOLS
            groups = [("Tools", list(dict.fromkeys([*base, *self.selected, *self.map_false])))]
        for title, names in groups:
            if not names:
                continue
            options.append(
                Selection(Text(f"── {title}", style="bold dim"), f"\0{title}", False, disabled=True)
            )
            for name in names:
                options.append(Selection(Text(visible(name)), name, name in chosen))
        yield SelectionList[str](*options, id=f"tools-{ident(self.key)}", compact=True)
        yield Input(
            placeholder="add a tool, e.g. mcp__github__create_issue, then enter",
            compact=True,
            id=f"add-{ident(self.key)}",
        )
        yield Static("", classes="effective")

    def on_mount(self) -> None:
        self._show_effective()

    def _value(self, names: list[str]) -> Any:
        if self.kind is Kind.OPENCODE:
            value: dict[str, bool] = {name: True for name in names}
            for name in self.map_false:
                if name not in value:
                    value[name] = False
            return value
        return names

    @on(SelectionList.SelectedChanged)
    def _toggled(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        picked = set(event.selection_list.selected)
        if self.unchanged(frozenset(picked)):
            return
        order = [name for name in self._all_names() if name in picked]
        self.selected = order
        self.post_value(self._value(order))
        self._show_effective()

    def _all_names(self) -> list[str]:
        listing = self.query_one(SelectionList)
        names: list[str] = []
        for index in range(listing.option_count):
            value = listing.get_option_at_index(index).value
            if isinstance(value, str) and not value.startswith("\0"):
                names.append(value)
        return names

    @on(Input.Submitted)
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        names = split_tool_string(event.value)
        listing = self.query_one(SelectionList)
        present = set(self._all_names())
        for name in names:
            if name not in present:
                listing.add_option(Selection(Text(visible(name)), name, True))
            else:
                listing.select(name)
        event.input.value = ""

    def _show_effective(self) -> None:
        found = self.query(".effective")
        if not found:
            return
        line = found.first(Static)
        if self.key != "tools" or self.kind is not Kind.CLAUDE_CODE:
            line.display = False
            return
        value = self.selected if (self.present or self.selected) else None
        effective = effective_tools(value, self.disallowed)
        text = Text("Effective tools: ", style="dim")
        if effective is None:
            text.append("all tools", style="bold")
            if tool_names(self.disallowed):
                text.append(" except " + ", ".join(tool_names(self.disallowed) or []))
        else:
            text.append(visible(", ".join(effective)) if effective else "none", style="bold")
        line.update(text)
