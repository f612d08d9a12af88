"""The tree pane: every agent in reach, grouped by scope and folder, with a fuzzy filter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.fuzzy import FuzzySearch
from textual.message import Message
from textual.widgets import Input, Static, Tree
from textual.widgets.tree import TreeNode

from agentui.model.catalog import AgentRecord
from agentui.model.text import one_line
from agentui.widgets.labels import agent_label

Node = TreeNode[AgentRecord | None]


@dataclass(frozen=True, slots=True)
class _Match:
    score: float
    name_offsets: tuple[int, ...]


class AgentTree(Vertical, can_focus=False):
    """Agents grouped by scope, then folder; ``/`` filters as you type."""

    BINDINGS = [
        Binding("escape", "clear_filter", "Clear filter", show=False, id="clear-filter"),
    ]

    class AgentSelected(Message):
        """The highlighted agent changed."""

        def __init__(self, record: AgentRecord) -> None:
            super().__init__()
            self.record = record

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.records: list[AgentRecord] = []
        self.dirty_paths: set[Path] = set()
        self._search = FuzzySearch()
        self._selected: AgentRecord | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter agents…", id="filter", compact=True)
        tree: Tree[AgentRecord | None] = Tree("agents", id="agents")
        tree.show_root = False
        tree.guide_depth = 2
        yield tree
        yield Static("", id="tree-empty", markup=False)

    @property
    def agents(self) -> Tree[AgentRecord | None]:
        """The tree widget."""
        return self.query_one("#agents", Tree)

    @property
    def filter_input(self) -> Input:
        """The filter box."""
        return self.query_one("#filter", Input)

    def set_records(self, records: list[AgentRecord], select: Path | None = None) -> None:
        """Show a new set of agents, keeping the selection where the agent still exists.

        Args:
            records: the agents.
            select: the agent to select instead (a file just created or renamed).
        """
        self.records = records
        self._rebuild(select)

    def focus_filter(self) -> None:
        """Show and focus the filter box."""
        self.add_class("-filtering")
        self.filter_input.focus()

    def action_clear_filter(self) -> None:
        """Empty the filter and go back to the tree."""
        self.filter_input.value = ""
        self.remove_class("-filtering")
        self.agents.focus()

    def _match(self, query: str, record: AgentRecord) -> _Match | None:
        name_score, offsets = self._search.match(query, record.name)
        best = name_score
        for other in (record.summary.description or "", record.path.name):
            score, _ = self._search.match(query, other[:300])
            best = max(best, score * 0.8)
        if best <= 0:
            return None
        return _Match(best, tuple(offsets) if name_score > 0 else ())

    def _rebuild(self, select: Path | None = None) -> None:
        query = self.filter_input.value.strip()
        matches: dict[int, _Match] = {}
        for index, record in enumerate(self.records):
            if query:
                found = self._match(query, record)
                if found is None:
                    continue
                matches[index] = found
            else:
                matches[index] = _Match(0.0, ())
        tree = self.agents
        tree.clear()
        first: Node | None = None
        selected_node: Node | None = None
        scopes: dict[tuple[str, Path], Node] = {}
        folders: dict[tuple[str, Path, Path], Node] = {}
        for index, record in enumerate(self.records):
            if index not in matches:
                continue
            scope = record.scope
            key = (scope.label, scope.folder)
            if key not in scopes:
                title = Text(scope.label, style="bold")
                title.append(f"  {one_line(scope.shown_as or str(scope.folder), 60)}", style="dim")
                if scope.read_only:
                    title.append("  read-only", style="italic dim")
                scopes[key] = tree.root.add(title, data=None, expand=True)
            parent = scopes[key]
            try:
                relative = record.path.parent.relative_to(scope.folder)
            except ValueError:
                relative = Path(".")
            if relative != Path("."):
                folder_key = (scope.label, scope.folder, relative)
                if folder_key not in folders:
                    folders[folder_key] = parent.add(
                        Text(one_line(str(relative), 60) + "/", style="bold dim"),
                        data=None,
                        expand=True,
                    )
                parent = folders[folder_key]
            label = agent_label(
                record, matches[index].name_offsets, record.path in self.dirty_paths
            )
            node = parent.add_leaf(label, data=record)
            first = first or node
            wanted = select or (self._selected.path if self._selected is not None else None)
            if wanted is not None and record.path == wanted:
                selected_node = node
        shown, total = len(matches), len(self.records)
        self.border_subtitle = f"{shown}/{total}" if query else f"{total}"
        empty = self.query_one("#tree-empty", Static)
        empty.update("No agent matches the filter." if query and not shown else "")
        empty.display = bool(query and not shown)
        target = selected_node or first
        if target is not None:
            # Node lines exist only once the tree has refreshed after the rebuild.
            self.call_after_refresh(tree.move_cursor, target)
            if target.data is not None:
                self._announce(target.data)

    def _announce(self, record: AgentRecord) -> None:
        self._selected = record
        self.post_message(self.AgentSelected(record))

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._rebuild()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.agents.focus()

    @on(Tree.NodeHighlighted, "#agents")
    def _highlighted(self, event: Tree.NodeHighlighted[AgentRecord | None]) -> None:
        event.stop()
        record = event.node.data
        if record is not None and record is not self._selected:
            self._announce(record)

    def set_dirty(self, paths: set[Path]) -> None:
        """Mark the agents with unsaved edits."""
        if paths != self.dirty_paths:
            self.dirty_paths = paths
            self.refresh_labels()

    def refresh_labels(self) -> None:
        """Redraw every agent's label (after a save or a change of marks)."""
        for node in _walk(self.agents.root):
            if node.data is not None:
                node.set_label(agent_label(node.data, (), node.data.path in self.dirty_paths))

    def select_path(self, path: Path) -> bool:
        """Move the cursor to the agent at ``path``; False when it is not shown."""
        for node in _walk(self.agents.root):
            if node.data is not None and node.data.path == path:
                self.agents.move_cursor(node)
                self._announce(node.data)
                return True
        return False


def _walk(node: Node) -> list[Node]:
    out: list[Node] = []
    for child in node.children:
        out.append(child)
        out.extend(_walk(child))
    return out
