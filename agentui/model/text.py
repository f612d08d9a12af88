"""Showing file text safely: control characters never reach a terminal raw."""

from __future__ import annotations

import re

_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
    r"\u2028\u2029]"
)
_INVISIBLE_WITH_BREAKS = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u2028\u2029]"
)


def _placeholder(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def visible(text: str, *, keep_breaks: bool = False) -> str:
    """Replace control and invisible characters with visible placeholders.

    ESC becomes ``␛``, other C0 controls their Unicode control pictures, C1 controls and
    invisible or direction-changing characters ``<U+XXXX>``.

    Args:
        text: text from a file.
        keep_breaks: keep newlines, tabs and carriage returns (for multi-line views).

    Returns:
        Text that draws as itself on any terminal.
    """
    pattern = _INVISIBLE if keep_breaks else _INVISIBLE_WITH_BREAKS
    return pattern.sub(_placeholder, text)


def one_line(text: str, limit: int = 200) -> str:
    """A single visible line: breaks shown as ``⏎``, cut to ``limit`` characters."""
    flat = visible(text.replace("\r\n", "\n").replace("\n", "⏎"))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def needs_placeholders(text: str, *, keep_breaks: bool = False) -> bool:
    """Whether ``visible`` would change ``text``: it holds control or invisible characters.

    An editor that shows such text with placeholders would write the placeholders back.

    Args:
        text: text from a file.
        keep_breaks: newlines, tabs and carriage returns count as shown as they are.

    Returns:
        True when some character would be drawn as a placeholder.
    """
    pattern = _INVISIBLE if keep_breaks else _INVISIBLE_WITH_BREAKS
    return pattern.search(text) is not None
