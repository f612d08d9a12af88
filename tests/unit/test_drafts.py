"""The draft store and recorder: drafts of unsaved edits, on disk and private, without an App."""

from __future__ import annotations

import json
import os
import stat
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agentui.model.buffer import AgentBuffer
from agentui.model.draft_recorder import DraftRecorder
from agentui.model.drafts import (
    VERSION,
    DiskState,
    Draft,
    DraftError,
    DraftStore,
    decode_draft,
    disk_state,
    encode_draft,
)
from agentui.model.files import load

AGENT = "---\nname: helper\ndescription: Helps.\n---\n\nBe helpful.\n"


@pytest.fixture
def agent_file(tmp_path: Path) -> Path:
    path = tmp_path / "repo" / ".claude" / "agents" / "helper.md"
    path.parent.mkdir(parents=True)
    path.write_text(AGENT)
    return path


def edited_buffer(path: Path, description: str = "Edited.") -> AgentBuffer:
    buffer = AgentBuffer.open(path, load(path))
    buffer.set_field("description", description)
    return buffer


def draft_of(buffer: AgentBuffer) -> Draft:
    return Draft(
        buffer.path,
        buffer.current.to_bytes(),
        buffer.saved.snapshot,
        buffer.saved.to_bytes(),
        datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
    )


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def draft_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.draft.json")) if folder.exists() else []


# The format --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        AGENT.encode(),
        b"\xef\xbb\xbf---\r\nname: bom\r\n---\r\nbody",
        b"---\nname: x\n---\n\xff\xfe not utf-8",
        b"",
    ],
    ids=["text", "bom-crlf", "not-utf8", "empty"],
)
def test_a_draft_reads_back_byte_for_byte(agent_file: Path, data: bytes) -> None:
    buffer = edited_buffer(agent_file)
    draft = Draft(agent_file, data, buffer.saved.snapshot, AGENT.encode())
    back = decode_draft(encode_draft(draft))
    assert back == draft


def test_the_format_is_versioned_json_a_person_can_read(agent_file: Path) -> None:
    record = json.loads(encode_draft(draft_of(edited_buffer(agent_file))))
    assert record["format"] == "agentui-draft" and record["version"] == VERSION
    assert record["path"] == str(agent_file)
    assert "description: Edited." in record["content"]["text"]
    assert record["base"]["snapshot"]["sha256"] == load(agent_file).snapshot.sha256  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"not json", "not a draft"),
        (b'{"format": "other"}', "not a draft"),
        (b'{"format": "agentui-draft", "version": 99}', "newer agentui"),
        (
            b'{"format": "agentui-draft", "version": 1, "path": "relative.md", "edited_at": "x"}',
            "names no file",
        ),
        (
            b'{"format": "agentui-draft", "version": 1, "path": "/a.md", "edited_at": "2025-01-01T00:00:00+00:00",'
            b' "content": {"encoding": "base64", "data": "!!"}}',
            "damaged",
        ),
    ],
)
def test_a_bad_or_newer_draft_is_refused_with_a_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(DraftError, match=reason):
        decode_draft(raw)


# The store ---------------------------------------------------------------------------------


def test_drafts_are_private_and_written_atomically(tmp_path: Path, agent_file: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    written = store.write(draft_of(edited_buffer(agent_file)))
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE(written.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "drafts").stat().st_mode) == 0o700
    names = {p.name for p in written.parent.iterdir()}
    assert names == {"lock", written.name}, "no temporary file is left behind"
    store.write(draft_of(edited_buffer(agent_file, "Again.")))
    assert draft_files(tmp_path / "drafts") == [written], "one draft per agent file"
    assert b"Again." in written.read_bytes()


def test_a_running_agentuis_drafts_are_never_listed_elsewhere(
    tmp_path: Path, agent_file: Path
) -> None:
    running = DraftStore(tmp_path / "drafts")
    running.write(draft_of(edited_buffer(agent_file)))
    other = DraftStore(tmp_path / "drafts")
    assert other.listing().drafts == [], "its lock is held"
    running.release()  # as when the process ends
    found = other.listing().drafts
    assert [s.draft.path for s in found] == [agent_file]
    assert b"Edited." in found[0].draft.data


def test_removed_drafts_leave_no_folder_behind(tmp_path: Path, agent_file: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    store.write(draft_of(edited_buffer(agent_file)))
    store.remove(agent_file)
    store.release()
    assert list((tmp_path / "drafts").iterdir()) == []


def test_discarding_an_ended_agentuis_draft(tmp_path: Path, agent_file: Path) -> None:
    ended = DraftStore(tmp_path / "drafts")
    ended.write(draft_of(edited_buffer(agent_file)))
    ended.release()
    store = DraftStore(tmp_path / "drafts")
    [found] = store.listing().drafts
    store.discard(found)
    assert list((tmp_path / "drafts").iterdir()) == []


def test_damaged_and_newer_drafts_are_kept_not_deleted(tmp_path: Path, agent_file: Path) -> None:
    ended = DraftStore(tmp_path / "drafts")
    good = ended.write(draft_of(edited_buffer(agent_file)))
    ended.release()
    damaged = good.with_name("0" * 32 + ".draft.json")
    damaged.write_bytes(b"{ half a draf")
    newer = good.with_name("1" * 32 + ".draft.json")
    newer.write_bytes(json.dumps({"format": "agentui-draft", "version": VERSION + 1}).encode())
    listing = DraftStore(tmp_path / "drafts").listing()
    assert [s.file for s in listing.drafts] == [good]
    assert sorted(listing.damaged) == sorted([damaged, newer])
    assert damaged.exists() and newer.exists()


def test_the_file_on_disk_against_a_draft(agent_file: Path) -> None:
    draft = draft_of(edited_buffer(agent_file))
    assert disk_state(draft) is DiskState.UNCHANGED
    agent_file.write_text(AGENT.replace("Be helpful", "Be kind"))
    assert disk_state(draft) is DiskState.CHANGED
    agent_file.write_bytes(draft.data)
    assert disk_state(draft) is DiskState.SAVED
    agent_file.unlink()
    assert disk_state(draft) is DiskState.MISSING


# The recorder ------------------------------------------------------------------------------


def test_a_draft_is_written_a_moment_after_the_last_edit(tmp_path: Path, agent_file: Path) -> None:
    recorder = DraftRecorder(DraftStore(tmp_path / "drafts"), delay=0.2)
    buffer = edited_buffer(agent_file)
    started = time.monotonic()
    recorder.sync([buffer])
    assert draft_files(tmp_path / "drafts") == [], "not at once: edits come in bursts"
    assert wait_until(lambda: len(draft_files(tmp_path / "drafts")) == 1)
    assert time.monotonic() - started >= 0.2
    [file] = draft_files(tmp_path / "drafts")
    assert decode_draft(file.read_bytes()).data == buffer.current.to_bytes()
    recorder.close()
    assert agent_file.read_text() == AGENT, "the agent file is never touched"


def test_flush_writes_the_latest_edit_at_once(tmp_path: Path, agent_file: Path) -> None:
    recorder = DraftRecorder(DraftStore(tmp_path / "drafts"), delay=60)
    buffer = edited_buffer(agent_file, "First.")
    recorder.sync([buffer])
    buffer.set_field("description", "Second.")
    recorder.sync([buffer])
    recorder.flush()
    [file] = draft_files(tmp_path / "drafts")
    assert b"description: Second." in decode_draft(file.read_bytes()).data
    recorder.close()


@pytest.mark.parametrize("how", ["saved", "undone", "dropped"])
def test_the_draft_goes_when_the_edits_do(tmp_path: Path, agent_file: Path, how: str) -> None:
    recorder = DraftRecorder(DraftStore(tmp_path / "drafts"), delay=60)
    buffer = edited_buffer(agent_file)
    recorder.sync([buffer])
    recorder.flush()
    assert len(draft_files(tmp_path / "drafts")) == 1
    buffers = [buffer]
    if how == "saved":
        from agentui.model.files import save_bytes

        buffer.mark_saved(save_bytes(agent_file, buffer.current.to_bytes(), buffer.snapshot))
    elif how == "undone":
        buffer.undo()
    else:
        buffers = []
    recorder.sync(buffers)
    recorder.flush()
    assert draft_files(tmp_path / "drafts") == []
    recorder.close()
    assert list((tmp_path / "drafts").iterdir()) == []


def test_quitting_without_saving_removes_the_drafts_for_good(
    tmp_path: Path, agent_file: Path
) -> None:
    recorder = DraftRecorder(DraftStore(tmp_path / "drafts"), delay=60)
    buffer = edited_buffer(agent_file)
    recorder.sync([buffer])
    recorder.flush()
    recorder.discard_all()
    recorder.sync([buffer])  # the screen still holds the edits while the app closes
    recorder.close()
    assert draft_files(tmp_path / "drafts") == []


def test_unsaved_edits_outlive_the_recorder(tmp_path: Path, agent_file: Path) -> None:
    recorder = DraftRecorder(DraftStore(tmp_path / "drafts"), delay=60)
    recorder.sync([edited_buffer(agent_file)])
    recorder.close()  # the app ends (an error, a signal) with the edits unsaved
    [found] = DraftStore(tmp_path / "drafts").listing().drafts
    assert b"Edited." in found.draft.data


def test_a_folder_that_cannot_be_written_is_reported_not_raised(
    tmp_path: Path, agent_file: Path
) -> None:
    blocked = tmp_path / "drafts"
    blocked.write_text("a file where the folder should be")
    recorder = DraftRecorder(DraftStore(blocked), delay=60)
    recorder.sync([edited_buffer(agent_file)])
    recorder.flush()
    assert recorder.failure is not None and str(blocked) in recorder.failure
    recorder.close()
    assert blocked.read_text() == "a file where the folder should be"
    assert agent_file.read_text() == AGENT


def test_the_recorder_does_no_io_in_sync(tmp_path: Path, agent_file: Path) -> None:
    """sync runs on the event loop: it only schedules."""
    recorder = DraftRecorder(DraftStore(tmp_path / "drafts"), delay=60)
    recorder.sync([edited_buffer(agent_file)])
    assert not (tmp_path / "drafts").exists()
    recorder.close()
    assert os.listdir(tmp_path / "drafts")
