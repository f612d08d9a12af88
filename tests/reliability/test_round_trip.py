"""Cases 2, 5 and 6, for what the existing tests do not generate: unicode frontmatter values,
block lists at indent 0, ``name: no`` and ``color: yes``, and ``hooks:`` with anchors."""

from __future__ import annotations

import difflib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentui.model.document import parse_document
from agentui.model.edit import set_field

UNICODE_PLAIN = st.text(
    alphabet=st.characters(
        whitelist_categories=("Ll", "Lu", "Lo", "Nd"), min_codepoint=0xA0, max_codepoint=0x2FFF
    ),
    min_size=1,
    max_size=12,
)


@st.composite
def unicode_agent(draw: st.DrawFn) -> str:
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    value = draw(UNICODE_PLAIN)
    lines = [
        "---",
        "name: agent",
        f"description: {value}",
        f"x-single: '{draw(UNICODE_PLAIN)}'",
        f'x-double: "{draw(UNICODE_PLAIN)} ✓"',
        "x-list:",
        f"- {draw(UNICODE_PLAIN)}",  # a block list at indent 0
        f"- {draw(UNICODE_PLAIN)}",
        f"# {draw(UNICODE_PLAIN)}",
        "---",
        draw(st.text(max_size=40)).replace("\r", ""),
    ]
    return ending.join(lines) + draw(st.sampled_from(["", ending]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unicode_agent(), UNICODE_PLAIN)
def test_unicode_values_and_indent_0_lists_round_trip(text: str, new_value: str) -> None:
    doc = parse_document(text)
    assert doc.to_bytes() == text.encode("utf-8")
    assert set_field(doc, "name", "agent") is doc
    edited = set_field(doc, "description", new_value)
    assert edited.fields["description"] == new_value
    if new_value == doc.fields["description"]:
        assert edited is doc
        return
    changed = [
        line
        for line in difflib.unified_diff(
            doc.text.splitlines(True), edited.text.splitlines(True), n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert len(changed) == 2 and changed[0].startswith("-description:"), changed
    assert edited.body == doc.body


LOOK_ALIKES = (
    "---\n"
    "name: no\n"
    "description: Old.\n"
    "version: 1.10\n"
    "mode: 0755\n"
    "on: push\n"
    "color: yes\n"
    "x: ~\n"
    "hooks:\n"
    "  PreToolUse: &pre\n"
    "    - matcher: Bash\n"
    "      hooks: [{type: command, command: ./check.sh}]\n"
    "x-custom: {a: 1}\n"
    "x-again: *pre\n"
    "---\n"
    "Body\n"
)


def test_yaml_11_look_alikes_hooks_and_aliases_stay_byte_identical() -> None:
    doc = parse_document(LOOK_ALIKES)
    edited = set_field(doc, "description", "New.")
    assert edited.text == LOOK_ALIKES.replace("description: Old.", "description: New.")
    assert doc.fields["name"] is False  # what PyYAML reads; the line itself is never touched
