"""Split an agent file's text into BOM, frontmatter block and body, keeping every byte."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

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


def iter_lines(text: str) -> Iterator[Line]:
    """The lines of a text, one at a time, each with its own ending (LF, CRLF or CR).

    Args:
        text: any text.

    Yields:
        Each line; joining ``text + ending`` of each gives back ``text`` exactly.
    """
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
        yield Line(pos, body, ending)
        pos = match.end()


def split_lines(text: str) -> list[Line]:
    """Split text into lines, keeping each line's own ending (LF, CRLF or CR).

    Args:
        text: any text.

    Returns:
        The lines; joining ``text + ending`` of each gives back ``text`` exactly.
    """
    return list(iter_lines(text))


@dataclass(frozen=True, slots=True)
class Split:
    """Where the parts of an agent file are.

    Finding the parts splits only the lines up to the closing fence; the body's lines are
    split the first time ``lines`` is read (reading the frontmatter never needs them).

    Attributes:
        bom: whether the file starts with a UTF-8 byte order mark (not part of ``text``).
        text: the file's text after the BOM.
        open_line: index of the opening ``---`` line, or None when there is no frontmatter.
        close_line: index of the closing line, or None when absent or never closed.
        body_start: offset in ``text`` where the body starts.
    """

    bom: bool
    text: str
    open_line: int | None
    close_line: int | None
    body_start: int
    _head: list[Line] | None = field(default=None, repr=False, compare=False)
    """The lines up to and including the closing fence, when the block is complete."""
    _lines: list[Line] | None = field(default=None, repr=False, compare=False)
    """Every line, once split."""

    @property
    def lines(self) -> list[Line]:
        """Every line of ``text``."""
        if self._lines is None:
            object.__setattr__(self, "_lines", split_lines(self.text))
        assert self._lines is not None
        return self._lines

    @property
    def head_lines(self) -> list[Line]:
        """The lines up to and including the closing fence (every line when there is none).

        The same lines as the start of ``lines``, without splitting the body.
        """
        if self._head is not None:
            return self._head
        return self.lines

    def first_lines(self, count: int) -> list[Line]:
        """The first ``count`` lines, splitting no further into the text."""
        if self._lines is not None:
            return self._lines[:count]
        return list(islice(iter_lines(self.text), count))

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
        return self.head_lines[self.open_line + 1 : self.close_line]

    @property
    def frontmatter_text(self) -> str:
        """The text between the fences, with the original line endings."""
        if self.open_line is None or self.close_line is None:
            return ""
        head = self.head_lines
        return self.text[head[self.open_line].end : head[self.close_line].start]

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
        match = _CLOSE_RE.fullmatch(self.head_lines[self.close_line].text)
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
    lines = iter_lines(text)
    opening = next(lines, None)
    if opening is None or not _OPEN_RE.fullmatch(opening.text) or not opening.ending:
        return Split(bom, text, None, None, 0)
    head = [opening]
    for line in lines:
        head.append(line)
        if _CLOSE_RE.fullmatch(line.text):
            return Split(bom, text, 0, len(head) - 1, line.end, _head=head)
    return Split(bom, text, 0, None, 0, _lines=head)


def dominant_ending(lines: list[Line]) -> str:
    """The line ending most used in ``lines`` (LF when there is none)."""
    counts: dict[str, int] = {}
    for line in lines:
        if line.ending:
            counts[line.ending] = counts.get(line.ending, 0) + 1
    if not counts:
        return "\n"
    return max(counts, key=lambda ending: counts[ending])
