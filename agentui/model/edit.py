"""Surgical edits: change one field's lines, or the body, and nothing else.

Every edit is checked by reading the result back: the edited field must read as the
value set, every other field as before, and a file that was valid YAML must stay valid.
When the simplest way of writing a value fails that check, the next one is tried; when
none passes, the edit is refused and the document is unchanged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import yaml

from agentui.model.diagnostics import ClaudeCodeVerdict, YamlVerdict
from agentui.model.document import AgentDocument, parse_document
from agentui.model.entries import KEY_LINE, Entry, read_entry_value
from agentui.model.render import (
    Rendering,
    double_quoted,
    dump_block,
    flow_item,
    plain_ok,
    scalar_candidates,
    scalar_text,
)
from agentui.model.schema import FieldType, Kind, schema_for
from agentui.model.split import BOM, dominant_ending
from agentui.model.tools import split_tool_string, tool_names
from agentui.model.yamlsafe import YamlProblem, safe_parse

_RANK = {
    ClaudeCodeVerdict.LOADS: 0,
    ClaudeCodeVerdict.NOT_APPLICABLE: 0,
    ClaudeCodeVerdict.IGNORED: 0,
    ClaudeCodeVerdict.LOADS_AFTER_QUOTING: 1,
    ClaudeCodeVerdict.LOADS_WITHOUT_METADATA: 2,
}


class EditError(Exception):
    """An edit that agentui refuses; the document is unchanged."""


@dataclass(frozen=True, slots=True)
class _Style:
    """How an existing list is written, to write the new one the same way."""

    shape: str
    """``comma``, ``flow`` or ``block``."""
    item_indent: str = "  "
    separator: str = ", "
    padded: bool = False


def _editable(document: AgentDocument) -> None:
    if document.split is None:
        raise EditError("the file could not be read as text, so agentui will not edit it")
    if document.yaml is YamlVerdict.UNREADABLE:
        raise EditError("the frontmatter is too large to edit")
    if document.split.unclosed:
        raise EditError("the frontmatter block is never closed; close it with a '---' line first")
    if document.split.has_frontmatter and document.fields and not document.entries:
        raise EditError("the frontmatter is a single '{...}' mapping; edit it by hand")
    if any(x.code == "frontmatter-not-mapping" for x in document.diagnostics):
        raise EditError("the frontmatter is not a set of 'key: value' fields")


def _list_style(document: AgentDocument, entry: Entry | None) -> _Style:
    if entry is None or document.split is None:
        if document.kind is Kind.CLAUDE_CODE:
            return _Style("comma")
        return _Style("flow")
    lines = document.split.lines
    current = document.fields.get(entry.key)
    if isinstance(current, str):
        return _Style("comma")
    if entry.style == "block-seq" and entry.last > entry.first + 1:
        item = lines[entry.first + 1].text
        return _Style("block", item_indent=item[: len(item) - len(item.lstrip())] or "")
    text = lines[entry.first].text
    inner = text[entry.value_column or 0 :]
    return _Style(
        "flow",
        separator=", " if ", " in inner or "," not in inner else ",",
        padded=inner.startswith("[ "),
    )


def _list_candidates(items: list[str], style: _Style) -> list[Rendering]:
    if style.shape == "comma":
        joined = ", ".join(items)
        if any("," in item and "(" not in item for item in items):
            return _list_candidates(items, _Style("flow"))
        return scalar_candidates(joined)
    if style.shape == "block":
        if not items:
            return [["[]"]]
        indent = style.item_indent
        return [[""] + [f"{indent}- {flow_item(i) if not plain_ok(i) else i}" for i in items]]
    out: list[Rendering] = []
    for render in (flow_item, double_quoted):
        body = style.separator.join(render(item) for item in items)
        out.append([f"[ {body} ]" if style.padded and body else f"[{body}]"])
    return out


def _candidates(
    document: AgentDocument, key: str, value: Any, entry: Entry | None
) -> list[Rendering]:
    simple = scalar_text(value)
    if simple is not None:
        return [[simple]]
    if isinstance(value, str):
        return scalar_candidates(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        spec = schema_for(document.kind).get(key)
        if (
            spec is not None
            and spec.type is FieldType.TOOLS
            or isinstance(document.fields.get(key), list | str)
        ):
            return _list_candidates(value, _list_style(document, entry))
        return _list_candidates(value, _Style("flow"))
    if isinstance(value, dict | list):
        flow = yaml.safe_dump(value, default_flow_style=True, width=10_000).strip()
        return [dump_block(value), [flow]]
    raise EditError(f"agentui cannot write a value of type {type(value).__name__}")


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


def _reads_as(document: AgentDocument, key: str, value: Any) -> bool:
    if key not in document.fields:
        return False
    got = document.fields[key]
    if isinstance(value, list) and isinstance(got, str):
        return tool_names(got) == value
    return _equal(got, value)


def _as_written(document: AgentDocument) -> dict[str, Any]:
    """Each field as its own lines say, read one entry at a time when the block is broken.

    Claude Code's retry can read a valid line differently (it quotes ``tools: [a, b]``
    into a string); once an edit makes the block valid, that line reads as written.
    """
    if document.yaml is YamlVerdict.STRICT or document.split is None:
        return document.fields
    values: dict[str, Any] = {}
    for entry in document.entries:
        values.setdefault(entry.key, read_entry_value(entry, document.split.lines)[0])
    return values


def _check(before: AgentDocument, after: AgentDocument, key: str) -> bool:
    """Whether ``after`` reads like ``before`` except for ``key``."""
    if before.yaml is YamlVerdict.STRICT and after.yaml is not YamlVerdict.STRICT:
        return False
    if _RANK[after.claude_code] > _RANK[before.claude_code]:
        return False
    same_reading = before.yaml is after.yaml and before.claude_code is after.claude_code
    fields_before = before.fields if same_reading else _as_written(before)
    fields_after = after.fields if same_reading else _as_written(after)
    others_before = {k: v for k, v in fields_before.items() if k != key}
    others_after = {k: v for k, v in fields_after.items() if k != key}
    if others_before.keys() != others_after.keys():
        return False
    return all(_equal(others_before[k], others_after[k]) for k in others_before)


def _key_text(key: str) -> str:
    return key if plain_ok(key) and KEY_LINE.match(f"{key}:") else double_quoted(key)


def _assemble(document: AgentDocument, start: int, stop: int, new_lines: list[str]) -> str:
    assert document.split is not None
    split = document.split
    text = split.text
    begin = split.lines[start].start if start < len(split.lines) else len(text)
    end = split.lines[stop - 1].end if stop > start else begin
    return (BOM if split.bom else "") + text[:begin] + "".join(new_lines) + text[end:]


def _reparse(document: AgentDocument, text: str) -> AgentDocument:
    return parse_document(text, document.path, kind=document.kind, snapshot=document.snapshot)


def set_field(
    document: AgentDocument, key: str, value: Any, *, rewrite: bool = False
) -> AgentDocument:
    """Set one field, changing only its lines (or appending one entry for a new key).

    Args:
        document: the document to edit.
        key: the field's key.
        value: the new value: a string, number, boolean, None, list or map.
        rewrite: write the value again even when the file already reads as ``value``.

    Returns:
        The edited document (not yet saved); the same document when nothing changes.

    Raises:
        EditError: the edit cannot be made without changing anything else.
    """
    _editable(document)
    assert document.split is not None
    split = document.split
    found = document.entry(key)
    if len(found) > 1:
        lines = " and ".join(str(e.first + 1) for e in found)
        raise EditError(f"'{key}' appears more than once (lines {lines}); remove one by hand first")
    if found and not rewrite and _reads_as(document, key, value) and key in document.fields:
        return document
    entry = found[0] if found else None
    for rendering in _candidates(document, key, value, entry):
        if entry is not None:
            line = split.lines[entry.first]
            ending = line.ending or dominant_ending(split.lines)
            head = _entry_head(line.text, entry, rendering)
            new_lines = [head + rendering[0]] + rendering[1:]
            tail = _comment_tail(line.text, entry)
            if tail:
                new_lines[0] = new_lines[0].rstrip() + tail
            text = _assemble(document, entry.first, entry.last, [t + ending for t in new_lines])
        elif split.has_frontmatter:
            ending = dominant_ending(split.lines[: (split.close_line or 0) + 1])
            new_lines = [_key_text(key) + ":" + (" " if rendering[0] else "") + rendering[0]]
            new_lines += rendering[1:]
            close = split.close_line or 0
            text = _assemble(document, close, close, [t + ending for t in new_lines])
        else:
            ending = dominant_ending(split.lines)
            new_lines = ["---", _key_text(key) + ":" + (" " if rendering[0] else "") + rendering[0]]
            new_lines += rendering[1:] + ["---"]
            text = _assemble(document, 0, 0, [t + ending for t in new_lines])
        after = _reparse(document, text)
        if _reads_as(after, key, value) and _check(document, after, key):
            return after
    raise EditError(
        f"agentui could not write '{key}' without changing how the rest of the file reads"
    )


def _comment_tail(text: str, entry: Entry) -> str:
    """The comment on an entry's key line (spacing included), if it has one."""
    if entry.value_end is not None:
        tail = text[entry.value_end :]
        return tail if tail.strip().startswith("#") else ""
    if entry.style in ("empty", "literal", "folded", "block-seq", "block-map"):
        match = KEY_LINE.match(text)
        rest = text[match.end() :] if match else ""
        if entry.style in ("literal", "folded"):
            rest = rest.lstrip(" \t")[1:].lstrip("+-0123456789")
        stripped = rest.lstrip(" \t")
        if stripped.startswith("#"):
            return rest if rest[:1] in (" ", "\t") else " " + rest
    return ""


def _entry_head(text: str, entry: Entry, rendering: Rendering) -> str:
    """The key part of an entry's first line, spacing kept for a one-line value."""
    if len(rendering) == 1 and entry.value_column is not None:
        return text[: entry.value_column]
    match = KEY_LINE.match(text)
    key_text = match.group("key") if match else _key_text(entry.key)
    return key_text + ":" + (" " if rendering[0] else "")


def remove_field(document: AgentDocument, key: str) -> AgentDocument:
    """Remove one field's lines.

    Raises:
        EditError: the key is absent, duplicated, or removing it changes other fields.
    """
    _editable(document)
    found = document.entry(key)
    if not found:
        raise EditError(f"there is no '{key}' field")
    if len(found) > 1:
        raise EditError(f"'{key}' appears more than once; remove one by hand first")
    after = _reparse(document, _assemble(document, found[0].first, found[0].last, []))
    if key in after.fields or not _check(document, after, key):
        raise EditError(f"removing '{key}' would change how the rest of the file reads")
    return after


def replace_body(document: AgentDocument, body: str) -> AgentDocument:
    """Replace the Markdown body; the frontmatter block stays byte for byte.

    When the closing ``---`` is the file's last line with no line ending, one is added
    so the new body starts on a line of its own.

    Raises:
        EditError: the new body would change how the frontmatter reads.
    """
    if document.split is None:
        raise EditError("the file could not be read as text, so agentui will not edit it")
    split = document.split
    head = split.text[: split.body_start]
    if body and split.close_line is not None and not split.lines[split.close_line].ending:
        head += dominant_ending(split.lines)
    after = _reparse(document, (BOM if split.bom else "") + head + body)
    if after.body != body or not _check(document, after, "\0body"):
        raise EditError("this body would change how the frontmatter reads")
    return after


def coerce_value(document: AgentDocument, key: str, text: str) -> Any:
    """Read a command-line value as the field's type (lists are comma-separated).

    Raises:
        EditError: the text is not a value of the field's type.
    """
    spec = schema_for(document.kind).get(key)
    ftype = spec.type if spec else FieldType.STRING
    if ftype is FieldType.INT:
        try:
            return int(text)
        except ValueError:
            raise EditError(f"'{key}' takes a whole number, not {text!r}") from None
    if ftype is FieldType.NUMBER:
        try:
            number = float(text)
        except ValueError:
            raise EditError(f"'{key}' takes a number, not {text!r}") from None
        return int(number) if number.is_integer() and "." not in text else number
    if ftype is FieldType.BOOL:
        lowered = text.strip().lower()
        if lowered in ("true", "yes", "on", "1"):
            return True
        if lowered in ("false", "no", "off", "0"):
            return False
        raise EditError(f"'{key}' takes true or false, not {text!r}")
    if ftype is FieldType.TOOLS and document.kind is Kind.OPENCODE:
        return {name: True for name in split_tool_string(text)}
    if ftype in (FieldType.TOOLS, FieldType.LIST):
        return split_tool_string(text)
    if ftype in (FieldType.MAP, FieldType.ANY):
        try:
            return safe_parse(text).data
        except YamlProblem as problem:
            raise EditError(f"'{key}' takes YAML: {problem.message}") from None
    if ftype is FieldType.ENUM and spec is not None and text not in spec.allowed:
        raise EditError(f"'{key}' takes one of {', '.join(spec.allowed)}, not {text!r}")
    return text
