"""Three-way merge of unsaved edits into a file changed on disk: their bytes kept, mine applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentui.model.document import AgentDocument, parse_document
from agentui.model.edit import remove_field, replace_body, set_field
from agentui.model.merge import PROMPT, changed_fields, three_way

BASE = "---\nname: helper\ndescription: Does things.\nmodel: sonnet\ntools: Read, Grep\n---\n\nPrompt.\n"


def doc(text: str) -> AgentDocument:
    return parse_document(text, Path("helper.md"))


def test_disjoint_edits_merge_on_their_bytes() -> None:
    base = doc(BASE)
    mine = set_field(base, "model", "opus")
    theirs_text = (
        "---\nname: helper\n# why: shorter\ndescription:   'Does things, well.'  # theirs\n"
        "model: sonnet\ntools: Read, Grep\ncolor: blue\n---\n\nPrompt.\n"
    )
    merge = three_way(base, mine, doc(theirs_text))
    assert merge.problem is None and merge.document is not None
    assert merge.mine == ("model",)
    assert merge.theirs == ("description", "color")
    assert merge.document.text == theirs_text.replace("model: sonnet", "model: opus")


def test_my_removed_field_and_new_prompt_apply_to_theirs() -> None:
    base = doc(BASE)
    mine = replace_body(remove_field(base, "tools"), "New prompt.\n")
    theirs = doc(BASE.replace("model: sonnet", "model: haiku"))
    merge = three_way(base, mine, theirs)
    assert merge.document is not None
    assert merge.mine == ("tools", PROMPT)
    assert merge.document.text == (
        "---\nname: helper\ndescription: Does things.\nmodel: haiku\n---\nNew prompt.\n"
    )


def test_the_same_field_changed_on_both_sides_is_not_merged() -> None:
    base = doc(BASE)
    mine = set_field(set_field(base, "model", "opus"), "description", "Mine.")
    theirs = doc(BASE.replace("model: sonnet", "model: haiku").replace("Does things.", "Theirs."))
    merge = three_way(base, mine, theirs)
    assert merge.document is None
    assert merge.problem == "you and the file on disk both changed description and model"


def test_the_same_change_on_both_sides_is_not_a_conflict() -> None:
    base = doc(BASE)
    mine = set_field(set_field(base, "model", "opus"), "color", "red")
    theirs = doc(BASE.replace("model: sonnet", "model: opus"))
    merge = three_way(base, mine, theirs)
    assert merge.document is not None
    assert merge.document.fields["model"] == "opus" and merge.document.fields["color"] == "red"


@pytest.mark.parametrize(
    ("before", "after"), [("model: 1", "model: true"), ("x: [a]", "x: [a, b]")]
)
def test_changed_fields_compare_types_and_nested_values(before: str, after: str) -> None:
    text = "---\nname: n\n{}\n---\n"
    assert changed_fields(doc(text.format(before)), doc(text.format(after))) != []


def test_a_field_i_edit_duplicated_on_disk_is_a_problem_not_a_guess() -> None:
    base = doc(BASE)
    mine = set_field(base, "model", "opus")
    theirs = doc(BASE.replace("tools: Read, Grep\n", "tools: Read, Grep\nmodel: sonnet\n"))
    merge = three_way(base, mine, theirs)
    assert merge.document is None and merge.problem is not None
    assert "model" in merge.problem
