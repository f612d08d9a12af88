"""Split an agent file's text into BOM, frontmatter block and body, keeping every byte."""

from __future__ import annotations

import re
from dataclasses import dataclass

BOM = "\ufeff"
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")
_OPEN_RE = re.compile(r"---[ \t]*")
_CLOSE_RE = re.compile(r"(-{3,})[ \t]*")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text with its ending.

    Attributes:
        start: offset of the first character in the text.
        text: the line without its ending.
        ending: ``"\\n"``, ``"\\r\\n"``, ``"\\r"`` or ``""`` for a last line with none.
    """

    start: int
    text: str
    ending: str

    @property
    def end(self) -> int:
        """Offset just past the line's ending."""
        return self.start + len(self.text) + len(self.ending)


def split_lines(text: str) -> list[Line]:
    """Split text into lines, keeping each line's own ending (LF, CRLF or CR).

    Args:
        text: any text.

    Returns:
        The lines; joining ``text + ending`` of each gives back ``text`` exactly.
    """
    lines: list[Line] = []
    pos = 0
    length = len(text)
    while pos < length:
        match = _LINE_RE.match(text, pos)
        assert match is not None
        raw = match.group(0)
        if raw.endswith("\r\n"):
            body, ending = raw[:-2], "\r\n"
        elif raw.endswith(("\n", "\r")):
            body, ending = raw[:-1], raw[-1]
        else:
            body, ending = raw, ""
        lines.append(Line(pos, body, ending))
        pos = match.end()
    return lines


@dataclass(frozen=True, slots=True)
class Split:
    """Where the parts of an agent file are.

    Attributes:
        bom: whether the file starts with a UTF-8 byte order mark (not part of ``text``).
        text: the file's text after the BOM.
        lines: every line of ``text``.
        open_line: index of the opening ``---`` line, or None when there is no frontmatter.
        close_line: index of the closing line, or None when absent or never closed.
        body_start: offset in ``text`` where the body starts.
    """

    bom: bool
    text: str
    lines: list[Line]
    open_line: int | None
    close_line: int | None
    body_start: int

    @property
    def has_frontmatter(self) -> bool:
        """True when a complete frontmatter block opens the file."""
        return self.open_line is not None and self.close_line is not None

    @property
    def unclosed(self) -> bool:
        """True when the file opens a frontmatter block that never closes."""
        return self.open_line is not None and self.close_line is None

    @property
    def frontmatter_lines(self) -> list[Line]:
        """The lines between the fences (empty when there is no block)."""
        if self.open_line is None or self.close_line is None:
            return []
        return self.lines[self.open_line + 1 : self.close_line]

    @property
    def frontmatter_text(self) -> str:
        """The text between the fences, with the original line endings."""
        lines = self.frontmatter_lines
        if not lines:
            return ""
        return self.text[lines[0].start : lines[-1].end]

    @property
    def first_frontmatter_line(self) -> int:
        """0-based index in ``lines`` of the first line inside the block."""
        return (self.open_line or 0) + 1

    @property
    def body(self) -> str:
        """The Markdown body: everything after the closing fence (the whole text if none)."""
        return self.text[self.body_start :]

    @property
    def closing_dashes(self) -> int:
        """How many dashes the closing line has (0 when there is none)."""
        if self.close_line is None:
            return 0
        match = _CLOSE_RE.fullmatch(self.lines[self.close_line].text)
        return len(match.group(1)) if match else 0


def split_text(text: str) -> Split:
    """Find the BOM, the frontmatter block and the body of an agent file's text.

    The block opens on the very first line (after a BOM) with ``---`` and closes at the
    next line made only of three or more dashes. A file whose first line is not ``---``
    has no frontmatter, as Claude Code sees it.

    Args:
        text: the decoded file, possibly starting with a BOM.

    Returns:
        The split; its parts concatenate back to the input exactly.
    """
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    lines = split_lines(text)
    if not lines or not _OPEN_RE.fullmatch(lines[0].text) or not lines[0].ending:
        return Split(bom, text, lines, None, None, 0)
    for index in range(1, len(lines)):
        if _CLOSE_RE.fullmatch(lines[index].text):
            return Split(bom, text, lines, 0, index, lines[index].end)
    return Split(bom, text, lines, 0, None, 0)


def dominant_ending(lines: list[Line]) -> str:
    """The line ending most used in ``lines`` (LF when there is none)."""
    counts: dict[str, int] = {}
    for line in lines:
        if line.ending:
            counts[line.ending] = counts.get(line.ending, 0) + 1
    if not counts:
        return "\n"
    return max(counts, key=lambda ending: counts[ending])
