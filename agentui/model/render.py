"""Writing a value as YAML text in the simplest form that reads back exactly."""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from agentui.model.yamlsafe import YamlProblem, safe_parse

_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_YAML12_SPECIAL = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE"
    r"|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
"""Strings a YAML 1.2 reader (Claude Code's) takes for something other than text."""
_UNSAFE_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_ESCAPES = {
    "\\": "\\\\", '"': '\\"', "\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t",
    "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r", "\x1b": "\\e",
    "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P",
}  # fmt: skip

Rendering = list[str]
"""A value as lines: the first follows ``key: `` on the key's line, the rest are whole lines."""


def plain_ok(text: str, *, in_flow: bool = False) -> bool:
    """Whether ``text`` can be written unquoted and read back as the same string.

    Args:
        text: the string.
        in_flow: whether it sits inside ``[...]`` (commas and brackets then need quotes).
    """
    if not text or text != text.strip() or _UNSAFE_CHARS.search(text):
        return False
    if "\n" in text or "\r" in text or "\t" in text:
        return False
    if text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        return False
    if in_flow and any(ch in text for ch in ",[]{}?:#"):
        return False
    if _YAML12_SPECIAL.match(text):
        return False
    try:
        parsed = safe_parse(f"k: {text}\n").data
        # The pure-Python loader is stricter than libyaml on some plain scalars ("a?" in [...]).
        strict = yaml.safe_load(f"k: [{text}]\n" if in_flow else f"k: {text}\n")
    except (YamlProblem, yaml.YAMLError):
        return False
    if in_flow:
        return isinstance(strict, dict) and strict.get("k") == [text]
    return (
        isinstance(parsed, dict)
        and parsed.get("k") == text
        and isinstance(parsed["k"], str)
        and isinstance(strict, dict)
        and strict.get("k") == text
    )


def double_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: always exact, on one line."""
    out: list[str] = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _UNSAFE_CHARS.match(char):
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def single_quoted(text: str) -> str | None:
    """``text`` single-quoted, or None when it needs escapes (control characters, newlines)."""
    if _UNSAFE_CHARS.search(text) or "\n" in text or "\r" in text or "\t" in text:
        return None
    return "'" + text.replace("'", "''") + "'"


def literal_block(text: str, indent: str = "  ") -> Rendering | None:
    """``text`` as a ``|`` block scalar, or None when a block cannot hold it exactly."""
    if "\n" not in text or "\r" in text or _UNSAFE_CHARS.search(text):
        return None
    if text.endswith("\n\n") or text == "\n":
        chomp, content = "+", text[:-1]
    elif text.endswith("\n"):
        chomp, content = "", text[:-1]
    else:
        chomp, content = "-", text
    lines = content.split("\n")
    if any(line.rstrip(" ") != line.rstrip() for line in lines):
        return None
    first_content = next((line for line in lines if line.strip()), "")
    if not first_content:
        return None
    header = "|" + (str(len(indent)) if first_content[0] == " " else "") + chomp
    return [header] + [indent + line if line else "" for line in lines]


def scalar_candidates(text: str, indent: str = "  ") -> list[Rendering]:
    """Ways to write a string, simplest first; the last one always works."""
    out: list[Rendering] = []
    if plain_ok(text):
        out.append([text])
    if "\n" in text:
        block = literal_block(text, indent)
        if block:
            out.append(block)
    else:
        quoted = single_quoted(text)
        if quoted and ('"' in text or "\\" in text):
            out.append([quoted])
    out.append([double_quoted(text)])
    return out


def flow_item(text: str) -> str:
    """One item of a ``[...]`` list."""
    return text if plain_ok(text, in_flow=True) else double_quoted(text)


def scalar_text(value: Any) -> str | None:
    """A non-string scalar written as YAML (None when ``value`` is not one)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    return None


def dump_block(value: Any, indent: str = "  ") -> Rendering:
    """A map or a list of maps as an indented YAML block under its key."""
    dumped = yaml.safe_dump(
        value, default_flow_style=False, sort_keys=False, allow_unicode=True, width=10_000
    )
    return [""] + [indent + line if line else "" for line in dumped.rstrip("\n").split("\n")]
