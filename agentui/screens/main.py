"""The main screen: tree, frontmatter and preview panes, and the routing between them."""

from __future__ import annotations

import webbrowser
from urllib.parse import urlparse

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header

from agentui.model.catalog import AgentRecord, load_catalog
from agentui.model.scopes import Scope
from agentui.model.text import one_line, visible
from agentui.screens.dialogs import ConfirmScreen
from agentui.widgets.agent_tree import AgentTree
from agentui.widgets.frontmatter_pane import FrontmatterPane
from agentui.widgets.preview_pane import PreviewPane

NARROW_WIDTH = 110
"""Below this many columns the frontmatter and preview panes stack."""


class MainScreen(Screen[None]):
    """Every agent in reach: pick one on the left, read it on the right."""

    AUTO_FOCUS = "#agents"

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("r", "toggle_raw", "Raw", id="toggle-raw"),
        Binding("f", "toggle_frontmatter", "Fields", id="toggle-frontmatter"),
        Binding("ctrl+b", "toggle_tree", "Tree", id="toggle-tree"),
        Binding(
            "left_square_bracket", "resize_tree(-4)", "Narrower", show=False, id="tree-narrower"
        ),  # noqa: E501
        Binding("right_square_bracket", "resize_tree(4)", "Wider", show=False, id="tree-wider"),
    ]

    class CatalogLoaded(Message):
        """The agents were read from disk."""

        def __init__(self, records: list[AgentRecord]) -> None:
            super().__init__()
            self.records = records

    def __init__(self, scopes: list[Scope]) -> None:
        super().__init__()
        self.scopes = scopes
        self.records: list[AgentRecord] = []
        self.tree_width = 38

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            yield AgentTree(id="tree-pane")
            with Container(id="reading"):
                yield FrontmatterPane(id="frontmatter-pane")
                yield PreviewPane(id="preview-pane")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#tree-pane", AgentTree).border_title = "Agents"
        self.query_one("#frontmatter-pane", FrontmatterPane).border_title = "Frontmatter"
        self._apply_tree_width()
        self.load_agents()

    @work(thread=True, exclusive=True, group="load-agents")
    def load_agents(self) -> None:
        """Read every agent of every scope, off the event loop."""
        self.post_message(self.CatalogLoaded(load_catalog(self.scopes)))

    @on(CatalogLoaded)
    def _loaded(self, event: CatalogLoaded) -> None:
        self.records = event.records
        tree = self.query_one("#tree-pane", AgentTree)
        tree.set_records(event.records)
        if not event.records:
            self._empty_state()
        else:
            tree.agents.focus()

    def _empty_state(self) -> None:
        text = Text()
        text.append("No agents in reach.\n\n", style="bold")
        text.append("agentui looked in:\n")
        for scope in self.scopes:
            text.append(f"  {visible(scope.shown_as or str(scope.folder))}", style="bold")
            text.append(f"  ({scope.label})\n", style="dim")
        text.append("\nCreate your first agent:\n\n", style="bold")
        text.append("  mkdir -p .claude/agents\n", style="italic")
        text.append("  and write .claude/agents/my-agent.md:\n\n", style="italic")
        text.append(
            "  ---\n  name: my-agent\n  description: When Claude should use this agent.\n"
            "  model: inherit\n  ---\n\n  You are ... (the agent's prompt)\n"
        )
        text.append("\nOr try the demo set: agentui --demo\n", style="dim")
        self.query_one("#frontmatter-pane", FrontmatterPane).show_message(text)
        self.query_one("#preview-pane", PreviewPane).show(None)

    @on(AgentTree.AgentSelected)
    def _selected(self, event: AgentTree.AgentSelected) -> None:
        self.query_one("#frontmatter-pane", FrontmatterPane).show(event.record)
        self.query_one("#preview-pane", PreviewPane).show(event.record)
        self.sub_title = one_line(event.record.relative_path, 80)

    def open_record(self, record: AgentRecord) -> None:
        """Select ``record`` in the tree (clearing a filter that hides it)."""
        tree = self.query_one("#tree-pane", AgentTree)
        if not tree.select_path(record.path):
            tree.action_clear_filter()
            tree.select_path(record.path)
        tree.agents.focus()

    @on(PreviewPane.LinkRequested)
    def _link(self, event: PreviewPane.LinkRequested) -> None:
        href = event.href
        scheme = urlparse(href).scheme.lower()
        if scheme not in ("http", "https"):
            self.notify(
                f"agentui opens only http and https links, not: {one_line(href, 100)}",
                title="Link not opened",
                severity="warning",
                markup=False,
            )
            return
        question = Text("Open this link in your browser?\n\n")
        question.append(one_line(href, 300), style="bold")

        def answered(yes: bool | None) -> None:
            if yes:
                self._open_link(href)

        self.app.push_screen(ConfirmScreen(question, yes="Open"), answered)

    @work(thread=True, group="open-link")
    def _open_link(self, href: str) -> None:
        webbrowser.open(href)

    def action_filter(self) -> None:
        """Focus the filter box."""
        self.query_one("#tree-pane", AgentTree).focus_filter()

    def action_toggle_raw(self) -> None:
        """Switch the preview between rendered Markdown and the raw file."""
        self.query_one("#preview-pane", PreviewPane).toggle_raw()

    def action_toggle_tree(self) -> None:
        """Show or hide the tree pane."""
        self.toggle_class("-no-tree")

    def action_toggle_frontmatter(self) -> None:
        """Show or hide the frontmatter pane."""
        self.toggle_class("-no-frontmatter")

    def action_resize_tree(self, delta: int) -> None:
        """Make the tree pane narrower or wider."""
        self.tree_width = max(20, min(self.tree_width + delta, max(24, self.size.width - 30)))
        self._apply_tree_width()

    def _apply_tree_width(self) -> None:
        self.query_one("#tree-pane", AgentTree).styles.width = self.tree_width

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < NARROW_WIDTH
        self.set_class(narrow, "-narrow")
        if narrow and self.tree_width > 32:
            self.tree_width = 30
            self._apply_tree_width()
