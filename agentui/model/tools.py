"""Tool lists in all their real shapes: comma strings, YAML lists, OpenCode maps."""

from __future__ import annotations

from typing import Any

from agentui.model.schema import CLAUDE_LEGACY_TOOLS, CLAUDE_TOOLS


def split_tool_string(text: str) -> list[str]:
    """Split a comma-separated tool string; commas inside parentheses do not split.

    >>> split_tool_string("Read, Grep, Agent(a, b)")
    ['Read', 'Grep', 'Agent(a, b)']
    """
    items: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char == "," and depth == 0:
            items.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    items.append("".join(current).strip())
    return [item for item in items if item]


def tool_names(value: Any) -> list[str] | None:
    """The tools a ``tools``-like value names, or None when it is absent or unusable.

    An OpenCode map of booleans gives the tools set to true.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return split_tool_string(value)
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    if isinstance(value, dict):
        return [str(key) for key, enabled in value.items() if enabled is True]
    return None


def base_tool(name: str) -> str:
    """The tool a specifier names: ``Bash(npm run *)`` → ``Bash``."""
    return name.split("(", 1)[0].strip()


def is_known_claude_tool(name: str) -> bool:
    """Whether Claude Code knows the tool a specifier names (MCP tools always count)."""
    base = base_tool(name)
    return (
        base == "*"
        or base.startswith("mcp__")
        or base in CLAUDE_TOOLS
        or base in CLAUDE_LEGACY_TOOLS
    )


def effective_tools(tools: Any, disallowed: Any) -> list[str] | None:
    """Tools minus disallowedTools; None means every tool (``tools`` absent)."""
    allowed = tool_names(tools)
    removed = {base_tool(t) for t in tool_names(disallowed) or []}
    if allowed is None:
        return None
    return [t for t in allowed if base_tool(t) not in removed and t not in removed]


TOOL_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Read-only",
        ("Read", "Glob", "Grep", "WebFetch", "WebSearch", "LSP", "ToolSearch", "TodoWrite"),
    ),
    ("Edit", ("Edit", "Write", "NotebookEdit")),
    ("Execution", ("Bash", "PowerShell", "Monitor", "TaskOutput", "TaskStop")),
)
"""Claude Code's tools grouped as its agent editor grouped them; MCP and other tools follow."""

COPILOT_TOOLS = ("read", "edit", "search", "execute", "web", "agent", "todo")
OPENCODE_TOOLS = ("read", "write", "edit", "patch", "bash", "grep", "glob", "list", "webfetch",
                  "todowrite", "todoread")  # fmt: skip


def group_tools(kind_is_claude: bool, selected: list[str]) -> list[tuple[str, list[str]]]:
    """The picker's groups: known tools by group, then MCP tools, then any others named.

    Args:
        kind_is_claude: whether Claude Code's tool set applies.
        selected: the tools the field names now (kept even when unknown).
    """
    if not kind_is_claude:
        return [("Tools", list(dict.fromkeys(selected)))]
    groups: list[tuple[str, list[str]]] = [(title, list(names)) for title, names in TOOL_GROUPS]
    grouped = {name for _, names in TOOL_GROUPS for name in names}
    mcp = [t for t in dict.fromkeys(selected) if base_tool(t).startswith("mcp__")]
    other_known = [t for t in CLAUDE_TOOLS if t not in grouped]
    extra = [
        t
        for t in dict.fromkeys(selected)
        if t not in grouped and t not in mcp and t not in other_known
    ]
    groups.append(("MCP", mcp))
    groups.append(("Other", other_known + extra))
    return groups
