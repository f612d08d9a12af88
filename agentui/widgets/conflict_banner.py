"""The banner on an agent whose file changed (or vanished) on disk while it had unsaved edits."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Static

from agentui.model.text import visible


class ConflictBanner(Horizontal):
    """Compare, Keep mine, Take theirs, Save mine as a copy: no automatic choice."""

    class Chosen(Message):
        """The user picked what to do: compare, keep, take or copy."""

        def __init__(self, choice: str) -> None:
            super().__init__()
            self.choice = choice

    def compose(self) -> ComposeResult:
        yield Static("", id="conflict-text")
        yield Button("Compare", id="compare", compact=True)
        yield Button("Keep mine", id="keep", compact=True, variant="warning")
        yield Button("Take theirs", id="take", compact=True)
        yield Button("Save mine as copy", id="copy", compact=True)

    def show_conflict(self, file_name: str, deleted: bool) -> None:
        """Show the banner for a file changed (or deleted) on disk."""
        text = Text()
        if deleted:
            text.append(f"{visible(file_name)} was deleted on disk. ", style="bold")
            text.append("Your edits are kept; saving recreates the file.")
        else:
            text.append(f"{visible(file_name)} changed on disk ", style="bold")
            text.append("while you were editing it.")
        self.query_one("#conflict-text", Static).update(text)
        self.query_one("#compare").display = not deleted
        self.query_one("#take").display = not deleted
        self.display = True

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id:
            self.post_message(self.Chosen(event.button.id))
