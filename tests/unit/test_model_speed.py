"""The model's quicker and smaller paths give exactly what the plain ones give.

Reading the frontmatter splits only the lines up to the closing fence, a block without
aliases is checked without alias accounting, and key positions are found from line starts:
each is checked here against the straightforward way, kept as a reference. A catalog keeps
each agent's summary and only a few whole documents; the others are read again when needed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentui.model import catalog, yamlsafe
from agentui.model.catalog import AgentRecord, load_catalog
from agentui.model.document import DocumentSummary, parse_document
from agentui.model.entries import _Locator
from agentui.model.scopes import repository_scopes
from agentui.model.split import Line, dominant_ending, split_lines, split_text
from agentui.model.yamlsafe import YamlProblem

MANY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")
_OPEN_RE = re.compile(r"---[ \t]*")
_CLOSE_RE = re.compile(r"(-{3,})[ \t]*")


def reference_lines(text: str) -> list[Line]:
    """Every line, split one regular-expression match at a time."""
    lines: list[Line] = []
    pos = 0
    while pos < len(text):
        match = _LINE_RE.match(text, pos)
        assert match is not None
        raw = match.group(0)
        if raw.endswith("\r\n"):
            body, ending = raw[:-2], "\r\n"
        elif raw.endswith(("\n", "\r")):
            body, ending = raw[:-1], raw[-1]
        else:
            body, ending = raw, ""
        lines.append(Line(pos, body, ending))
        pos = match.end()
    return lines


def reference_split(text: str) -> dict[str, Any]:
    """The parts found by splitting every line first, then looking for the fences."""
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    lines = reference_lines(text)
    open_line: int | None = None
    close_line: int | None = None
    body_start = 0
    if lines and _OPEN_RE.fullmatch(lines[0].text) and lines[0].ending:
        open_line = 0
        for index in range(1, len(lines)):
            if _CLOSE_RE.fullmatch(lines[index].text):
                close_line, body_start = index, lines[index].end
                break
    inner = lines[1:close_line] if close_line is not None else []
    dashes = 0
    if close_line is not None:
        match = _CLOSE_RE.fullmatch(lines[close_line].text)
        dashes = len(match.group(1)) if match else 0
    return {
        "bom": bom,
        "text": text,
        "lines": lines,
        "open_line": open_line,
        "close_line": close_line,
        "body_start": body_start,
        "frontmatter_lines": inner,
        "frontmatter_text": text[inner[0].start : inner[-1].end] if inner else "",
        "body": text[body_start:],
        "closing_dashes": dashes,
    }


def check_split(text: str) -> None:
    want = reference_split(text)
    got = split_text(text)
    # What reading the frontmatter uses, before anything splits every line.
    assert (got.bom, got.text) == (want["bom"], want["text"])
    assert (got.open_line, got.close_line) == (want["open_line"], want["close_line"])
    assert got.body_start == want["body_start"]
    assert got.frontmatter_text == want["frontmatter_text"]
    assert got.frontmatter_lines == want["frontmatter_lines"]
    assert got.closing_dashes == want["closing_dashes"]
    assert got.body == want["body"]
    assert got.has_frontmatter == (want["close_line"] is not None)
    assert got.unclosed == (want["open_line"] is not None and want["close_line"] is None)
    for count in (0, 1, 2, 20):
        assert split_text(text).first_lines(count) == want["lines"][:count]
    end = want["close_line"] + 1 if want["close_line"] is not None else None
    assert got.head_lines == want["lines"][:end]
    # Then every line, and the early lines agree with them.
    assert got.lines == want["lines"]
    assert got.head_lines == want["lines"][:end]
    assert got.first_lines(20) == want["lines"][:20]
    assert dominant_ending(got.lines) == dominant_ending(want["lines"])
    assert split_text(text) == got


TRICKY = [
    "",
    "\ufeff",
    "---",
    "---\n",
    "---\r",
    "---\r\n",
    "---\n---",
    "---\n---\n",
    "---\r---\r",
    "---\r\n---\r\n",
    "\ufeff---\nname: a\n---\nbody",
    "---\nname: a\r---\rbody\r",
    "---\r\nname: a\n---\rbody\r\n",
    "---\nname: a\rx\n---\n",
    "---\nname: a\n---",
    "---\nname: a\nno closing fence\n",
    "no frontmatter\n---\nname: a\n---\n",
    "---\nname: a\n---\nbody\n---\nmore\n---\n",
    "---\nname: a\n----- \t\nbody",
    "---\nname: a\n--- x\n---\n",
    "--- \t\na: b\n---\n",
    "---x\na: b\n---\n",
    " ---\na: b\n---\n",
    "---\n\n---\n",
    "\n---\n---\n",
    "---\r\n" + "k: v\r\n" * 40 + "---\r\n" + "body\r\n" * 40,
    "a\rb\r\nc\nd",
    "\r\n\r\n",
    "\r\r\n\n",
    "---\nname: a\u2028b\x85c\n---\nbody\u2029",
]
TEXTS = st.text(alphabet=st.sampled_from(["-", "-", "-", "a", " ", "\t", "\n", "\r", "é", ":"]))


@pytest.mark.parametrize("text", TRICKY)
def test_the_split_finds_what_splitting_every_line_finds(text: str) -> None:
    check_split(text)


@MANY
@given(TEXTS)
def test_the_split_finds_what_splitting_every_line_finds_on_any_text(text: str) -> None:
    check_split(text)
    check_split("---\n" + text)
    check_split("\ufeff---\r\n" + text)


@MANY
@given(TEXTS)
def test_split_lines_keeps_every_character(text: str) -> None:
    assert split_lines(text) == reference_lines(text)
    assert "".join(line.text + line.ending for line in split_lines(text)) == text


def test_reading_a_file_splits_no_line_of_its_body() -> None:
    document = parse_document("---\nname: a\ndescription: b\n---\n" + "body line\n" * 1000)
    assert document.split is not None
    assert len(document.split.head_lines) == 4
    assert document.split._lines is None, "the body's lines were split"
    assert len(document.split.lines) == 1004
    assert document.split.lines[:4] == document.split.head_lines


ALIAS_FREE_YAML = st.lists(
    st.sampled_from(
        [
            "a: 1",
            "a: 2",
            "b:",
            "  - x",
            "  - y: 1",
            "    y: 2",
            "  c: 1",
            "  c: 2",
            "d: [1, [2, [3]]]",
            "e: {f: 1, f: 2}",
            "g: {h: {i: {j: 1}}}",
            "? k",
            ": v",
            "<<: {m: 1}",
            "'n': 1",
            "n: 1",
        ]
    ),
    max_size=8,
).map("\n".join)


def outcome(check: Any, node: Any) -> tuple[Any, ...] | None:
    try:
        check(node)
    except YamlProblem as problem:
        return (problem.code, problem.message, problem.line, problem.column, problem.index)
    return None


@MANY
@given(ALIAS_FREE_YAML)
def test_a_block_without_aliases_is_judged_as_the_alias_check_judges_it(text: str) -> None:
    loader = yamlsafe.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except Exception:
        return
    finally:
        loader.dispose()
    if node is not None:
        assert outcome(yamlsafe._check_tree, node) == outcome(yamlsafe._check_graph, node)


def test_a_block_without_aliases_still_has_its_depth_and_duplicate_keys_checked() -> None:
    deep = "".join(" " * i + "k:\n" for i in range(yamlsafe.MAX_DEPTH + 2))
    with pytest.raises(YamlProblem, match="deep"):
        yamlsafe.safe_parse(deep)
    with pytest.raises(YamlProblem) as found:
        yamlsafe.safe_parse("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert found.value.code == "yaml-duplicate-key"


def test_a_block_with_aliases_still_has_its_expansion_bounded() -> None:
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    bomb += [
        f"{n}: &{n} [{', '.join(['*' + p] * 10)}]" for p, n in zip("abcdef", "bcdefg", strict=True)
    ]
    with pytest.raises(YamlProblem) as found:
        yamlsafe.safe_parse("\n".join(bomb))
    assert found.value.code == "yaml-alias-bomb"


@MANY
@given(st.text(alphabet=st.sampled_from(list("ab \n\r\u2028")), max_size=40), st.integers(0, 3))
def test_key_positions_are_found_as_in_the_split_lines(text: str, offset: int) -> None:
    where = _Locator(text, offset)
    lines = split_lines(text) or [Line(0, "", "")]
    starts = [line.start for line in lines]
    for index in range(len(text) + 1):
        line = offset + bisect_right(starts, index) - 1
        assert where.line(index) == line
        assert where.column(index) == index - lines[line - offset].start


# --- The catalog keeps what the list shows; a document is read again when it is needed. ----


def _catalog(root: Path, count: int) -> list[AgentRecord]:
    agents = root / "repo" / ".claude" / "agents"
    agents.mkdir(parents=True)
    (root / "repo" / ".git").mkdir()
    for n in range(count):
        color = "\ncolor: blue" if n % 2 else ""
        (agents / f"agent-{n:03}.md").write_text(
            f"---\nname: agent-{n:03}\ndescription: Agent number {n}.{color}\n---\n\n"
            + f"Body of agent {n}.\n" * 50
        )
    home = root / "home"
    home.mkdir()
    return load_catalog(repository_scopes(root / "repo", home))


def test_a_catalog_keeps_few_whole_documents(tmp_path: Path) -> None:
    records = _catalog(tmp_path, catalog.KEPT_DOCUMENTS + 40)
    kept = [r for r in records if r._document is not None]
    assert len(kept) <= catalog.KEPT_DOCUMENTS
    for record in records:
        assert record.summary.name == record.path.stem
        assert record.name == record.path.stem
    assert records[1].summary.color == "blue" and records[0].summary.color is None


def test_a_document_not_kept_is_read_again_whole(tmp_path: Path) -> None:
    records = _catalog(tmp_path, catalog.KEPT_DOCUMENTS + 5)
    first = records[0]
    assert first._document is None, "the first agents read were let go"
    document = first.document
    assert document.text == first.path.read_text()
    assert document.body.count("Body of agent 0.") == 50
    assert first.summary == DocumentSummary.of(document)
    assert first.document is document, "kept once read"


def test_setting_a_document_updates_the_summary(tmp_path: Path) -> None:
    record = _catalog(tmp_path, 1)[0]
    renamed = parse_document(
        "---\nname: renamed\ndescription: d\n---\n", record.path, snapshot=None
    )
    record.document = renamed
    assert record.summary.name == "renamed" and record.name == "renamed"
    copy = replace(record, document=record.document)
    assert copy.document is renamed and copy.summary == record.summary


def test_a_document_changed_on_disk_since_is_read_as_it_is_now(tmp_path: Path) -> None:
    records = _catalog(tmp_path, catalog.KEPT_DOCUMENTS + 1)
    first = records[0]
    assert first._document is None
    first.path.write_text("---\nname: changed\ndescription: d\n---\nnew body\n")
    assert first.document.body == "new body\n"
    assert first.summary.name == "changed", "the list follows what was read"
