"""Make portable: only broken values are rewritten, and the result is valid YAML."""

from __future__ import annotations

import difflib

import pytest

from agentui.model.diagnostics import ClaudeCodeVerdict, YamlVerdict
from agentui.model.document import parse_document
from agentui.model.edit import EditError
from agentui.model.files import load
from agentui.model.portable import broken_keys, make_portable
from tests.conftest import AGENTS


def minus_lines(before: str, after: str) -> list[str]:
    return [
        line[1:]
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
        if line.startswith("-") and not line.startswith("---")
    ]


def test_quoted_retry_file_keeps_claude_codes_reading() -> None:
    doc = load(AGENTS / "colon-in-description.md")
    portable = make_portable(doc)
    assert portable.yaml is YamlVerdict.STRICT
    assert portable.claude_code is ClaudeCodeVerdict.LOADS
    assert portable.fields == doc.fields
    assert minus_lines(doc.text, portable.text) == [doc.text.splitlines()[2]]


def test_literal_backslash_n_stays_literal() -> None:
    doc = load(AGENTS / "literal-newlines.md")
    portable = make_portable(doc)
    assert portable.description == doc.description
    assert "\\n\\n<example>" in (portable.description or "")


def test_continuation_lines_become_part_of_the_value() -> None:
    doc = load(AGENTS / "continuation-lines.md")
    assert broken_keys(doc) == ["description"]
    portable = make_portable(doc)
    assert portable.yaml is YamlVerdict.STRICT
    assert portable.description == doc.description
    assert portable.fields["model"] == "inherit" and portable.fields["color"] == "green"
    assert portable.body == doc.body


def test_valid_file_is_left_alone() -> None:
    doc = load(AGENTS / "clean.md")
    assert make_portable(doc) is doc


def test_duplicate_keys_are_refused() -> None:
    with pytest.raises(EditError):
        make_portable(parse_document("---\nname: a\ndescription: x: y\nname: b\n---\n"))
