"""The tree pane: every agent in reach, grouped by scope and folder, with a ranked filter."""

from __future__ import annotations

import os
from collections.abc import Hashable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static, Tree
from textual.widgets.tree import TreeNode

from agentui.model.catalog import AgentRecord
from agentui.model.scopes import Scope
from agentui.model.search import Match, Search, SearchText, best
from agentui.model.text import one_line
from agentui.widgets.agent_list import AgentList
from agentui.widgets.labels import agent_label

Node = TreeNode[AgentRecord | None]

MAX_SHOWN = 50
"""Matches listed while filtering, best first; the others are only counted."""


def _place(record: AgentRecord) -> tuple[str, str]:
    """Where an agent is under its scope's folder: its folder (``""`` at the top) and path.

    Worked out on the paths' text: thousands of ``Path.relative_to`` calls took most of the
    time to list the agents.
    """
    top = str(record.scope.folder).rstrip(os.sep) + os.sep
    path = str(record.path)
    if not path.startswith(top):
        return "", record.path.name
    inside = path[len(top) :]
    return inside.rpartition(os.sep)[0], inside


def _scope_title(scope: Scope) -> Text:
    title = Text(scope.label, style="bold")
    title.append(f"  {one_line(scope.shown_as or str(scope.folder), 60)}", style="dim")
    if scope.read_only:
        title.append("  read-only", style="italic dim")
    return title


def _folder_title(folder: str) -> Text:
    return Text(one_line(folder, 60) + "/", style="bold dim")


class AgentTree(Vertical, can_focus=False):
    """Agents grouped by scope, then folder; ``/`` filters as you type, best match first.

    The whole tree is built when the agents change; while a filter is typed, a second tree
    lists the best matches (at most ``MAX_SHOWN``), so that no keystroke rebuilds the whole
    tree and clearing the filter shows it again at once.
    """

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
        self._selected: AgentRecord | None = None
        self._query = ""
        self._search = Search([])
        self._match_count = 0
        self._folders: dict[Path, str] = {}
        """Each agent's folder under its scope's folder (``""`` at the top)."""
        self._layout: list[tuple[str, Path, str, Path]] = []
        """The whole tree's shape: each agent's scope, folder and path, in order."""
        self._agent_nodes: dict[Path, Node] = {}
        """The whole tree's agent nodes."""
        self._matches: dict[Path, tuple[Node, tuple[int, ...]]] = {}
        """The listed matches' nodes, with the name's matching characters."""
        self._labels: dict[Path, Hashable] = {}
        self._match_labels: dict[Path, Hashable] = {}
        """What each agent's label was drawn from, in each tree, to redraw only changes."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter agents…", id="filter", compact=True)
        for tree_id in ("agents", "matches"):
            tree = AgentList(tree_id, id=tree_id)
            tree.show_root = False
            tree.guide_depth = 2
            tree.display = tree_id == "agents"
            yield tree
        yield Static("", id="tree-empty", markup=False)

    @property
    def agents(self) -> Tree[AgentRecord | None]:
        """The tree shown: the best matches while filtering, else every agent."""
        return self.query_one("#matches" if self._query else "#agents", Tree)

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
        places = [_place(record) for record in records]
        self._folders = {r.path: folder for r, (folder, _) in zip(records, places, strict=True)}
        self._search = Search(
            [
                SearchText.of(r.name, inside, r.summary.description)
                for r, (_, inside) in zip(records, places, strict=True)
            ]
        )
        wanted = select or (self._selected.path if self._selected is not None else None)
        self._update_whole_tree()
        if self._query:
            target = self._list_matches(wanted)
        else:
            node = self._agent_nodes.get(wanted) if wanted is not None else None
            if node is None and records:
                node = self._agent_nodes.get(records[0].path)
            target = node.data if node is not None else None
        self._show_counts()
        if target is not None:
            self._announce(target)
            self._sync_cursor()

    def focus_filter(self) -> None:
        """Show and focus the filter box."""
        self.add_class("-filtering")
        self.filter_input.focus()

    def action_clear_filter(self) -> None:
        """Empty the filter and go back to the whole tree, on the selected agent."""
        self._set_query("")
        self.filter_input.value = ""
        self.remove_class("-filtering")
        self.agents.focus()

    def _set_query(self, query: str) -> None:
        if query == self._query:
            return
        self._query = query
        if query:
            target = self._list_matches(None)
            if target is not None and target is not self._selected:
                self._announce(target)
        else:
            self._show_whole_tree()
        self._show_counts()
        self._sync_cursor(now=bool(query))

    def _label_key(self, record: AgentRecord, offsets: tuple[int, ...] = ()) -> Hashable:
        shadowed = record.shadowed_by.scope.label if record.shadowed_by is not None else None
        dirty = record.path in self.dirty_paths
        return (record.summary, record.name, shadowed, bool(record.duplicates), dirty, offsets)

    def _label(self, record: AgentRecord, offsets: tuple[int, ...] | None = None) -> Text:
        """An agent's label; a match (``offsets`` given) also names its folder."""
        label = agent_label(record, offsets or (), record.path in self.dirty_paths)
        folder = self._folders.get(record.path, "")
        if offsets is not None and folder:
            label.append(f"  {one_line(folder, 40)}/", style="dim")
        return label

    def _relabel(
        self, node: Node, record: AgentRecord, offsets: tuple[int, ...] | None = None
    ) -> None:
        """Redraw an agent's label if what it shows changed."""
        labels = self._labels if offsets is None else self._match_labels
        key = self._label_key(record, offsets or ())
        if labels.get(record.path) != key:
            labels[record.path] = key
            node.set_label(self._label(record, offsets))

    def _update_whole_tree(self) -> None:
        """Make the whole tree show ``records``: relabel when only the agents changed."""
        folders = self._folders
        layout = [(r.scope.label, r.scope.folder, folders[r.path], r.path) for r in self.records]
        if layout != self._layout:
            self._build_whole_tree()
            self._layout = layout
            return
        for record in self.records:
            node = self._agent_nodes[record.path]
            node.data = record
            self._relabel(node, record)

    def _build_whole_tree(self) -> None:
        tree = self.query_one("#agents", Tree)
        tree.clear()
        self._agent_nodes = {}
        self._labels = {}
        scopes: dict[tuple[str, Path], Node] = {}
        folders: dict[tuple[str, Path, str], Node] = {}
        for record in self.records:
            scope = record.scope
            key = (scope.label, scope.folder)
            if key not in scopes:
                scopes[key] = tree.root.add(_scope_title(scope), data=None, expand=True)
            parent = scopes[key]
            folder = self._folders[record.path]
            if folder:
                folder_key = (scope.label, scope.folder, folder)
                if folder_key not in folders:
                    folders[folder_key] = parent.add(_folder_title(folder), data=None, expand=True)
                parent = folders[folder_key]
            node = parent.add_leaf(self._label(record), data=record)
            self._agent_nodes[record.path] = node
            self._labels[record.path] = self._label_key(record)

    def _list_matches(self, keep: Path | None) -> AgentRecord | None:
        """List the best matches of the query, grouped by scope, best first.

        Args:
            keep: the agent to select if it is listed (else the best match is).

        Returns:
            The agent selected, or None when nothing matches.
        """
        found = self._search.find(self._query)
        self._match_count = len(found)
        tree = self.query_one("#matches", Tree)
        tree.clear()
        self._matches = {}
        self._match_labels = {}
        scopes: dict[tuple[str, Path], Node] = {}
        first: Node | None = None
        shown: list[Match] = best(found, MAX_SHOWN)
        for match in shown:
            record = self.records[match.index]
            key = (record.scope.label, record.scope.folder)
            if key not in scopes:
                scopes[key] = tree.root.add(_scope_title(record.scope), data=None, expand=True)
            offsets = match.name_offsets
            node = scopes[key].add_leaf(self._label(record, offsets), data=record)
            self._matches[record.path] = (node, offsets)
            self._match_labels[record.path] = self._label_key(record, offsets)
            first = first or node
        if len(found) > len(shown):
            more = Text(f"… {len(found) - len(shown):,} more: type more to narrow", style="dim")
            tree.root.add_leaf(more, data=None)
        self.query_one("#agents", Tree).display = False
        tree.display = True
        # Lay the lines out now rather than when first drawn: the list's new size then comes
        # with this keystroke's layout instead of asking for a second one.
        tree.last_line  # noqa: B018
        kept = self._matches.get(keep) if keep is not None else None
        target = kept[0] if kept is not None else first
        return target.data if target is not None else None

    def _show_whole_tree(self) -> None:
        matches = self.query_one("#matches", Tree)
        matches.display = False
        matches.clear()
        self._matches = {}
        self._match_labels = {}
        self.query_one("#agents", Tree).display = True

    def _selected_node(self) -> Node | None:
        """The selected agent's node in the tree shown, if it is there."""
        if self._selected is None:
            return None
        path = self._selected.path
        if self._query:
            listed = self._matches.get(path)
            return listed[0] if listed is not None else None
        return self._agent_nodes.get(path)

    def _sync_cursor(self, now: bool = False) -> None:
        """Put the shown tree's cursor on the selected agent.

        Args:
            now: the tree's lines are laid out already (else wait until it has refreshed).
        """

        def move() -> None:
            node = self._selected_node()
            tree = self.agents
            if node is not None and tree.cursor_node is not node:
                self._move_quietly(node)

        if now:
            move()
        else:
            self.call_after_refresh(move)

    def _show_counts(self) -> None:
        total = len(self.records)
        shown = self._match_count if self._query else total
        self.border_subtitle = f"{shown}/{total}" if self._query else f"{total}"
        nothing = bool(self._query and not shown)
        empty = self.query_one("#tree-empty", Static)
        if empty.display != nothing:
            # Updating a Static lays out the whole screen again: only when it changes.
            empty.update("No agent matches the filter." if nothing else "")
            empty.display = nothing

    def _announce(self, record: AgentRecord) -> None:
        self._selected = record
        self.post_message(self.AgentSelected(record))

    def on_mount(self) -> None:
        # Filter as the value changes, within the keystroke's own handling: the list and the
        # box are then laid out and drawn together, once.
        self.watch(self.filter_input, "value", self._filter_typed, init=False)

    def _filter_typed(self, value: str) -> None:
        self._set_query(value.strip())

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.agents.focus()

    @on(Tree.NodeHighlighted, "#agents, #matches")
    def _highlighted(self, event: Tree.NodeHighlighted[AgentRecord | None]) -> None:
        event.stop()
        record = event.node.data
        if record is None or record is self._selected:
            return
        # A highlight posted before the list changed (typing on) names a node gone since.
        if self._query:
            listed = self._matches.get(record.path)
            current = listed[0] if listed is not None else None
        else:
            current = self._agent_nodes.get(record.path)
        if current is event.node:
            self._announce(record)

    def set_dirty(self, paths: set[Path]) -> None:
        """Mark the agents with unsaved edits."""
        if paths != self.dirty_paths:
            changed = paths ^ self.dirty_paths
            self.dirty_paths = set(paths)
            self.refresh_labels(changed)

    def refresh_labels(self, paths: set[Path] | None = None) -> None:
        """Redraw the labels of agents that changed (after a save or a change of marks).

        Args:
            paths: only these agents (None: every agent, each redrawn only if it changed).
        """
        self._refresh_search(paths)
        for path, node in self._agent_nodes.items():
            if (paths is None or path in paths) and node.data is not None:
                self._relabel(node, node.data)
        for path, (node, offsets) in self._matches.items():
            if (paths is None or path in paths) and node.data is not None:
                self._relabel(node, node.data, offsets)

    def _refresh_search(self, paths: set[Path] | None) -> None:
        """Let the filter find agents by their names and descriptions as they are now (a
        file changed on disk or saved keeps its place in the list)."""
        texts = list(self._search.texts)
        if len(texts) != len(self.records):
            return
        changed = False
        for index, record in enumerate(self.records):
            if paths is None or record.path in paths:
                text = SearchText.of(record.name, _place(record)[1], record.summary.description)
                if text != texts[index]:
                    texts[index] = text
                    changed = True
        if changed:
            self._search = Search(texts)

    def select_path(self, path: Path) -> bool:
        """Move the cursor to the agent at ``path``; False when it is not shown."""
        if self._query:
            listed = self._matches.get(path)
            node = listed[0] if listed is not None else None
        else:
            node = self._agent_nodes.get(path)
        if node is None or node.data is None:
            return False
        self._move_quietly(node)
        self._announce(node.data)
        return True

    def _move_quietly(self, node: Node) -> None:
        """Move the cursor without the highlight it posts: the caller announces the agent.

        A highlight from a move of ours could be handled after a later selection (a file
        created while the watcher reports it) and would take the selection back.
        """
        tree = self.agents
        with tree.prevent(Tree.NodeHighlighted):
            tree.move_cursor(node)
