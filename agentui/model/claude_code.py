"""How Claude Code reads frontmatter that is not valid YAML.

Claude Code first parses the frontmatter as YAML. When that fails, it retries once after
double-quoting every ``key: value`` line whose value holds a character YAML treats
specially (unless the value is already quoted). When the retry fails too, it sees no
metadata at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_KEY_VALUE = re.compile(f"^([a-zA-Z_-]+):[{_JS_SPACE}]+([^\\n\\r\u2028\u2029]+)$")
"""Claude Code's ``/^([a-zA-Z_-]+):\\s+(.+)$/`` with JavaScript's meaning of ``\\s`` and ``.``."""
_SPECIAL = re.compile(r"[{}\[\]*&#!|>%@`]|: ")


@dataclass(frozen=True, slots=True)
class QuotedRetry:
    """The frontmatter as Claude Code's retry rewrites it.

    Attributes:
        text: the rewritten frontmatter (same number of lines, same endings).
        quoted_lines: 0-based indexes of the lines that were quoted.
    """

    text: str
    quoted_lines: list[int]


def quote_problematic_values(lines: list[tuple[str, str]]) -> QuotedRetry:
    """Apply Claude Code's retry rewrite to frontmatter lines.

    Args:
        lines: each frontmatter line as ``(text, ending)``.

    Returns:
        The rewritten text and which lines changed.
    """
    out: list[str] = []
    quoted: list[int] = []
    for index, (text, ending) in enumerate(lines):
        match = _KEY_VALUE.match(text)
        if match:
            key, value = match.group(1), match.group(2)
            already_quoted = len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'"
            if not already_quoted and _SPECIAL.search(value):
                escaped = value.replace("\\", "\\\\").replace('"', '\\"')
                out.append(f'{key}: "{escaped}"{ending}')
                quoted.append(index)
                continue
        out.append(text + ending)
    return QuotedRetry("".join(out), quoted)
