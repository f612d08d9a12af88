"""A tree of agents that lays out thousands of lines quickly."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from agentui.model.catalog import AgentRecord


class AgentList(Tree[AgentRecord | None]):
    """A tree of agents that measures each label once.

    A tree lays out every line again whenever its styles change (focus moving in or out of
    the pane, showing it again): with thousands of agents, measuring every label each time
    took most of a second.
    """

    def __init__(self, label: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(label, id=id)
        self._label_widths: dict[int, tuple[object, int]] = {}

    def get_label_width(self, node: TreeNode[AgentRecord | None]) -> int:
        """The label's width in cells, as ``Tree.get_label_width`` finds it, measured once."""
        label = node.label
        known = self._label_widths.get(node.id)
        if known is not None and known[0] is label:
            width = known[1]
        else:
            width = cell_len(label) if isinstance(label, str) else label.cell_len
            self._label_widths[node.id] = (label, width)
        if node.allow_expand:
            width += cell_len(self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE)
        return width

    def clear(self) -> AgentList:
        """Remove every node (and forget their widths); the cursor is on no line."""
        self._label_widths.clear()
        # A tree keeps its cursor line when cleared: a new node on that line would then
        # never be announced as highlighted.
        self.move_cursor(None)
        super().clear()
        return self
