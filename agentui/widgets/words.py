"""Verdicts and values in words, for the frontmatter pane."""

from __future__ import annotations

from typing import Any

import yaml

from agentui.model.diagnostics import ClaudeCodeVerdict, YamlVerdict
from agentui.model.document import AgentDocument
from agentui.model.schema import Kind, schema_for
from agentui.model.text import one_line


def _keys_quoted(document: AgentDocument) -> str:
    keys = []
    for diag in document.diagnostics:
        if diag.code == "needs-quoting":
            key = diag.message.split("'")[1] if "'" in diag.message else "a value"
            key = one_line(key, 60)
            if key not in keys:
                keys.append(key)
    if not keys:
        return "a value"
    return " and ".join(f"the {k}" for k in keys)


def claude_code_sentence(document: AgentDocument) -> str:
    """How Claude Code will see the file, in one sentence."""
    verdict = document.claude_code
    if verdict is ClaudeCodeVerdict.LOADS:
        return "Claude Code loads this agent."
    if verdict is ClaudeCodeVerdict.LOADS_AFTER_QUOTING:
        return (
            f"Claude Code loads this only after quoting {_keys_quoted(document)}: "
            "Copilot and OpenCode reject it."
        )
    if verdict is ClaudeCodeVerdict.LOADS_WITHOUT_METADATA:
        return (
            "Claude Code cannot parse this frontmatter, even after its retry: it loads the "
            "agent without its name, description, tools, model or color."
        )
    if verdict is ClaudeCodeVerdict.IGNORED:
        if not document.readable:
            return "Claude Code cannot read this file."
        if not document.split or not document.split.has_frontmatter:
            return "Claude Code ignores this file: it has no frontmatter."
        if not document.name:
            return "Claude Code ignores this file: it has no name."
        return "Claude Code ignores this file."
    return f"A {schema_for(document.kind).label}; Claude Code does not load it."


def yaml_sentence(document: AgentDocument) -> str:
    """How the frontmatter reads as YAML, in one sentence (file text made visible)."""
    verdict = document.yaml
    if verdict is YamlVerdict.STRICT:
        return "Valid YAML: every tool reads these fields the same way."
    if verdict is YamlVerdict.RECOVERED:
        return "Not valid YAML: agentui recovered the fields below."
    if verdict is YamlVerdict.NONE:
        return "No frontmatter block."
    reason = document.diagnostics[0].message if document.diagnostics else "unreadable"
    return f"Cannot be read: {one_line(reason, 300)}"


def value_text(value: Any) -> str:
    """A field's value as text: strings as they are, lists joined, maps as YAML."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "(empty)"
    if isinstance(value, list) and all(isinstance(x, str | int | float) for x in value):
        return ", ".join(str(x) for x in value)
    try:
        dumped = yaml.safe_dump(
            value, default_flow_style=False, sort_keys=False, allow_unicode=True
        ).rstrip()
    except yaml.YAMLError:
        return str(value)
    # A lone scalar (a number, a date) is dumped as a document with an end marker: "8\n...".
    return dumped.removesuffix("\n...")


def kind_label(kind: Kind) -> str:
    """The kind as people name it."""
    return schema_for(kind).label
