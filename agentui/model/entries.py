"""Where each top-level frontmatter key sits in the file, so edits touch only its lines.

Two ways to find them: from the YAML nodes when the block parses (exact), and from a
line scanner when it does not (the way a person reads a broken block: a line that
continues a value belongs to that value, even when it looks like ``user: "..."``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode

from agentui.model.claude_code import quote_problematic_values
from agentui.model.split import Line
from agentui.model.yamlsafe import YamlProblem, safe_parse

KEY_LINE = re.compile(
    r"""^(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[A-Za-z_$][A-Za-z0-9_$.\-/]*)[ \t]*:(?=[ \t]|$)"""
)
"""A top-level ``key:`` line at column 0."""
_LINE_ENDING = re.compile(r"\r\n|\n|\r")


@dataclass(frozen=True, slots=True)
class Entry:
    """One top-level key of the frontmatter and the lines it occupies.

    Attributes:
        key: the key as YAML reads it.
        first: index (in the file's lines) of the key's line.
        last: index just past the entry's last line.
        value_column: column where a one-line value starts (None otherwise).
        value_end: column where a one-line value ends, before any comment.
        style: ``plain``, ``single``, ``double``, ``literal``, ``folded``, ``flow-seq``,
            ``block-seq``, ``flow-map``, ``block-map``, ``empty`` or ``raw``.
    """

    key: str
    first: int
    last: int
    value_column: int | None = None
    value_end: int | None = None
    style: str = "raw"


def _trim(lines: list[Line], first: int, last: int, floor: int) -> int:
    """Move ``last`` back over blank lines and column-0 comments, not below ``floor``."""
    while last > floor and (
        not lines[last - 1].text.strip() or lines[last - 1].text.startswith("#")
    ):
        last -= 1
    return max(last, first + 1)


def _node_style(node: Node) -> str:
    if isinstance(node, ScalarNode):
        if node.style in ("'", '"'):
            return {"'": "single", '"': "double"}[node.style]
        if node.style == "|":
            return "literal"
        if node.style == ">":
            return "folded"
        return (
            "plain" if node.value != "" or node.start_mark.index != node.end_mark.index else "empty"
        )
    flow = bool(getattr(node, "flow_style", False))
    if isinstance(node, MappingNode):
        return "flow-map" if flow else "block-map"
    return "flow-seq" if flow else "block-seq"


class _Locator:
    """Maps a YAML mark's character index to a line of the file and a column in it.

    YAML counts NEL, LS and PS as line breaks and the file's lines do not, so marks'
    line numbers cannot be used directly; their character index can.
    """

    def __init__(self, parsed_text: str, offset: int) -> None:
        # Where each line of the parsed text starts (as split_lines splits it): at 0, and
        # after every line ending that is not the text's last character.
        length = len(parsed_text)
        self.starts = [0]
        ends = (match.end() for match in _LINE_ENDING.finditer(parsed_text))
        self.starts.extend(end for end in ends if end < length)
        self.offset = offset

    def line(self, index: int) -> int:
        """The file line (index into the file's lines) of a character of the parsed text."""
        return self.offset + bisect_right(self.starts, index) - 1

    def column(self, index: int) -> int:
        """The column of a character of the parsed text in its line."""
        return index - self.starts[bisect_right(self.starts, index) - 1]


def entries_from_node(
    root: MappingNode,
    lines: list[Line],
    offset: int,
    end: int,
    parsed_text: str,
    rewritten: frozenset[int] = frozenset(),
) -> list[Entry]:
    """Entries of a parsed block mapping.

    Args:
        root: the mapping node of the frontmatter.
        lines: every line of the file.
        offset: index in ``lines`` of the frontmatter's first line.
        end: index of the closing fence line.
        parsed_text: the text YAML parsed (the frontmatter, or Claude Code's rewrite of it,
            which has the same lines).
        rewritten: lines (counted from the frontmatter's first) whose text the rewrite
            changed: their columns are not the file's.

    Returns:
        One entry per key, in file order.
    """
    where = _Locator(parsed_text, offset)
    pairs = root.value
    result: list[Entry] = []
    for position, (key_node, value_node) in enumerate(pairs):
        first = where.line(key_node.start_mark.index)
        if position + 1 < len(pairs):
            following = where.line(pairs[position + 1][0].start_mark.index)
        else:
            following = end
        stop = value_node.end_mark.index
        stop_line = where.line(stop)
        at_line_start = where.column(stop) == 0
        value_end_line = stop_line + (0 if at_line_start else 1)
        style = _node_style(value_node)
        if style in ("block-seq", "block-map"):
            floor = first + 1
        else:
            floor = max(stop_line - (1 if at_line_start else 0), first) + 1
        last = _trim(lines, first, min(following, max(value_end_line, first + 1)), floor)
        one_line = where.line(value_node.start_mark.index) == first == stop_line
        one_line = one_line and not at_line_start and style != "empty"
        one_line = one_line and (first - offset) not in rewritten
        value_column = where.column(value_node.start_mark.index) if one_line else None
        value_end = where.column(stop) if one_line else None
        key = str(key_node.value) if isinstance(key_node, ScalarNode) else str(key_node)
        result.append(Entry(key, first, last, value_column, value_end, style))
    return result


def scan_entries(
    lines: list[Line], offset: int, end: int, known_keys: frozenset[str]
) -> list[Entry]:
    """Find entries in a block that is not valid YAML, line by line.

    A column-0 ``key:`` line starts a new entry, except inside a value that has
    already run on over unindented lines (``<example>``, blank lines, ``user: "..."``):
    there only a key the kind knows starts a new entry. A key the kind does not know that
    repeats (``user:`` on every line of a run of examples) is never a key: it continues
    the value above it.

    Args:
        lines: every line of the file.
        offset: index of the first frontmatter line.
        end: index of the closing fence line.
        known_keys: the keys of the file's kind.

    Returns:
        One entry per key found, in file order.
    """
    starts: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for index in range(offset, end):
        match = KEY_LINE.match(lines[index].text)
        if match:
            key = _unquote_key(match.group("key"))
            seen[key] = seen.get(key, 0) + 1
    repeated = {key for key, count in seen.items() if count > 1 and key not in known_keys}
    runaway = False
    for index in range(offset, end):
        text = lines[index].text
        match = KEY_LINE.match(text)
        if match:
            key = _unquote_key(match.group("key"))
            if key not in repeated and (not runaway or key in known_keys):
                starts.append((index, key))
                runaway = False
                continue
        if starts and text and not text[0].isspace() and not text.startswith("#"):
            runaway = True
    result: list[Entry] = []
    for position, (first, key) in enumerate(starts):
        following = starts[position + 1][0] if position + 1 < len(starts) else end
        last = _trim(lines, first, following, first + 1)
        result.append(Entry(key, first, last))
    return result


def _unquote_key(key: str) -> str:
    if len(key) >= 2 and key[0] == key[-1] == "'":
        return key[1:-1].replace("''", "'")
    if len(key) >= 2 and key[0] == key[-1] == '"':
        try:
            parsed = safe_parse(key).data
        except YamlProblem:
            return key[1:-1]
        return str(parsed)
    return key


def read_entry_value(entry: Entry, lines: list[Line]) -> tuple[Any, bool]:
    """Read one entry of a broken block on its own.

    Returns:
        The value and whether it was read as YAML (False: taken as raw text).
    """
    chunk = [(line.text, line.ending) for line in lines[entry.first : entry.last]]
    text = "".join(t + e for t, e in chunk)
    for candidate in (text, quote_problematic_values(chunk).text):
        try:
            data = safe_parse(candidate).data
        except YamlProblem:
            continue
        if isinstance(data, dict) and len(data) == 1:
            return next(iter(data.values())), True
    return _raw_value(chunk), False


def _raw_value(chunk: list[tuple[str, str]]) -> str:
    """The text of a value that YAML cannot read: its lines as written."""
    first = chunk[0][0]
    match = KEY_LINE.match(first)
    head = first[match.end() :].strip() if match else first.strip()
    rest = [text for text, _ in chunk[1:]]
    while rest and not rest[-1].strip():
        rest.pop()
    indented = [t for t in rest if t.strip() and t[0] in " \t"]
    if indented and len(indented) == len([t for t in rest if t.strip()]):
        cut = min(len(t) - len(t.lstrip()) for t in indented)
        rest = [t[cut:] for t in rest]
    return "\n".join([head, *rest]) if rest else head
