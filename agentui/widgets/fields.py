"""Form fields: one widget per frontmatter field, validating as you type.

The base class is ``field_row.FieldRow``; ``make_row`` picks the field for a key.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select, Switch, TextArea

from agentui.model.schema import CLAUDE_COLORS, CLAUDE_MODEL_ALIASES, FieldSpec, FieldType, Kind
from agentui.model.text import needs_placeholders, visible
from agentui.model.tools import split_tool_string
from agentui.model.yamlsafe import YamlProblem, safe_parse
from agentui.widgets.field_row import REMOVE, FieldRow, hidden_in_text_area, ident
from agentui.widgets.labels import SWATCHES
from agentui.widgets.tools_field import ToolsField
from agentui.widgets.words import value_text

__all__ = ["REMOVE", "FieldRow", "make_row"]

HIGHLIGHT_CHARS = 8_000
"""Longest YAML value highlighted: tree-sitter's time grows with size and nesting."""
HIGHLIGHT_DEPTH = 48
"""Deepest YAML value highlighted: deep flow nesting takes tree-sitter seconds, and block
nesting past about 200 levels crashes it."""


class TextField(FieldRow):
    """A one-line value: text, a number, or a comma-separated list."""

    def __init__(
        self,
        spec: FieldSpec | None,
        key: str,
        value: Any,
        present: bool,
        *,
        kind: Kind,
        help_text: str,
        check_name: Any = None,
    ) -> None:
        super().__init__(key, value, present, help_text, kind=kind)
        self.spec = spec
        self.check_name = check_name

    def locked_text(self) -> str | None:
        text = value_text(self.value) if self.present else ""
        return text if needs_placeholders(text) else None  # a line break too: Input has none

    def compose_editor(self) -> ComposeResult:
        shown = "" if not self.present else value_text(self.value).replace("\n", " ")
        self._shown = visible(shown)
        yield Input(
            visible(shown), id=f"input-{ident(self.key)}", compact=True, select_on_focus=False
        )

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if not self.is_mounted or self._quiet:
            return
        text = event.value
        if self.unchanged(text):
            if self.key == "name" and self.check_name is not None and text.strip():
                problem = self.check_name(text)
                if problem:
                    self.show_error(problem)
            return
        ftype = self.spec.type if self.spec else FieldType.STRING
        if not text.strip():
            if self.spec is not None and self.spec.required:
                self.show_error(f"'{self.key}' is required.")
                return
            self.post_value(REMOVE)
            return
        if self.key == "name" and self.check_name is not None:
            problem = self.check_name(text)
            if problem:
                self.show_error(problem)
                return
        if ftype is FieldType.INT:
            if not text.strip().isdigit() or int(text) < 1:
                self.show_error("A whole number of 1 or more.")
                return
            self.post_value(int(text))
        elif ftype is FieldType.NUMBER:
            try:
                number = float(text)
            except ValueError:
                self.show_error("A number, e.g. 0.2.")
                return
            self.post_value(int(number) if number.is_integer() and "." not in text else number)
        elif ftype is FieldType.LIST:
            if isinstance(self.value, str):
                self.post_value(text)
            else:
                self.post_value(split_tool_string(text))
        else:
            self.post_value(text)


class LongTextField(FieldRow):
    """A value that is often several lines long (description, initialPrompt)."""

    def __init__(self, spec: FieldSpec, key: str, value: Any, present: bool, *, kind: Kind) -> None:
        super().__init__(key, value, present, spec.help, kind=kind)
        self.spec = spec

    def locked_text(self) -> str | None:
        text = value_text(self.value) if self.present else ""
        return text if hidden_in_text_area(text) else None

    def compose_editor(self) -> ComposeResult:
        text = value_text(self.value) if self.present else ""
        yield TextArea(
            visible(text, keep_breaks=True),
            id=f"text-{ident(self.key)}",
            soft_wrap=True,
            compact=True,
            tab_behavior="focus",
            classes="long-text",
        )

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if self.unchanged(text):
            return
        if not text.strip():
            if self.spec.required:
                self.show_error(f"'{self.key}' is required.")
                return
            self.post_value(REMOVE)
            return
        self.post_value(text)


class ChoiceField(FieldRow):
    """A value from a fixed set (with colour swatches for ``color``)."""

    def __init__(self, spec: FieldSpec, key: str, value: Any, present: bool, *, kind: Kind) -> None:
        super().__init__(key, value, present, spec.help, kind=kind)
        self.spec = spec

    def compose_editor(self) -> ComposeResult:
        options: list[tuple[Text, str]] = []
        for choice in self.spec.allowed:
            label = Text()
            if self.key == "color" and choice in SWATCHES:
                label.append("● ", style=SWATCHES[choice])
            label.append(choice)
            options.append((label, choice))
        current = self.value if self.present and isinstance(self.value, str) else None
        self._shown = current if current is not None else Select.NULL
        if current is not None and current not in self.spec.allowed:
            options.append((Text(f"{visible(current)} (not allowed)", style="red"), current))
        yield Select(
            options,
            value=current if current is not None else Select.NULL,
            prompt="not set",
            allow_blank=True,
            compact=True,
            id=f"select-{ident(self.key)}",
        )

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        event.stop()
        value = event.value
        if self.unchanged(value):
            return
        self.post_value(REMOVE if value is Select.NULL else str(value))


class ModelField(FieldRow):
    """``model``: an alias from the list, or any full model ID typed in."""

    OTHER = "\0other"

    def locked_text(self) -> str | None:
        current = self.value if self.present and isinstance(self.value, str) else ""
        return current if needs_placeholders(current) else None

    def compose_editor(self) -> ComposeResult:
        current = self.value if self.present and isinstance(self.value, str) else None
        known = current is None or current in CLAUDE_MODEL_ALIASES
        self._shown = current
        options = [(alias, alias) for alias in CLAUDE_MODEL_ALIASES]
        options.append(("a model ID…", self.OTHER))
        with Horizontal(classes="model-row"):
            yield Select(
                options,
                value=current if known and current else (Select.NULL if known else self.OTHER),
                prompt="not set",
                allow_blank=True,
                compact=True,
                id="select-model",
            )
            model_id = Input(
                "" if known else visible(str(current)),
                placeholder="e.g. claude-opus-4-5",
                compact=True,
                id="input-model-id",
            )
            model_id.display = not known
            yield model_id

    @on(Select.Changed)
    def _selected(self, event: Select.Changed) -> None:
        event.stop()
        model_id = self.query_one("#input-model-id", Input)
        if event.value == self.OTHER:
            if self._shown is not None and self._shown not in CLAUDE_MODEL_ALIASES:
                return
            model_id.display = True
            model_id.focus()
            if model_id.value.strip():
                self.post_value(model_id.value.strip())
            return
        model_id.display = False
        chosen = None if event.value is Select.NULL else str(event.value)
        if self.unchanged(chosen):
            return
        self.post_value(REMOVE if chosen is None else chosen)

    @on(Input.Changed, "#input-model-id")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        if text and self.unchanged(text):
            return
        if not text:
            self.show_error("Type a model ID, or pick an alias.")
        elif " " in text:
            self.show_error("A model ID has no spaces.")
        else:
            self.post_value(text)


class SwitchField(FieldRow):
    """A true/false value."""

    def compose_editor(self) -> ComposeResult:
        on_now = self.value is True or self.value == "true"
        self._shown = on_now
        yield Switch(on_now, id=f"switch-{ident(self.key)}")

    @on(Switch.Changed)
    def _changed(self, event: Switch.Changed) -> None:
        event.stop()
        if self.unchanged(event.value):
            return
        self.post_value(event.value)


class YamlField(FieldRow):
    """A nested value (hooks, mcpServers, unknown keys) edited as YAML, applied once valid."""

    def _text(self) -> str:
        if self.present and isinstance(self.value, str):
            return self.value
        return value_text(self.value) if self.present and self.value is not None else ""

    def locked_text(self) -> str | None:
        text = self._text()
        return text if hidden_in_text_area(text) else None

    def compose_editor(self) -> ComposeResult:
        text = self._text()
        self._shown = visible(text, keep_breaks=True)
        yield TextArea(
            visible(text, keep_breaks=True),
            language="yaml" if highlightable(text) else None,
            soft_wrap=False,
            compact=True,
            tab_behavior="indent",
            classes="yaml-text",
            id=f"yaml-{ident(self.key)}",
        )

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if self.unchanged(text):
            return
        if not text.strip():
            self.post_value(REMOVE)
            return
        try:
            value = safe_parse(text).data
        except YamlProblem as problem:
            where = f"line {problem.line + 1}: " if problem.line is not None else ""
            self.show_error(f"Not applied: {where}{problem.message}")
            return
        self.post_value(value)


def highlightable(yaml_text: str) -> bool:
    """Whether YAML is small and shallow enough to highlight without stalling or crashing.

    The depth is over-estimated: every ``[`` and ``{`` counts as a level, and so does every
    column before a line's content (past its indent and ``- ``/``? `` markers).
    """
    if len(yaml_text) > HIGHLIGHT_CHARS:
        return False
    if yaml_text.count("[") + yaml_text.count("{") > HIGHLIGHT_DEPTH:
        return False
    return all(
        len(line) - len(line.lstrip(" -?:")) <= HIGHLIGHT_DEPTH for line in yaml_text.splitlines()
    )


def make_row(
    spec: FieldSpec | None,
    key: str,
    value: Any,
    present: bool,
    *,
    kind: Kind,
    fields: dict[str, Any],
    check_name: Any,
) -> FieldRow:
    """The widget that edits ``key`` for a field of ``spec``'s type (unknown keys: YAML)."""
    if spec is None:
        return YamlField(
            key, value, present, "Not a field of this kind; edited as YAML.", kind=kind
        )
    ftype = spec.type
    if ftype is FieldType.TEXT:
        return LongTextField(spec, key, value, present, kind=kind)
    if ftype is FieldType.MODEL:
        return ModelField(key, value, present, spec.help, kind=kind)
    if ftype is FieldType.ENUM or (key == "color" and kind is Kind.CLAUDE_CODE):
        return ChoiceField(spec, key, value, present, kind=kind)
    if ftype is FieldType.BOOL:
        return SwitchField(key, value, present, spec.help, kind=kind)
    if ftype is FieldType.TOOLS and (value is None or isinstance(value, str | list | dict)):
        return ToolsField(
            spec, key, value, present, kind=kind, disallowed=fields.get("disallowedTools")
        )
    if (
        ftype in (FieldType.MAP, FieldType.ANY)
        or isinstance(value, dict)
        or (isinstance(value, list) and not all(isinstance(x, str) for x in value))
    ):
        return YamlField(key, value, present, spec.help, kind=kind)
    return TextField(
        spec, key, value, present, kind=kind, help_text=spec.help, check_name=check_name
    )


COLORS = CLAUDE_COLORS
