"""Property tests: loading then saving is byte-identical; a set then read returns the value."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentui.model.document import parse_document
from agentui.model.edit import set_field

ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])
PLAIN = st.from_regex(r"[A-Za-z][A-Za-z0-9 ,.()-]{0,30}[A-Za-z0-9.)]", fullmatch=True)
ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufeff"),
    max_size=60,
)


@st.composite
def frontmatter_lines(draw: st.DrawFn) -> list[str]:
    lines: list[str] = []
    for index in range(draw(st.integers(0, 6))):
        key = f"k{index}"
        kind = draw(st.sampled_from(["plain", "single", "double", "block", "folded", "flow",
                                     "blocklist", "comment", "blank"]))  # fmt: skip
        value = draw(PLAIN)
        indent = " " * draw(st.sampled_from([2, 4]))
        if kind == "plain":
            lines.append(f"{key}: {value}")
        elif kind == "single":
            lines.append(f"{key}: '{value}'")
        elif kind == "double":
            lines.append(f'{key}: "{value}"')
        elif kind in ("block", "folded"):
            lines += [
                f"{key}: {'|' if kind == 'block' else '>-'}",
                f"{indent}{value}",
                f"{indent}{value}",
            ]
        elif kind == "flow":
            lines.append(f"{key}: [{value}, b]")
        elif kind == "blocklist":
            lines += [f"{key}:", f"{indent}- {value}", f"{indent}- x"]
        elif kind == "comment":
            lines.append(f"# {value}")
        else:
            lines.append("")
    return lines


@st.composite
def agent_files(draw: st.DrawFn) -> str:
    ending = draw(ENDINGS)
    mixed = draw(st.booleans())
    lines = ["---", "name: agent", "description: d", *draw(frontmatter_lines()), "---"]
    body = draw(st.lists(st.one_of(ANY_TEXT, st.just("---")), max_size=6))
    parts = []
    for index, line in enumerate(lines + body):
        this = draw(ENDINGS) if mixed else ending
        parts.append(
            line.replace("\r", "").replace("\n", "") + this if index < len(lines) else line + this
        )
    text = "".join(parts)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agent_files())
def test_load_then_save_unchanged_is_byte_identical(text: str) -> None:
    doc = parse_document(text)
    assert doc.to_bytes() == text.encode("utf-8")
    assert set_field(doc, "name", "agent") is doc


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agent_files(), st.text(st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_set_then_read_returns_the_value(text: str, value: str) -> None:
    doc = parse_document(text)
    edited = set_field(doc, "description", value)
    assert edited.fields["description"] == value
    assert edited.body == doc.body
    assert edited.split is not None and doc.split is not None
    assert edited.split.bom == doc.split.bom
    for key, before in doc.fields.items():
        if key != "description":
            assert edited.fields[key] == before
