"""The banner on an agent whose file changed (or vanished) on disk while it had unsaved edits."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from agentui.model.text import one_line, visible


class ConflictBanner(Vertical):
    """Compare, Merge, Keep mine, Take theirs, Save mine as a copy; for a file renamed on
    disk, Follow or Stay. No automatic choice."""

    class Chosen(Message):
        """The user picked what to do: compare, merge, keep, take, copy, follow or stay."""

        def __init__(self, choice: str) -> None:
            super().__init__()
            self.choice = choice

    def compose(self) -> ComposeResult:
        yield Static("", id="conflict-text")
        with Horizontal(id="conflict-buttons"):
            yield Button("Follow", id="follow", compact=True, variant="primary")
            yield Button("Stay", id="stay", compact=True)
            yield Button("Compare", id="compare", compact=True)
            yield Button("Merge", id="merge", compact=True, variant="primary")
            yield Button("Keep mine", id="keep", compact=True, variant="warning")
            yield Button("Take theirs", id="take", compact=True)
            yield Button("Save mine as copy", id="copy", compact=True)

    def show_conflict(
        self,
        file_name: str,
        deleted: bool,
        *,
        renamed_to: str | None = None,
        merge_problem: str | None = None,
    ) -> None:
        """Show the banner for a file changed, deleted or renamed on disk.

        Args:
            file_name: the agent's file name.
            deleted: the file is gone from disk.
            renamed_to: the name the file was renamed to on disk (it is deleted, then).
            merge_problem: why Merge cannot be used (both sides changed one field), or
                None when it can.
        """
        text = Text()
        renamed = deleted and renamed_to is not None
        if renamed:
            text.append(f"{visible(file_name)} was renamed to {visible(renamed_to or '')} ")
            text.stylize("bold")
            text.append("on disk. Follow it with your edits? Stay keeps them here.")
        elif deleted:
            text.append(f"{visible(file_name)} was deleted on disk. ", style="bold")
            text.append("Your edits are kept; saving recreates the file.")
        else:
            text.append(f"{visible(file_name)} changed on disk ", style="bold")
            text.append("while you were editing it.")
            if merge_problem is not None:
                text.append(f" No merge: {one_line(merge_problem, 120)}.", style="italic")
        self.query_one("#conflict-text", Static).update(text)
        self.query_one("#follow").display = renamed
        self.query_one("#stay").display = renamed
        self.query_one("#compare").display = not deleted
        self.query_one("#take").display = not deleted
        merge = self.query_one("#merge", Button)
        merge.display = not deleted
        merge.disabled = merge_problem is not None
        merge.tooltip = merge_problem
        self.display = True

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id:
            self.post_message(self.Chosen(event.button.id))
