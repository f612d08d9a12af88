"""Dialogs: confirmation and help. Every text they show from a file is literal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from agentui.model.document import AgentDocument
from agentui.model.text import visible


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
        ("tab / shift+tab", "move between panes and fields"),
    )),
    ("Edit", (
        ("(type in a field)", "edits apply as you type; bad values are refused"),
        ("ctrl+s", "save the selected agent (only edited lines change)"),
        ("ctrl+z / ctrl+y", "undo / redo field edits"),
        ("d", "show the unsaved changes as a diff"),
        ("b", "edit the prompt; the preview follows"),
        ("e", "open the file in $VISUAL / $EDITOR"),
        ("p", "make portable: rewrite only values strict YAML rejects"),
    )),
    ("Files", (
        ("n", "new agent (project or user scope)"),
        ("c", "duplicate the selected agent"),
        ("f2", "rename (name and file together)"),
        ("m", "move between project and user scope"),
        ("delete", "delete (to the system trash)"),
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
        ("ctrl+q", "quit (asks when edits are unsaved)"),
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


class DiffScreen(ModalScreen[None]):
    """The pending edits of one file as a unified diff, shown literally."""

    BINDINGS = [Binding("escape,q,d", "dismiss", "Close", id="diff-close")]

    def __init__(self, title: str, diff: str) -> None:
        super().__init__()
        self.title_text = title
        self.diff = diff

    def compose(self) -> ComposeResult:
        from agentui.model.text import visible

        text = Text()
        text.append(visible(self.title_text) + "\n\n", style="bold")
        if not self.diff:
            text.append("No unsaved changes.", style="dim")
        for line in self.diff.splitlines():
            style = "green" if line.startswith("+") else "red" if line.startswith("-") else ""
            if line.startswith(("+++", "---")):
                style = "bold"
            elif line.startswith("@@"):
                style = "cyan"
            text.append(visible(line) + "\n", style=style)
        with VerticalScroll(id="diff"):
            yield Static(text)


class NameScreen(ModalScreen[str | None]):
    """Ask for an agent name, checked as it is typed."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="name-cancel")]

    def __init__(self, question: Text, initial: str, check: Callable[[str], str | None]) -> None:
        super().__init__()
        self.question = question
        self.initial = initial
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, id="question")
            yield Input(self.initial, id="name", placeholder="agent-name")
            yield Static("", id="problem")
            with Horizontal(id="buttons"):
                yield Button("OK", id="yes", variant="primary")
                yield Button("Cancel", id="no")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self._validate(self.initial)

    def _validate(self, name: str) -> str | None:
        problem = self.check(name)
        self.query_one("#problem", Static).update(Text(visible(problem or ""), style="bold red"))
        self.query_one("#yes", Button).disabled = problem is not None
        return problem

    @on(Input.Changed, "#name")
    def _changed(self, event: Input.Changed) -> None:
        self._validate(event.value)

    @on(Input.Submitted, "#name")
    def _submitted(self, event: Input.Submitted) -> None:
        if self._validate(event.value) is None:
            self.dismiss(event.value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        name = self.query_one("#name", Input).value
        if event.button.id == "yes" and self._validate(name) is None:
            self.dismiss(name)
        elif event.button.id == "no":
            self.dismiss(None)

    def action_cancel(self) -> None:
        """Close without a name."""
        self.dismiss(None)


@dataclass(frozen=True, slots=True)
class NewAgent:
    """What the new-agent dialog collected."""

    scope: str
    name: str
    description: str
    model: str | None
    color: str | None
    tools: list[str]


class NewAgentScreen(ModalScreen[NewAgent | None]):
    """Create an agent: scope, name and description, optionally model, colour and tools."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="new-cancel")]

    def __init__(self, scopes: list[str], check: Callable[[str, str], str | None]) -> None:
        super().__init__()
        self.scopes = scopes
        self.check = check

    def compose(self) -> ComposeResult:
        from agentui.model.schema import CLAUDE_COLORS, CLAUDE_MODEL_ALIASES

        with Vertical(id="dialog", classes="new-agent"):
            yield Static(Text("New agent", style="bold"))
            yield Select(
                [(s, s) for s in self.scopes],
                value=self.scopes[0],
                allow_blank=False,
                id="scope",
                compact=True,
            )
            yield Input(placeholder="name, e.g. code-reviewer", id="name")
            yield Input(placeholder="description: when should Claude use it?", id="description")
            yield Select(
                [(m, m) for m in CLAUDE_MODEL_ALIASES],
                prompt="model (optional)",
                id="model",
                compact=True,
            )
            yield Select(
                [(c, c) for c in CLAUDE_COLORS], prompt="color (optional)", id="color", compact=True
            )
            yield Input(placeholder="tools (optional), e.g. Read, Grep, Glob", id="tools")
            yield Static("", id="problem")
            with Horizontal(id="buttons"):
                yield Button("Create", id="yes", variant="primary")
                yield Button("Cancel", id="no")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self._validate()

    def _values(self) -> NewAgent:
        from agentui.model.tools import split_tool_string

        def chosen(select_id: str) -> str | None:
            value = self.query_one(select_id, Select).value
            return None if value is Select.NULL else str(value)

        return NewAgent(
            scope=str(self.query_one("#scope", Select).value),
            name=self.query_one("#name", Input).value.strip(),
            description=self.query_one("#description", Input).value.strip(),
            model=chosen("#model"),
            color=chosen("#color"),
            tools=split_tool_string(self.query_one("#tools", Input).value),
        )

    def _validate(self) -> NewAgent | None:
        values = self._values()
        problem = self.check(values.scope, values.name)
        if problem is None and not values.description:
            problem = "A description is required: Claude Code does not load an agent without one."
        self.query_one("#problem", Static).update(Text(visible(problem or ""), style="bold red"))
        self.query_one("#yes", Button).disabled = problem is not None
        return None if problem else values

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self._validate()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        values = self._validate()
        if values is not None:
            self.dismiss(values)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "yes":
            values = self._validate()
            if values is not None:
                self.dismiss(values)
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        """Close without creating anything."""
        self.dismiss(None)


class CompareScreen(ModalScreen[None]):
    """Base, mine and theirs field by field, then the raw diff of mine against theirs."""

    BINDINGS = [Binding("escape,q", "dismiss", "Close", id="compare-close")]

    def __init__(
        self, title: str, base: AgentDocument, mine: AgentDocument, theirs: AgentDocument
    ) -> None:
        super().__init__()
        self.title_text = title
        self.base = base
        self.mine = mine
        self.theirs = theirs

    def compose(self) -> ComposeResult:
        from agentui.model.buffer import text_diff
        from agentui.model.text import one_line, visible
        from agentui.widgets.words import value_text

        text = Text()
        text.append(visible(self.title_text) + "\n\n", style="bold")
        keys = list(dict.fromkeys([*self.base.fields, *self.mine.fields, *self.theirs.fields]))
        text.append("Fields that differ\n", style="bold underline")
        missing = object()
        differ = False
        for key in keys:
            values = [doc.fields.get(key, missing) for doc in (self.base, self.mine, self.theirs)]
            if values[0] == values[1] == values[2]:
                continue
            differ = True
            text.append(f"\n{visible(key)}\n", style="bold")
            for label, value in zip(("base", "mine", "theirs"), values, strict=True):
                shown = "(absent)" if value is missing else one_line(value_text(value), 300)
                text.append(f"  {label:<7}", style="dim")
                text.append(shown + "\n")
        if self.base.body != self.mine.body or self.base.body != self.theirs.body:
            differ = True
            text.append("\nThe prompt differs: see the raw diff below.\n", style="italic")
        if not differ:
            text.append("No field differs.\n", style="dim")
        text.append("\nRaw diff: mine against theirs\n", style="bold underline")
        for line in text_diff(self.theirs.text, self.mine.text, "file").splitlines()[2:]:
            style = "green" if line.startswith("+") else "red" if line.startswith("-") else ""
            text.append(visible(line) + "\n", style=style)
        with VerticalScroll(id="diff"):
            yield Static(text)
