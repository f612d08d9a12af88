"""The kinds of agent file agentui knows, and the frontmatter fields of each."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """Which tool an agent file is written for."""

    CLAUDE_CODE = "claude-code"
    COPILOT = "copilot"
    OPENCODE = "opencode"


class FieldType(StrEnum):
    """How a field's value is shaped."""

    STRING = "string"
    TEXT = "text"
    """A string that is often several lines long."""
    ENUM = "enum"
    MODEL = "model"
    """A known alias or a full model ID."""
    TOOLS = "tools"
    """A tool list: a comma string or a YAML list (OpenCode: a map of booleans)."""
    LIST = "list"
    INT = "int"
    NUMBER = "number"
    BOOL = "bool"
    MAP = "map"
    ANY = "any"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One frontmatter field of a kind.

    Attributes:
        name: the key as written in the file.
        type: the value's shape.
        help: one line saying what the field does.
        required: whether the tool needs it to load the agent.
        allowed: the accepted values, for enum-like fields.
        dropped_when_invalid: whether the tool silently drops a value outside ``allowed``.
    """

    name: str
    type: FieldType
    help: str
    required: bool = False
    allowed: tuple[str, ...] = ()
    dropped_when_invalid: bool = True


@dataclass(frozen=True, slots=True)
class Schema:
    """The fields of one kind, in the order a form shows them."""

    kind: Kind
    label: str
    fields: tuple[FieldSpec, ...]
    aliases: dict[str, str] = field(default_factory=dict)
    """Keys accepted as another spelling of a field (alias → field)."""

    def get(self, key: str) -> FieldSpec | None:
        """The spec of ``key``, or None when the kind does not know it."""
        for spec in self.fields:
            if spec.name == key:
                return spec
        target = self.aliases.get(key)
        return self.get(target) if target else None

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key the kind knows, aliases included."""
        return tuple(spec.name for spec in self.fields) + tuple(self.aliases)


CLAUDE_MODEL_ALIASES = ("inherit", "sonnet", "opus", "haiku", "fable", "opusplan")
CLAUDE_COLORS = ("red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan")
CLAUDE_NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""Lowercase letters and digits in hyphen-separated words, as Claude Code's docs ask."""

CLAUDE_TOOLS: tuple[str, ...] = (
    "Agent", "Artifact", "AskUserQuestion", "Bash", "CronCreate", "CronDelete", "CronList",
    "Edit", "EnterPlanMode", "EnterWorktree", "ExitPlanMode", "ExitWorktree", "Glob", "Grep",
    "ListMcpResourcesTool", "LSP", "Monitor", "NotebookEdit", "PowerShell", "PushNotification",
    "Read", "ReadMcpResourceTool", "RemoteTrigger", "ReportFindings", "ScheduleWakeup",
    "SendMessage", "SendUserFile", "ShareOnboardingGuide", "Skill", "TaskCreate", "TaskGet",
    "TaskList", "TaskOutput", "TaskStop", "TaskUpdate", "TodoWrite", "ToolSearch",
    "WaitForMcpServers", "WebFetch", "WebSearch", "Workflow", "Write",
)  # fmt: skip
"""Claude Code's built-in tools."""
CLAUDE_LEGACY_TOOLS: tuple[str, ...] = (
    "Task", "MultiEdit", "NotebookRead", "BashOutput", "KillShell", "SlashCommand", "LS",
)  # fmt: skip
"""Older tool names still found in agent files."""

CLAUDE_CODE = Schema(
    Kind.CLAUDE_CODE,
    "Claude Code subagent",
    (
        FieldSpec(
            "name",
            FieldType.STRING,
            "Unique identifier: lowercase letters, digits and hyphens.",
            required=True,
        ),  # noqa: E501
        FieldSpec(
            "description",
            FieldType.TEXT,
            "When Claude should delegate to this agent.",
            required=True,
        ),  # noqa: E501
        FieldSpec("tools", FieldType.TOOLS, "Tools the agent may use; all tools when absent."),
        FieldSpec("disallowedTools", FieldType.TOOLS, "Tools removed from the agent's set."),
        FieldSpec(
            "model",
            FieldType.MODEL,
            "inherit, sonnet, opus, haiku, or a full model ID.",
            allowed=CLAUDE_MODEL_ALIASES,
            dropped_when_invalid=False,
        ),  # noqa: E501
        FieldSpec(
            "permissionMode",
            FieldType.ENUM,
            "How the agent asks for permission.",
            allowed=(
                "default",
                "acceptEdits",
                "auto",
                "dontAsk",
                "bypassPermissions",
                "plan",
                "manual",
            ),
        ),  # noqa: E501
        FieldSpec("maxTurns", FieldType.INT, "Most agentic turns before the agent stops."),
        FieldSpec("skills", FieldType.LIST, "Skills preloaded into the agent's context."),
        FieldSpec(
            "mcpServers", FieldType.ANY, "MCP servers for this agent only (names or configs)."
        ),  # noqa: E501
        FieldSpec("hooks", FieldType.MAP, "Lifecycle hooks scoped to this agent."),
        FieldSpec(
            "memory",
            FieldType.ENUM,
            "Persistent memory: user, project or local.",
            allowed=("user", "project", "local"),
        ),  # noqa: E501
        FieldSpec("background", FieldType.BOOL, "Always run the agent as a background task."),
        FieldSpec(
            "effort",
            FieldType.ENUM,
            "Reasoning effort for the agent.",
            allowed=("low", "medium", "high", "xhigh", "max"),
        ),  # noqa: E501
        FieldSpec(
            "isolation",
            FieldType.ENUM,
            "worktree runs the agent in a temporary git worktree.",
            allowed=("worktree",),
        ),  # noqa: E501
        FieldSpec(
            "color",
            FieldType.ENUM,
            "Colour of the agent in Claude Code's interface.",
            allowed=CLAUDE_COLORS,
        ),  # noqa: E501
        FieldSpec(
            "initialPrompt",
            FieldType.TEXT,
            "First user turn when the agent runs as the main session.",
        ),  # noqa: E501
    ),
)

COPILOT = Schema(
    Kind.COPILOT,
    "GitHub Copilot custom agent",
    (
        FieldSpec("name", FieldType.STRING, "Display name; the file name when absent."),
        FieldSpec(
            "description",
            FieldType.TEXT,
            "What the agent does (required on GitHub).",
            required=True,
        ),  # noqa: E501
        FieldSpec(
            "target",
            FieldType.ENUM,
            "Where the agent runs; both when absent.",
            allowed=("vscode", "github-copilot"),
        ),  # noqa: E501
        FieldSpec("tools", FieldType.TOOLS, "Tools the agent may use; all when absent."),
        FieldSpec("model", FieldType.ANY, "Model name, or a list tried in order (VS Code)."),
        FieldSpec("argument-hint", FieldType.STRING, "Hint shown in the chat input (VS Code)."),
        FieldSpec("agents", FieldType.LIST, "Agents this one may call as subagents (VS Code)."),
        FieldSpec("handoffs", FieldType.ANY, "Buttons for the next step of a workflow (VS Code)."),
        FieldSpec("mcp-servers", FieldType.MAP, "MCP servers for this agent (GitHub and CLI)."),
        FieldSpec("metadata", FieldType.MAP, "Annotations as string pairs (GitHub)."),
        FieldSpec("user-invocable", FieldType.BOOL, "false hides the agent from the picker."),
        FieldSpec(
            "disable-model-invocation", FieldType.BOOL, "true stops automatic use of the agent."
        ),  # noqa: E501
        FieldSpec("infer", FieldType.BOOL, "Retired: false equals disable-model-invocation: true."),  # noqa: E501
        FieldSpec("hooks", FieldType.MAP, "Hooks scoped to this agent (VS Code preview)."),
    ),
    aliases={"user-invokable": "user-invocable"},
)

OPENCODE = Schema(
    Kind.OPENCODE,
    "OpenCode agent",
    (
        FieldSpec(
            "description", FieldType.TEXT, "What the agent does and when to use it.", required=True
        ),  # noqa: E501
        FieldSpec(
            "mode",
            FieldType.ENUM,
            "primary, subagent or all (the default).",
            allowed=("primary", "subagent", "all"),
        ),  # noqa: E501
        FieldSpec("model", FieldType.STRING, "provider/model-id, e.g. anthropic/claude-sonnet-4."),
        FieldSpec("variant", FieldType.STRING, "Default model variant."),
        FieldSpec("temperature", FieldType.NUMBER, "Sampling temperature, usually 0 to 1."),
        FieldSpec("top_p", FieldType.NUMBER, "Nucleus sampling, 0 to 1."),
        FieldSpec("prompt", FieldType.TEXT, "System prompt; the Markdown body replaces it."),
        FieldSpec("tools", FieldType.TOOLS, "Deprecated map of tool: true/false; use permission."),
        FieldSpec("permission", FieldType.ANY, "ask, allow or deny, per tool or pattern."),
        FieldSpec("disable", FieldType.BOOL, "true turns the agent off."),
        FieldSpec("hidden", FieldType.BOOL, "true hides a subagent from @ completion."),
        FieldSpec("color", FieldType.STRING, "#RRGGBB or a theme colour name."),
        FieldSpec("steps", FieldType.INT, "Most agentic iterations before a text-only answer."),
        FieldSpec("maxSteps", FieldType.INT, "Deprecated spelling of steps."),
        FieldSpec("options", FieldType.MAP, "Provider options; unknown keys land here."),
        FieldSpec("name", FieldType.STRING, "Overrides the name taken from the file path."),
    ),
)

SCHEMAS: dict[Kind, Schema] = {s.kind: s for s in (CLAUDE_CODE, COPILOT, OPENCODE)}


def schema_for(kind: Kind) -> Schema:
    """The schema of ``kind``."""
    return SCHEMAS[kind]
