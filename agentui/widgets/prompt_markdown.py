"""The prompt as Markdown: code blocks without a language stay plain, long prompts show their
first screen first."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from itertools import pairwise

from markdown_it import MarkdownIt
from textual.content import Content
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock, MarkdownFence

REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.MULTILINE)
"""A link reference definition: it can change how earlier lines render, so a prompt with one
is rendered in one go."""
OTHER_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""Line breaks that Python counts and Markdown does not: a prompt with one is rendered in one go."""
DRAWN_BLOCKS = frozenset(
    ("heading_open", "paragraph_open", "bullet_list_open", "ordered_list_open",
     "blockquote_open", "fence", "code_block", "hr", "table_open")
)  # fmt: skip
"""Top-level blocks the Markdown widget draws (it draws no HTML block, for one)."""
SCAN_LINES = 400
"""Lines of a prompt looked at to find where its first screen ends."""

_colour_later = ContextVar("colour_later", default=False)
"""Whether code in a language not highlighted yet is drawn plain, to be coloured later."""
_highlighted: set[str] = set()
"""Languages highlighted once: Pygments compiles a language's patterns on first use (tens
of milliseconds for TypeScript, say)."""


class PlainFence(MarkdownFence):
    """A code block; without a language it is shown as plain text.

    Textual guesses the language of an unlabelled block by trying every Pygments lexer, which
    takes a second the first time and mostly guesses wrong for prose.
    """

    @classmethod
    def highlight(cls, code: str, language: str, ansi: bool = False, dark: bool = False) -> Content:
        language = language or "text"
        if _colour_later.get() and language not in _highlighted:
            language = "text"
        else:
            _highlighted.add(language)
        return super().highlight(code, language, ansi, dark)


class PromptMarkdown(Markdown):
    """Textual's Markdown widget with plain unlabelled code blocks."""

    BLOCKS: dict[str, type[MarkdownBlock]] = {
        **Markdown.BLOCKS,
        "fence": PlainFence,
        "code_block": PlainFence,
    }

    @staticmethod
    @contextmanager
    def code_coloured_later() -> Iterator[None]:
        """Within: updates draw code in a language not highlighted before as plain text,
        until ``colour_code``; an update's blocks are made in the task it starts here."""
        token = _colour_later.set(True)
        try:
            yield
        finally:
            _colour_later.reset(token)

    def colour_code(self) -> None:
        """Highlight the code blocks drawn plain by an update in ``code_coloured_later``."""
        for fence in self.query(PlainFence):
            fence.notify_style_update()


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    """Block structure only, as the widget's "gfm-like" parser finds it (tables included):
    inline parsing, links above all, is most of the time of a parse."""
    return MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])


def first_screen(text: str, width: int, height: int) -> tuple[str, str]:
    """Split a prompt where its first screen surely ends, to draw that part first.

    The head is whole top-level blocks and the first line of the next block, one the widget
    draws and after a blank line (so that the line cannot join the block before). The tail
    is the rest. ``Markdown.append`` parses again from the head's last line and puts the
    whole block in place of the partial one, so the two steps draw what one would.

    Args:
        text: the prompt, as it will be rendered.
        width: the columns the prompt is laid out in.
        height: the rows of the first screen.

    Returns:
        (head, tail); the tail is empty when the prompt is rendered in one go.
    """
    lines = text.splitlines(keepends=True)
    if (
        len(lines) < height
        or width < 10
        or REFERENCE_DEFINITION.search(text)
        or OTHER_BREAKS.search(text)
    ):
        return text, ""
    scanned = lines[:SCAN_LINES]
    blocks = [
        (token.map[0], token.type)
        for token in _block_parser().parse("".join(scanned))
        if token.level == 0 and token.nesting != -1 and token.map
    ]
    rows = 0
    # The last block scanned may go on past the scan: never cut after it.
    for (start, _), (end, kind) in pairwise(blocks):
        rows += 1 + sum(1 + len(line.rstrip()) // width for line in scanned[start:end])
        if rows > height and kind in DRAWN_BLOCKS and not scanned[end - 1].strip():
            return "".join(lines[: end + 1]), "".join(lines[end + 1 :])
    return text, ""
