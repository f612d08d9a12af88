"""Surgical edits: only the edited field's lines change; everything else keeps its bytes."""

from __future__ import annotations

import difflib

import pytest

from agentui.model.diagnostics import ClaudeCodeVerdict, YamlVerdict
from agentui.model.document import AgentDocument, parse_document
from agentui.model.edit import EditError, remove_field, replace_body, set_field
from agentui.model.files import load
from agentui.model.yamlsafe import safe_parse
from tests.conftest import AGENTS

SURGICAL = (
    "---\n"
    "name: code-reviewer\n"
    "# Reviewed by the platform team\n"
    "description: 'Reviews diffs for correctness, style, security and performance problems in every language'\n"  # noqa: E501
    "tools: [Read,Grep]\n"
    "model: sonnet\n"
    "skills:\n"
    "    - review\n"
    "    - style\n"
    "version: 1.10\n"
    "mode: 0755\n"
    "on: push\n"
    "x: ~\n"
    "x-custom: {a: 1}\n"
    "base: &base {k: v}\n"
    "derived: *base\n"
    "---\n"
    "Body with trailing spaces   \n\tand tabs\n---\nno final newline"
)


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_one_field_edit_changes_exactly_one_line() -> None:
    doc = parse_document(SURGICAL)
    edited = set_field(doc, "model", "opus")
    assert changed_lines(doc.text, edited.text) == ["-model: sonnet\n", "+model: opus\n"]
    assert edited.fields["model"] == "opus"


@pytest.mark.parametrize(
    "value",
    [
        "x: [y] # z", "*a", "&b", "!t", "%", "@x", "`x`", "yes", "no", "null", "~", "1.10",
        "0755", "2024-01-01", "-", "", " lead", "trail ", "multi\nline\n", "a\nb", "tab\there",
        "quote ' and \" both", "back\\slash", "#hash", "key: value", "ünïcødé ✓", "\x1b[2J",
        "ends with colon:", "a\n\n\nb\n\n", "  indented\nfirst",
    ],
)  # fmt: skip
def test_hard_description_values_read_back_exactly(value: str) -> None:
    doc = parse_document(SURGICAL)
    edited = set_field(doc, "description", value)
    assert edited.yaml is YamlVerdict.STRICT
    assert edited.fields["description"] == value
    assert type(edited.fields["description"]) is str
    fm = edited.split.frontmatter_text if edited.split else ""
    assert safe_parse(fm).data["description"] == value
    for key, before in doc.fields.items():
        if key != "description":
            assert edited.fields[key] == before


def test_yaml_11_look_alikes_and_unknown_keys_stay_byte_identical() -> None:
    doc = parse_document(SURGICAL)
    edited = set_field(doc, "description", "Short.")
    kept = ["version: 1.10", "mode: 0755", "on: push", "x: ~", "x-custom: {a: 1}"]
    kept += ["base: &base {k: v}", "derived: *base", "# Reviewed by the platform team"]
    for line in kept:
        assert line + "\n" in edited.text
    assert edited.body == doc.body


def test_list_styles_are_kept() -> None:
    doc = parse_document(SURGICAL)
    flow = set_field(doc, "tools", ["Read", "Grep", "Glob"])
    assert changed_lines(doc.text, flow.text) == [
        "-tools: [Read,Grep]\n",
        "+tools: [Read,Grep,Glob]\n",
    ]
    block = set_field(doc, "skills", ["review", "docs", "tests"])
    assert "skills:\n    - review\n    - docs\n    - tests\nversion" in block.text
    comma = set_field(load(AGENTS / "clean.md"), "tools", ["Read", "Agent(a, b)"])
    assert "tools: Read, Agent(a, b)\n" in comma.text


def test_new_field_is_one_appended_block() -> None:
    doc = parse_document(SURGICAL)
    edited = set_field(doc, "color", "green")
    assert changed_lines(doc.text, edited.text) == ["+color: green\n"]
    assert edited.text.index("color: green") < edited.text.index("---\nBody")


def test_remove_field() -> None:
    doc = parse_document(SURGICAL)
    edited = remove_field(doc, "skills")
    assert changed_lines(doc.text, edited.text) == [
        "-skills:\n",
        "-    - review\n",
        "-    - style\n",
    ]
    with pytest.raises(EditError):
        remove_field(doc, "absent")


def test_replace_body_keeps_the_frontmatter() -> None:
    doc = parse_document(SURGICAL)
    edited = replace_body(doc, "New body\n")
    assert edited.text == SURGICAL[: SURGICAL.index("Body with")] + "New body\n"


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_line_endings_are_kept(ending: str) -> None:
    text = f"---{ending}name: a{ending}description: d{ending}model: sonnet{ending}---{ending}body"
    edited = set_field(parse_document(text), "model", "opus")
    assert edited.text == text.replace("sonnet", "opus")
    added = set_field(parse_document(text), "color", "red")
    assert f"model: sonnet{ending}color: red{ending}---" in added.text


def test_mixed_endings_keep_the_edited_lines_own_ending() -> None:
    text = "---\nname: a\r\ndescription: d\nmodel: sonnet\r\n---\nbody\r\n"
    edited = set_field(parse_document(text), "model", "opus")
    assert edited.text == text.replace("sonnet", "opus")


def test_bom_is_kept() -> None:
    text = "\ufeff---\nname: a\ndescription: d\n---\nbody"
    edited = set_field(parse_document(text), "description", "e")
    assert edited.to_bytes().startswith(b"\xef\xbb\xbf---\n")
    assert edited.fields["description"] == "e"


def test_trailing_comment_is_kept_and_spacing_too() -> None:
    text = "---\nname: a\ndescription: d\nmodel:   sonnet  # fast one\n---\n"
    edited = set_field(parse_document(text), "model", "opus")
    assert "model:   opus  # fast one\n" in edited.text


def test_invalid_seed_like_file_model_edit_is_one_line() -> None:
    doc = load(AGENTS / "colon-in-description.md")
    edited = set_field(doc, "model", "haiku")
    assert changed_lines(doc.text, edited.text) == ["-model: sonnet\n", "+model: haiku\n"]
    assert edited.claude_code is ClaudeCodeVerdict.LOADS_AFTER_QUOTING
    assert edited.description == doc.description


def test_recovered_file_never_gets_its_other_values_repaired() -> None:
    doc = load(AGENTS / "continuation-lines.md")
    edited = set_field(doc, "color", "red")
    assert changed_lines(doc.text, edited.text) == ["-color: green\n", "+color: red\n"]
    assert edited.description == doc.description


def test_setting_the_broken_description_makes_it_readable() -> None:
    doc = load(AGENTS / "continuation-lines.md")
    edited = set_field(doc, "description", "Summarizes pull requests.")
    assert edited.yaml is YamlVerdict.STRICT
    assert edited.claude_code is ClaudeCodeVerdict.LOADS


def test_duplicated_key_is_never_edited() -> None:
    doc = parse_document("---\nname: a\ndescription: d\nname: b\n---\n")
    with pytest.raises(EditError, match="more than once"):
        set_field(doc, "name", "c")
    assert set_field(doc, "model", "opus").text.count("name:") == 2


def test_wrong_types_elsewhere_survive_an_edit() -> None:
    text = "---\nname: 42\ndescription: [a, b]\ntools: null\nmodel: {x: 1}\n---\n"
    doc = parse_document(text)
    edited = set_field(doc, "color", "red")
    assert edited.text == text.replace("---\n\n", "").replace("{x: 1}\n", "{x: 1}\ncolor: red\n")


def test_no_frontmatter_gets_a_new_block() -> None:
    doc = parse_document("Just a prompt.\n")
    edited = set_field(doc, "name", "helper")
    assert edited.text == "---\nname: helper\n---\nJust a prompt.\n"


def test_unclosed_frontmatter_is_not_edited() -> None:
    with pytest.raises(EditError, match="never closed"):
        set_field(parse_document("---\nname: a\n"), "model", "opus")


def test_unchanged_value_returns_the_same_document() -> None:
    doc: AgentDocument = parse_document(SURGICAL)
    assert set_field(doc, "model", "sonnet") is doc


def test_nested_map_value() -> None:
    doc = parse_document("---\nname: a\ndescription: d\n---\n")
    hooks = {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "x"}]}]}
    edited = set_field(doc, "hooks", hooks)
    assert edited.fields["hooks"] == hooks
    assert edited.yaml is YamlVerdict.STRICT


def test_body_after_a_fence_on_the_last_line_keeps_the_frontmatter() -> None:
    doc = parse_document("---\nname: a\n---")
    edited = replace_body(doc, "Hello\n")
    assert edited.text == "---\nname: a\n---\nHello\n"
    assert edited.fields == {"name": "a"}
    spaced = replace_body(doc, " \nx")
    assert spaced.body == " \nx" and spaced.fields == {"name": "a"}


@pytest.mark.parametrize(
    "text",
    [
        "---\nname: a\ntools:\n  - Read\n# keep me\nmodel: opus\n---\n",
        "---\nname: a\ntools:\n- Read\n# keep me\nmodel: opus\n---\n",
        "---\nname: a\ntools:\n  - Read\n# keep me\n---\n",
    ],
)
def test_comments_after_a_block_list_survive_edits_and_removal(text: str) -> None:
    doc = parse_document(text)
    assert "# keep me\n" in set_field(doc, "tools", ["Bash"]).text
    assert "# keep me\n" in remove_field(doc, "tools").text


def test_comment_after_a_block_map_survives() -> None:
    doc = parse_document("---\nname: a\nhooks:\n  x: 1\n# keep me\n---\n")
    assert (
        set_field(doc, "hooks", {"y": 2}).text == "---\nname: a\nhooks:\n  y: 2\n# keep me\n---\n"
    )


@pytest.mark.parametrize("item", ["mcp__x?", "a:?", "b?x", "#x", "a, b"])
def test_flow_list_items_are_quoted_when_any_yaml_reader_needs_it(item: str) -> None:
    import yaml

    edited = set_field(
        parse_document("---\nname: a\ntools: [Read, Grep]\n---\n"), "tools", ["Read", item]
    )
    assert edited.split is not None
    assert yaml.safe_load(edited.split.frontmatter_text)["tools"] == ["Read", item]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_yaml_line_separators_do_not_shift_later_entries(separator: str) -> None:
    doc = parse_document(f"---\nname: a # c{separator}\ntools: Read\nmodel: m\n---\n")
    assert [(e.key, e.first) for e in doc.entries] == [("name", 1), ("tools", 2), ("model", 3)]
    assert set_field(doc, "tools", "Bash").text == doc.text.replace("tools: Read", "tools: Bash")
    assert "model" not in remove_field(doc, "model").text


def test_comments_on_the_key_line_are_kept() -> None:
    empty = parse_document("---\nname: a\nmodel: # pick later\n---\n")
    assert set_field(empty, "model", "opus").text == "---\nname: a\nmodel: opus # pick later\n---\n"
    multi = set_field(
        parse_document("---\nname: a\ndescription: x # keep\n---\n"), "description", "l1\nl2"
    )
    assert "# keep" in multi.text and multi.fields["description"] == "l1\nl2"


def test_big_flow_list_is_not_an_alias_bomb() -> None:
    doc = parse_document(
        "---\nname: a\ndescription: d\ntools: [" + ", ".join(["Read"] * 100_001) + "]\n---\n"
    )
    assert doc.yaml is YamlVerdict.STRICT
    assert "yaml-alias-bomb" not in [x.code for x in doc.diagnostics]


def test_edits_on_a_file_claude_code_reads_after_quoting_map_to_the_right_lines() -> None:
    text = '---\nname: a\ndescription: Use it: when asked\nmodel: inherit\ntools: ["Read", "Grep"]\n---\n'
    doc = parse_document(text)
    assert doc.claude_code is ClaudeCodeVerdict.LOADS_AFTER_QUOTING
    assert set_field(doc, "model", "opus").text == text.replace("inherit", "opus")
