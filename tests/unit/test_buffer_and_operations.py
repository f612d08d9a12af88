"""Edit buffers (undo, dirty state, diff) and agent file operations."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agentui.model.buffer import AgentBuffer
from agentui.model.document import parse_document
from agentui.model.files import load
from agentui.model.operations import (
    OperationError,
    create_agent,
    delete_agent,
    duplicate_agent,
    move_agent,
    name_problem,
    new_agent_text,
    rename_agent,
    target_path,
)

TEXT = "---\nname: helper\ndescription: Helps.\nmodel: sonnet\n---\n\nPrompt.\n"


def test_buffer_undo_groups_edits_of_one_field(tmp_path: Path) -> None:
    buffer = AgentBuffer.open(tmp_path / "a.md", parse_document(TEXT))
    assert not buffer.dirty
    buffer.set_field("description", "H")
    buffer.set_field("description", "He")
    buffer.set_field("model", "opus")
    assert buffer.dirty
    assert buffer.undo() and buffer.current.fields["model"] == "sonnet"
    assert buffer.current.fields["description"] == "He"
    assert buffer.undo() and buffer.current.text == TEXT
    assert not buffer.dirty and not buffer.undo()
    assert buffer.redo() and buffer.current.fields["description"] == "He"


def test_buffer_diff_and_save(tmp_path: Path) -> None:
    buffer = AgentBuffer.open(tmp_path / "a.md", parse_document(TEXT))
    buffer.set_field("model", "opus")
    diff = buffer.diff()
    assert "-model: sonnet\n" in diff and "+model: opus\n" in diff
    assert buffer.replace_body("\nNew prompt.\n")
    assert "+New prompt." in buffer.diff()


@pytest.mark.parametrize(
    "name",
    ["../x", "..", ".", "/etc/passwd", "a/b", "a\\b", "a\x00b", "con", "nul", "com1", "x.", "x ",
     "a:b", "Agent", "-x", "x-", "a--b", "", "a" * 256, "rеviewer"],
)  # fmt: skip
def test_bad_names_are_rejected(tmp_path: Path, name: str) -> None:
    assert name_problem(name)
    with pytest.raises(OperationError):
        target_path(tmp_path, name)


def test_good_name_lands_in_the_folder(tmp_path: Path) -> None:
    path = target_path(tmp_path, "code-reviewer")
    assert path == tmp_path / "code-reviewer.md"
    assert path.parent.resolve() == tmp_path.resolve()


def test_create_never_overwrites_and_refuses_planted_links(tmp_path: Path) -> None:
    text = new_agent_text("x", "d: with colon", model="opus", color="red", tools=["Read", "Grep"])
    created = create_agent(tmp_path / "agents", "x", text)
    doc = load(created)
    assert (doc.name, doc.description, doc.fields["tools"]) == ("x", "d: with colon", "Read, Grep")
    assert oct(created.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    with pytest.raises(OperationError, match="exists"):
        create_agent(tmp_path / "agents", "x", "other")
    assert created.read_text() == text
    victim = tmp_path / "victim"
    victim.write_text("secret")
    (tmp_path / "agents" / "y.md").symlink_to(victim)
    with pytest.raises(OperationError):
        create_agent(tmp_path / "agents", "y", text)
    assert victim.read_text() == "secret"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_rename_changes_name_and_file_and_never_overwrites(tmp_path: Path) -> None:
    a = tmp_path / "a.md"
    a.write_text(TEXT.replace("helper", "a"))
    b = tmp_path / "b.md"
    b.write_text(TEXT.replace("helper", "b"))
    with pytest.raises(OperationError):
        rename_agent(load(a), a, "b")
    assert b.read_text() == TEXT.replace("helper", "b") and a.exists()
    renamed = rename_agent(load(a), a, "c")
    assert renamed == tmp_path / "c.md" and not a.exists()
    assert load(renamed).name == "c"
    assert renamed.read_text() == TEXT.replace("helper", "c")


def test_duplicate_and_move(tmp_path: Path) -> None:
    source = tmp_path / "project" / "helper.md"
    source.parent.mkdir()
    source.write_text(TEXT)
    copy = duplicate_agent(load(source), source.parent, "helper-two")
    assert load(copy).name == "helper-two" and source.read_text() == TEXT
    moved = move_agent(load(source), source, tmp_path / "user")
    assert moved.read_text() == TEXT and not source.exists()
    (tmp_path / "project" / "helper.md").write_text("other")
    with pytest.raises(OperationError):
        move_agent(load(moved), moved, tmp_path / "project")
    assert moved.exists()


def test_delete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = tmp_path / "gone.md"
    path.write_text(TEXT)
    assert delete_agent(path) in ("trash", "deleted")
    assert not path.exists()
