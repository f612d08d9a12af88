"""Reading agent files: splitting, verdicts, recovered fields and diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentui.model.diagnostics import ClaudeCodeVerdict, Severity, YamlVerdict
from agentui.model.document import parse_document
from agentui.model.files import load
from agentui.model.schema import Kind
from agentui.model.split import split_text
from tests.conftest import AGENTS


def codes(doc: object) -> list[str]:
    return [x.code for x in doc.diagnostics]  # type: ignore[attr-defined]


def test_clean_file_is_strict_and_loads() -> None:
    doc = load(AGENTS / "clean.md")
    assert (doc.yaml, doc.claude_code) == (YamlVerdict.STRICT, ClaudeCodeVerdict.LOADS)
    assert doc.fields["tools"] == "Read, Grep, Agent(worker, researcher), Bash(git log *)"
    assert doc.fields["maxTurns"] == 20
    assert doc.body.startswith("\n# Orchestrator")
    assert "\n---\n" in doc.body
    assert not doc.errors


def test_colon_in_description_loads_after_claude_codes_retry() -> None:
    doc = load(AGENTS / "colon-in-description.md")
    assert doc.yaml is YamlVerdict.RECOVERED
    assert doc.claude_code is ClaudeCodeVerdict.LOADS_AFTER_QUOTING
    assert doc.name == "api-reviewer"
    assert doc.description is not None and doc.description.startswith("Use this agent")
    assert doc.description.endswith("</example>")
    assert (doc.fields["model"], doc.fields["color"]) == ("sonnet", "purple")
    quoting = [x for x in doc.diagnostics if x.code == "needs-quoting"]
    assert len(quoting) == 1 and quoting[0].line == 3
    assert "description" in quoting[0].message
    assert not doc.errors, "Claude Code loads it, so it is a warning, not an error"


def test_literal_backslash_n_and_hash_one() -> None:
    doc = load(AGENTS / "literal-newlines.md")
    assert doc.claude_code is ClaudeCodeVerdict.LOADS_AFTER_QUOTING
    assert doc.description is not None
    assert "priority #1" in doc.description
    assert "\\n\\n<example>" in doc.description
    assert doc.fields["tools"] == "Write, Read, WebSearch"


def test_unindented_continuation_lines_belong_to_the_description() -> None:
    doc = load(AGENTS / "continuation-lines.md")
    assert doc.yaml is YamlVerdict.RECOVERED
    assert doc.claude_code is ClaudeCodeVerdict.LOADS_WITHOUT_METADATA
    assert set(doc.fields) == {"name", "description", "model", "color", "tools"}
    assert "user" not in doc.fields and "Context" not in doc.fields
    assert doc.description is not None
    assert 'user: "Summarize this PR for me"' in doc.description
    assert doc.description.rstrip().endswith("</example>")
    assert doc.fields["tools"] == ["Read", "Grep"]
    assert doc.fields["model"] == "inherit"
    assert "metadata-lost" in codes(doc)
    continuation = next(x for x in doc.diagnostics if x.code == "continuation-lines")
    assert continuation.line == 5


def test_copilot_agent() -> None:
    doc = load(AGENTS / "review-copilot.agent.md")
    assert doc.kind is Kind.COPILOT
    assert doc.claude_code is ClaudeCodeVerdict.NOT_APPLICABLE
    assert doc.name == "Review Assistant"
    assert doc.fields["mcp-servers"]["github-mcp"]["args"] == ["--read-only"]
    assert "invalid-name" not in codes(doc)


def test_opencode_agent() -> None:
    doc = load(AGENTS / ".opencode" / "agent" / "docs-writer.md")
    assert doc.kind is Kind.OPENCODE
    assert doc.fields["tools"] == {"write": True, "edit": True, "bash": False}
    assert doc.fields["permission"]["bash"]["git status"] == "allow"
    assert not [x for x in doc.diagnostics if x.severity is not Severity.INFO]


def test_hash_comment_truncating_a_plain_value_is_flagged() -> None:
    doc = parse_document(
        "---\nname: a\ndescription: Top priority #1 for launches\nmodel: opus  # fast\n---\n"
    )
    assert doc.yaml is YamlVerdict.STRICT
    assert doc.description == "Top priority"
    truncated = [x for x in doc.diagnostics if x.code == "comment-truncates"]
    assert len(truncated) == 1 and truncated[0].line == 3


def test_long_closing_fence_warns() -> None:
    doc = load(AGENTS / "long-fence.md")
    assert doc.yaml is YamlVerdict.STRICT
    assert doc.body == "Body text.\n"
    assert "closing-fence-long" in codes(doc)


@pytest.mark.parametrize(
    ("text", "has_block", "body"),
    [
        ("---\r\nname: a\r\n---\r\nbody\r\n", True, "body\r\n"),
        ("---\nname: a\r\n---\rbody", True, "body"),
        ("\ufeff---\nname: a\n---\nbody", True, "body"),
        ("no frontmatter\n---\n", False, "no frontmatter\n---\n"),
        ("---\nname: a\n", False, "---\nname: a\n"),
        ("---\n---\n", True, ""),
        ("", False, ""),
    ],
)
def test_split_keeps_every_byte(text: str, has_block: bool, body: str) -> None:
    split = split_text(text)
    assert split.has_frontmatter is has_block
    assert split.body == body
    assert ("\ufeff" if split.bom else "") + "".join(
        line.text + line.ending for line in split.lines
    ) == text


def test_unclosed_frontmatter_is_an_error_and_the_body_is_kept() -> None:
    doc = parse_document("---\nname: a\ndescription: b\n\nprompt")
    assert doc.yaml is YamlVerdict.NONE
    assert "frontmatter-unclosed" in codes(doc)
    assert doc.body == "---\nname: a\ndescription: b\n\nprompt"


def test_frontmatter_after_blank_lines_is_not_frontmatter() -> None:
    doc = parse_document("\n---\nname: a\n---\nbody")
    assert doc.yaml is YamlVerdict.NONE
    assert "frontmatter-not-at-start" in codes(doc)


def test_no_frontmatter_claude_code_ignores_it() -> None:
    doc = parse_document("# Just notes\n", Path(".claude/agents/notes.md"))
    assert doc.claude_code is ClaudeCodeVerdict.IGNORED


def test_duplicate_keys_are_an_error() -> None:
    doc = parse_document("---\nname: a\ndescription: d\nname: b\n---\n")
    assert "yaml-duplicate-key" in codes(doc)
    assert doc.fields["name"] == "a"
    assert doc.yaml is YamlVerdict.RECOVERED


def test_alias_bomb_is_rejected_fast() -> None:
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        prev = chr(ord(level) - 1)
        bomb.append(f"{level}: &{level} [" + ",".join([f"*{prev}"] * 9) + "]")
    doc = parse_document("---\nname: x\ndescription: y\n" + "\n".join(bomb) + "\n---\n")
    assert "yaml-alias-bomb" in codes(doc)


def test_deep_nesting_is_a_handled_error() -> None:
    doc = parse_document("---\nx: " + "[" * 100_000 + "\n---\n")
    assert "yaml-too-deep" in codes(doc)


def test_python_tags_never_execute(tmp_path: Path) -> None:
    sentinel = tmp_path / "pwned"
    doc = parse_document(
        f'---\nname: a\ndescription: b\nx: !!python/object/apply:os.system ["touch {sentinel}"]\n'
        "---\n"
    )
    assert not sentinel.exists()
    assert doc.name == "a"
    assert "yaml-unsupported-tag" in codes(doc)


def test_not_a_mapping() -> None:
    doc = parse_document("---\n- a\n- b\n---\nbody")
    assert "frontmatter-not-mapping" in codes(doc)
    assert doc.claude_code is ClaudeCodeVerdict.IGNORED


def test_schema_diagnostics() -> None:
    doc = parse_document(
        "---\nname: Bad_Name\ndescription: d\nmodle: opus\ncolor: magenta\nmemory: team\n"
        "tools: Read, Telepathy\nmaxTurns: many\n---\n",
        Path(".claude/agents/x.md"),
    )
    by_code = {x.code: x for x in doc.diagnostics}
    assert "Did you mean 'model'" in by_code["unknown-key"].message
    assert "invalid-name" in by_code
    assert "Telepathy" in by_code["unknown-tool"].message
    invalid = [x.message for x in doc.diagnostics if x.code == "invalid-value"]
    assert any("magenta" in m and "drops it silently" in m for m in invalid)
    assert any("team" in m for m in invalid)
    assert any("maxTurns" in m for m in invalid)


def test_missing_name_means_claude_code_skips_it() -> None:
    doc = parse_document("---\ndescription: d\n---\n", Path(".claude/agents/x.md"))
    assert doc.claude_code is ClaudeCodeVerdict.IGNORED
    assert "missing-name" in codes(doc)


def test_dates_and_yaml_11_values_read_as_yaml_does() -> None:
    doc = parse_document("---\nname: a\ndescription: d\nsince: 2024-01-01\nflag: no\n---\n")
    assert str(doc.fields["since"]) == "2024-01-01"
    assert doc.fields["flag"] is False


def test_repeated_unknown_keys_are_continuation_lines() -> None:
    doc = load(AGENTS / "repeated-user-lines.md")
    assert doc.claude_code is ClaudeCodeVerdict.LOADS_WITHOUT_METADATA
    assert set(doc.fields) == {"name", "description", "color", "tools"}
    assert doc.description is not None
    assert doc.description.count('user: "') == 2
    assert "yaml-duplicate-key" not in codes(doc)
