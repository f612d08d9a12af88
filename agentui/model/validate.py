"""Schema checks: the diagnostics that come from what the fields say."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from agentui.model import diagnostics as d
from agentui.model.diagnostics import ClaudeCodeVerdict, Diagnostic, YamlVerdict
from agentui.model.schema import (
    CLAUDE_LEGACY_TOOLS,
    CLAUDE_NAME_RE,
    FieldSpec,
    FieldType,
    Kind,
    schema_for,
)
from agentui.model.tools import base_tool, is_known_claude_tool, tool_names

if TYPE_CHECKING:
    from agentui.model.document import AgentDocument


def _line_of(document: AgentDocument, key: str) -> int | None:
    found = document.entry(key)
    return found[0].first + 1 if found else None


def _type_name(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a map"
    return type(value).__name__


def validate(document: AgentDocument) -> list[Diagnostic]:
    """Check a document's fields against its kind's schema.

    Args:
        document: a parsed document (its own diagnostics are not read).

    Returns:
        The schema diagnostics.
    """
    if document.yaml in (YamlVerdict.UNREADABLE,) or document.split is None:
        return []
    if document.yaml is YamlVerdict.NONE and not document.fields:
        if document.kind is Kind.CLAUDE_CODE and not document.split.unclosed:
            return [d.warning(
                "missing-frontmatter",
                "Claude Code does not load a file without frontmatter as an agent.",
                1, 1,
            )]  # fmt: skip
        return []
    schema = schema_for(document.kind)
    lines: dict[str, int] = {}
    for entry in document.entries:
        lines.setdefault(entry.key, entry.first + 1)
    out: list[Diagnostic] = []
    for required in schema.fields:
        if required.required and required.name not in document.fields:
            out.append(_missing(document, required))
    for key, value in document.fields.items():
        spec = schema.get(key)
        line = lines.get(key)
        if spec is None:
            out.append(_unknown_key(document.kind, key, schema.keys, line))
            continue
        out.extend(_check_value(document.kind, spec, key, value, line))
    return out


def _missing(document: AgentDocument, spec: FieldSpec) -> Diagnostic:
    line = (document.split.open_line or 0) + 1 if document.split else None
    if document.kind is Kind.CLAUDE_CODE:
        effect = {
            "name": "Claude Code skips an agent without a name.",
            "description": "Claude Code does not load an agent without a description.",
        }.get(spec.name, "")
        if document.claude_code is ClaudeCodeVerdict.LOADS_WITHOUT_METADATA:
            effect = "agentui could not recover it either."
    else:
        effect = f"{schema_for(document.kind).label}s need it."
    return d.error(f"missing-{spec.name}", f"No '{spec.name}' field. {effect}".strip(), line, 1)


def _unknown_key(kind: Kind, key: str, known: Iterable[str], line: int | None) -> Diagnostic:
    known = list(known)
    lowered = {k.lower().replace("-", "").replace("_", ""): k for k in known}
    guess = lowered.get(key.lower().replace("-", "").replace("_", ""))
    if guess is None:
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
        guess = close[0] if close else None
    hint = f" Did you mean '{guess}'?" if guess else ""
    label = schema_for(kind).label
    if kind is Kind.OPENCODE:
        return d.info(
            "unknown-key",
            f"'{key}' is not an {label} field; OpenCode passes it to the model provider.{hint}",
            line,
            1,
        )
    return d.warning(
        "unknown-key", f"'{key}' is not a {label} field; it is ignored.{hint}", line, 1
    )


def _check_value(
    kind: Kind, spec: FieldSpec, key: str, value: Any, line: int | None
) -> list[Diagnostic]:
    what = f"'{key}'"
    wrong = d.warning if not spec.required else d.error
    ftype = spec.type
    if ftype in (FieldType.STRING, FieldType.TEXT):
        if not isinstance(value, str):
            return [
                wrong("wrong-type", f"{what} should be text, not {_type_name(value)}.", line, 1)
            ]
        if spec.name == "name" and kind is Kind.CLAUDE_CODE and not CLAUDE_NAME_RE.match(value):
            return [d.warning(
                "invalid-name",
                f"'{value}' is not a valid Claude Code agent name: use lowercase letters, digits "
                "and single hyphens (e.g. code-reviewer).",
                line, 1,
            )]  # fmt: skip
        if spec.required and not value.strip():
            return [d.error("empty-value", f"{what} is empty.", line, 1)]
        return []
    if ftype is FieldType.ENUM:
        if not isinstance(value, str) or value not in spec.allowed:
            close = difflib.get_close_matches(str(value), spec.allowed, n=1, cutoff=0.6)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            effect = " Claude Code drops it silently." if kind is Kind.CLAUDE_CODE else ""
            return [d.warning(
                "invalid-value",
                f"{what} is {_show(value)}, not one of {', '.join(spec.allowed)}.{effect}{hint}",
                line, 1,
            )]  # fmt: skip
        return []
    if ftype is FieldType.MODEL:
        if not isinstance(value, str):
            return [
                wrong("wrong-type", f"{what} should be text, not {_type_name(value)}.", line, 1)
            ]
        if value.lower() in spec.allowed or value.startswith("claude-"):
            return []
        return [d.warning(
            "invalid-value",
            f"'{key}' {_show(value)} is not inherit, sonnet, opus, haiku or a claude-* model ID; "
            "Claude Code passes it on unchanged and the agent may fail to start.",
            line, 1,
        )]  # fmt: skip
    if ftype is FieldType.INT:
        number = value if isinstance(value, int) and not isinstance(value, bool) else None
        if isinstance(value, str) and value.strip().isdigit():
            number = int(value)
        if number is None or number < 1:
            return [
                d.warning(
                    "invalid-value", f"{what} should be a whole number of 1 or more.", line, 1
                )
            ]
        return []
    if ftype is FieldType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return [d.warning("wrong-type", f"{what} should be a number.", line, 1)]
        return []
    if ftype is FieldType.BOOL:
        if not isinstance(value, bool) and value not in ("true", "false"):
            return [d.warning("wrong-type", f"{what} should be true or false.", line, 1)]
        return []
    if ftype is FieldType.LIST:
        if isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(x, str) for x in value)
        ):
            return []
        return [d.warning("wrong-type", f"{what} should be a list of names.", line, 1)]
    if ftype is FieldType.MAP:
        if not isinstance(value, dict):
            return [d.warning("wrong-type", f"{what} should be a map of keys to values.", line, 1)]
        return []
    if ftype is FieldType.TOOLS:
        return _check_tools(kind, key, value, line)
    return []


def _check_tools(kind: Kind, key: str, value: Any, line: int | None) -> list[Diagnostic]:
    if kind is Kind.OPENCODE:
        if isinstance(value, dict) and all(isinstance(v, bool) for v in value.values()):
            return []
        return [d.warning("wrong-type", f"'{key}' should be a map of tool: true/false.", line, 1)]
    if value is None:
        return [
            d.info("empty-tools", f"'{key}' is empty: the agent gets no tools from it.", line, 1)
        ]
    if not isinstance(value, str | list):
        return [
            d.warning(
                "wrong-type", f"'{key}' should be a comma-separated list or a YAML list.", line, 1
            )
        ]
    if kind is not Kind.CLAUDE_CODE:
        return []
    out: list[Diagnostic] = []
    for name in tool_names(value) or []:
        if not is_known_claude_tool(name):
            out.append(d.warning(
                "unknown-tool",
                f"'{base_tool(name)}' in '{key}' is not a Claude Code tool; it is ignored.",
                line, 1,
            ))  # fmt: skip
        elif base_tool(name) in CLAUDE_LEGACY_TOOLS:
            out.append(
                d.info(
                    "legacy-tool", f"'{base_tool(name)}' in '{key}' is an older tool name.", line, 1
                )
            )
    return out


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def duplicate_names(documents: Iterable[AgentDocument]) -> dict[int, Diagnostic]:
    """Diagnostics for agents of one kind that share a name.

    Args:
        documents: the documents checked together.

    Returns:
        A diagnostic per affected document, keyed by its index in ``documents``.
    """
    groups: dict[tuple[Kind, str], list[int]] = defaultdict(list)
    docs = list(documents)
    for index, document in enumerate(docs):
        if document.name:
            groups[(document.kind, document.name)].append(index)
    out: dict[int, Diagnostic] = {}
    for (_, name), members in groups.items():
        if len(members) < 2:
            continue
        for index in members:
            others = [str(docs[o].path) for o in members if o != index]
            out[index] = d.warning(
                "duplicate-name",
                f"The name '{name}' is also used by {', '.join(others)}; only one of them is "
                "loaded.",
                _line_of(docs[index], "name"),
                1,
            )
    return out
