"""The base of every form field: key, editor, message line and help, and the read-only view
of a value an editor could not keep as it is.

A field never writes anything: it posts ``FieldRow.Changed`` with a value it has checked,
and the screen applies it through the model. Errors from the model come back through
``show_error``.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static, TextArea

from agentui.model.schema import Kind
from agentui.model.text import needs_placeholders, visible

REMOVE = object()
"""The value a field posts to remove its key."""
LOCKED_NOTE = (
    "Read-only: it holds control or invisible characters (shown as ␛ or <U+…>) that "
    "editing here would lose. Edit the file with e ($EDITOR)."
)
"""Why a field with such characters cannot be edited in the form, and how to edit it."""


class FieldRow(Vertical):
    """One field: its key, an editor, a message line and its help text."""

    class Changed(Message):
        """A field holds a new valid value (``REMOVE`` to remove the key)."""

        def __init__(self, row: FieldRow, key: str, value: Any) -> None:
            super().__init__()
            self.row = row
            self.key = key
            self.value = value

    def __init__(self, key: str, value: Any, present: bool, help_text: str, *, kind: Kind) -> None:
        super().__init__(classes="field-row")
        self.key = key
        self.value = value
        self.present = present
        self.help_text = help_text
        self.kind = kind
        self._quiet = False
        self._shown: object = None
        """What the editor showed when the value was last read or reported."""

    def compose(self) -> ComposeResult:
        title = Text(visible(self.key), style="bold")
        if not self.present:
            title.append("  not set", style="dim italic")
        yield Static(title, classes="field-key")
        locked = self.locked_text()
        if locked is None:
            yield from self.compose_editor()
            yield Static("", classes="field-error")
        else:
            self._quiet = True
            yield TextArea(
                visible(locked, keep_breaks=True),
                read_only=True,
                soft_wrap=True,
                compact=True,
                classes="long-text locked",
                id=f"locked-{ident(self.key)}",
            )
            yield Static(Text(LOCKED_NOTE, style="italic"), classes="field-error")
        yield Static(Text(self.help_text, style="dim italic"), classes="field-help")

    def compose_editor(self) -> ComposeResult:
        """The widgets that edit the value."""
        yield from ()

    def locked_text(self) -> str | None:
        """The value's text when the editor could not show it as it is, else None.

        Such a field is shown read-only: its control or invisible characters would be
        drawn as placeholders, and an edit would write the placeholders back.
        """
        return None

    def focus_editor(self) -> None:
        """Focus the field's first editor."""
        for widget in self.query("Input, TextArea, Select, Switch, SelectionList"):
            if widget.focusable:
                widget.focus()
                return

    def unchanged(self, shown: object) -> bool:
        """Whether the editor shows what it showed last (a mount-time event, not an edit)."""
        if shown == self._shown:
            return True
        self._shown = shown
        return False

    def post_value(self, value: Any) -> None:
        """Tell the screen about a new valid value."""
        if self._quiet:
            return
        self.show_error("")
        self.post_message(self.Changed(self, self.key, value))

    def show_error(self, message: str) -> None:
        """Show (or clear, with "") the message under the field."""
        error = self.query_one(".field-error", Static)
        error.update(Text(visible(message), style="bold red") if message else "")
        self.set_class(bool(message), "-invalid")

    def show_info(self, text: Text) -> None:
        """Show a neutral note under the field."""
        self.query_one(".field-error", Static).update(text)


def hidden_in_text_area(text: str) -> bool:
    """Whether a TextArea would not keep ``text`` as it is (placeholders, or a lone CR that
    it reads as a line break)."""
    return needs_placeholders(text, keep_breaks=True) or "\r" in text


def ident(key: str) -> str:
    """A widget id fragment for any key."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in key) or "_"
