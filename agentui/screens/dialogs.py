"""Dialogs: confirmation and help. Every text they show from a file is literal."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question; dismisses with True only for an explicit yes."""

    BINDINGS = [
        Binding("escape", "answer(False)", "Cancel", id="confirm-cancel"),
        Binding("y", "answer(True)", "Yes", show=False, id="confirm-yes"),
        Binding("n", "answer(False)", "No", show=False, id="confirm-no"),
    ]

    def __init__(self, question: Text, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, id="question")
            with Horizontal(id="buttons"):
                yield Button(self.yes, id="yes", variant="primary")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """Close the dialog with ``answer``."""
        self.dismiss(answer)


HELP = (
    ("Browse", (
        ("↑ ↓  j k", "move between agents"),
        ("←  →", "fold or unfold a scope or folder"),
        ("/", "filter agents (fuzzy: name, description, file name)"),
        ("esc", "clear the filter"),
        ("tab / shift+tab", "move between panes"),
    )),
    ("View", (
        ("r", "toggle the raw file text"),
        ("ctrl+b", "show or hide the tree pane"),
        ("[  ]", "narrow or widen the tree pane"),
        ("f", "show or hide the frontmatter pane"),
    )),
    ("App", (
        ("ctrl+p", "command palette: open agent…, themes, every action"),
        ("? / f1", "this help"),
        ("ctrl+q", "quit"),
    )),
)  # fmt: skip


class HelpScreen(ModalScreen[None]):
    """The keys, grouped by what they do."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help-close"),
    ]

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("agentui\n", style="bold")
        text.append(
            "Browse every agent in reach; see how Claude Code will load each one.\n", style="dim"
        )
        for title, rows in HELP:
            text.append(f"\n{title}\n", style="bold underline")
            for keys, what in rows:
                text.append(f"  {keys:<16}", style="bold")
                text.append(f"{what}\n")
        text.append("\nBadges\n", style="bold underline")
        for symbol, style, words in (
            ("✓", "green", "Claude Code loads it"),
            ("↻", "bold yellow", "loads only after Claude Code's retry; strict tools reject it"),
            ("⚠", "bold dark_orange", "Claude Code loses its metadata"),
            ("✗", "bold red", "has errors or cannot be read"),
            ("∅", "bold red", "Claude Code ignores it"),
        ):
            text.append(f"  {symbol}  ", style=style)
            text.append(f"{words}\n")
        with VerticalScroll(id="help"):
            yield Static(text)
