"""Make portable: rewrite only the values that strict YAML cannot read.

A file Claude Code reads only after quoting some values, or reads without its metadata,
is rewritten so that strict YAML tools and Claude Code read the same fields: each broken
value is written again, in the simplest form that reads back exactly; every other line
stays as it is.
"""

from __future__ import annotations

from agentui.model.diagnostics import ClaudeCodeVerdict, YamlVerdict
from agentui.model.document import AgentDocument
from agentui.model.edit import EditError, set_field
from agentui.model.entries import Entry
from agentui.model.yamlsafe import YamlProblem, safe_parse


def _reads_alone(document: AgentDocument, entry: Entry) -> bool:
    assert document.split is not None
    lines = document.split.lines[entry.first : entry.last]
    try:
        data = safe_parse("".join(line.text + line.ending for line in lines)).data
    except YamlProblem:
        return False
    return isinstance(data, dict) and len(data) == 1


def broken_keys(document: AgentDocument) -> list[str]:
    """The keys whose lines strict YAML cannot read (each read on its own)."""
    if document.yaml is not YamlVerdict.RECOVERED or document.split is None:
        return []
    keys: list[str] = []
    for entry in document.entries:
        if entry.key not in keys and not _reads_alone(document, entry):
            keys.append(entry.key)
    return keys


def make_portable(document: AgentDocument) -> AgentDocument:
    """Rewrite the broken values so the file is valid YAML and reads as Claude Code read it.

    For a file Claude Code reads after quoting, each value keeps Claude Code's reading; for
    one it reads without metadata, each value keeps agentui's recovered reading (the
    continuation lines belong to the value they continue).

    Returns:
        The portable document (the same one when there is nothing to do).

    Raises:
        EditError: the file cannot be made valid by rewriting values alone.
    """
    if document.yaml is not YamlVerdict.RECOVERED:
        return document
    if any(x.code == "yaml-duplicate-key" for x in document.diagnostics):
        raise EditError("a key appears twice; remove one by hand first")
    keys = broken_keys(document)
    if not keys:
        raise EditError("no single value is broken; the block as a whole is not valid YAML")
    values = {key: document.fields[key] for key in keys if key in document.fields}
    current = document
    for key, value in values.items():
        current = set_field(current, key, value, rewrite=True)
    if current.yaml is not YamlVerdict.STRICT:
        raise EditError("rewriting the broken values did not make the file valid YAML")
    if document.claude_code is ClaudeCodeVerdict.LOADS_AFTER_QUOTING:
        changed = [k for k in values if current.fields.get(k) != values[k]]
        if changed:
            raise EditError(f"'{changed[0]}' would read differently; nothing was changed")
    return current
