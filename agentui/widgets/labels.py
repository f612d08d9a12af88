"""Rich text for agents: badges, swatches and names, never parsed as markup."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from agentui.model.catalog import AgentRecord
from agentui.model.diagnostics import ClaudeCodeVerdict, YamlVerdict
from agentui.model.text import one_line

SWATCHES = {
    "red": "red", "blue": "blue", "green": "green", "yellow": "yellow", "purple": "magenta",
    "orange": "dark_orange", "pink": "hot_pink", "cyan": "cyan",
}  # fmt: skip
"""Claude Code's agent colours as terminal colours."""


def verdict_badge(record: AgentRecord) -> tuple[str, str, str]:
    """The badge of an agent: symbol, style and the words it stands for."""
    doc = record.summary
    if doc.yaml is YamlVerdict.UNREADABLE or not doc.readable:
        return "✗", "bold red", "cannot be read"
    if doc.claude_code is ClaudeCodeVerdict.LOADS_WITHOUT_METADATA:
        return "⚠", "bold dark_orange", "Claude Code loses its metadata"
    if doc.has_errors:
        return "✗", "bold red", "has errors"
    if doc.claude_code is ClaudeCodeVerdict.LOADS_AFTER_QUOTING:
        return "↻", "bold yellow", "loads only after Claude Code's retry"
    if doc.claude_code is ClaudeCodeVerdict.IGNORED:
        return "∅", "bold red", "Claude Code ignores it"
    return "✓", "green", "loads"


def agent_label(record: AgentRecord, highlights: Sequence[int] = (), dirty: bool = False) -> Text:
    """The tree label of an agent.

    Args:
        record: the agent.
        highlights: offsets in the name to mark as filter matches.
        dirty: whether it has unsaved edits.
    """
    symbol, style, _ = verdict_badge(record)
    label = Text()
    if dirty:
        label.append("*", style="bold yellow")
    label.append(symbol, style=style)
    label.append(" ")
    color = record.summary.color
    swatch = SWATCHES.get(color) if color is not None else None
    label.append("●" if swatch else " ", style=swatch or "")
    label.append(" ")
    name = one_line(record.name, 60)
    start = len(label)
    label.append(name, style="strike dim" if record.shadowed_by else "")
    for offset in highlights:
        if offset < len(name):
            label.stylize("bold reverse", start + offset, start + offset + 1)
    if record.file_stem != record.summary.display_name:
        label.append(f"  {one_line(record.path.name, 40)}", style="dim")
    if record.shadowed_by is not None:
        label.append(f"  shadowed by {record.shadowed_by.scope.label}", style="italic dim")
    if record.duplicates:
        label.append("  same name twice", style="bold red")
    return label
