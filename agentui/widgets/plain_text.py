"""Literal text of any size: only the rows on screen are drawn, long lines fold at the edge.

For prompts and files too large for the Markdown widget or a TextArea to lay out on the
event loop: preparing the lines is linear and runs in a thread (``literal_lines``), folding
is a pass over line lengths, and drawing a row slices one string.
"""

from __future__ import annotations

from rich.cells import cell_len, chop_cells
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from agentui.model.text import visible

FOLD_MARK = "↩"
"""Drawn at the end of a row whose line continues on the next row."""
TAB_SIZE = 4
"""Columns between tab stops."""


def literal_lines(text: str) -> list[str]:
    """``text`` as lines that draw as themselves: control characters as placeholders, a
    lone carriage return as ``␍``, tabs expanded.

    Args:
        text: text from a file.

    Returns:
        The lines, without their line breaks.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\u240d")
    return visible(text, keep_breaks=True).expandtabs(TAB_SIZE).split("\n")


def fold(lines: list[str], width: int) -> list[tuple[int, int, int]]:
    """Where each row of ``lines`` folded at ``width`` cells comes from.

    Args:
        lines: the lines (``literal_lines``).
        width: the cells a row may use; a folded row keeps one for ``FOLD_MARK``.

    Returns:
        One ``(line index, start, end)`` per row, in character offsets.
    """
    step = max(width - 1, 1)
    rows: list[tuple[int, int, int]] = []
    for index, line in enumerate(lines):
        if len(line) <= width and (line.isascii() or cell_len(line) <= width):
            rows.append((index, 0, len(line)))
        elif line.isascii():
            rows.extend(
                (index, start, min(start + step, len(line))) for start in range(0, len(line), step)
            )
        else:
            start = 0
            for piece in chop_cells(line, step):
                rows.append((index, start, start + len(piece)))
                start += len(piece)
    return rows


class PlainText(ScrollView, can_focus=True):
    """Read-only literal text, virtualised: scrolling a 10 MB line costs what one row does."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.lines: list[str] = []
        """The text's lines as shown (``literal_lines``)."""
        self._rows: list[tuple[int, int, int]] = []
        self._folded_at = 0

    @property
    def text(self) -> str:
        """The text shown, line breaks included."""
        return "\n".join(self.lines)

    def set_lines(self, lines: list[str]) -> None:
        """Show ``lines`` from the top."""
        self.lines = lines
        self._folded_at = 0
        self._refold()
        self.scroll_home(animate=False)
        self.refresh()

    def _width(self) -> int:
        return max(self.scrollable_content_region.width, 8)

    def _refold(self) -> None:
        width = self._width()
        if width == self._folded_at:
            return
        self._folded_at = width
        self._rows = fold(self.lines, width)
        self.virtual_size = Size(width, len(self._rows))

    def on_resize(self) -> None:
        self._refold()

    def render_line(self, y: int) -> Strip:
        width = self._width()
        base = self.rich_style
        row = self.scroll_offset.y + y
        if row >= len(self._rows):
            return Strip.blank(width, base)
        index, start, end = self._rows[row]
        line = self.lines[index]
        segments = [Segment(line[start:end], base)]
        if end < len(line):
            segments.append(Segment(FOLD_MARK, base + Style(dim=True)))
        return Strip(segments).crop_extend(0, width, base)
