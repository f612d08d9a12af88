"""Live-watching model: batches of paths in, changes a user would notice out (no OS watcher)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

import pytest

from agentui.model import watch_sources
from agentui.model.files import MAX_FILE_BYTES, create_file, load, save_bytes
from agentui.model.watch import (
    Backoff,
    Change,
    FakeSource,
    FileState,
    Reconciler,
    WatchfilesSource,
    candidate_path,
    coalesce,
    file_state,
    renames,
    watch_changes,
    watch_roots,
)

OLD = b"---\nname: reviewer\ndescription: old\n---\nReview the code.\n"
NEW = b"---\nname: reviewer\ndescription: new\n---\nReview the code.\n"
THEIRS = b"---\nname: reviewer\ndescription: theirs\n---\nReview the code.\n"
LONG_AGO_NS = 1_600_000_000_000_000_000

NOISE_NAMES = [
    "agent.md___jb_tmp___",
    "agent.md___jb_old___",
    "4913",
    "a.md~",
    ".a.md.swp",
    ".#a.md",
    "#a.md#",
    "a.md.tmp.123.456",
    ".a.md.x.agentui-tmp",
    "notes.txt",
]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def kinds(changes: Iterable[Change]) -> list[tuple[str, str]]:
    return [(c.kind, c.path.name) for c in changes]


@pytest.fixture
def agents(tmp_path: Path) -> Path:
    folder = tmp_path / ".claude" / "agents"
    folder.mkdir(parents=True)
    return folder


def tracking(*paths: Path) -> Reconciler:
    return Reconciler({p: file_state(p) for p in paths})


# Reconcile: the disk decides, whatever the events said.


def test_in_place_modify_is_one_modification(agents: Path) -> None:
    a = write(agents / "a.md", OLD)
    reconciler = tracking(a)
    a.write_bytes(NEW)
    (change,) = reconciler.reconcile({a})
    assert (change.kind, change.state.sha256, change.previous and change.previous.sha256) == (
        "modified",
        sha(NEW),
        sha(OLD),
    )
    assert reconciler.reconcile({a}) == []


def test_temp_then_replace_is_one_modification(agents: Path) -> None:
    a = write(agents / "a.md", OLD)
    reconciler = tracking(a)
    temp = write(agents / "a.md.tmp", NEW)
    os.replace(temp, a)
    # watchfiles reports {added a.md, added a.md.tmp, deleted a.md.tmp}
    assert kinds(reconciler.reconcile({a, temp})) == [("modified", "a.md")]


def test_delete_and_recreate_in_one_batch_is_a_modification(agents: Path) -> None:
    a = write(agents / "a.md", OLD)
    reconciler = tracking(a)
    a.unlink()
    write(a, NEW)
    (change,) = reconciler.reconcile({a})
    assert change.kind == "modified"
    assert change.state.sha256 == sha(NEW)


def test_external_rename_is_delete_plus_add_matched_as_rename(agents: Path) -> None:
    a = write(agents / "a.md", OLD)
    b = agents / "b.md"
    reconciler = tracking(a)
    a.rename(b)
    changes = reconciler.reconcile({a, b})
    assert kinds(changes) == [("deleted", "a.md"), ("added", "b.md")]
    gone, new = changes
    assert gone.previous is not None and gone.previous.sha256 == new.state.sha256 == sha(OLD)
    assert gone.previous.ino == new.state.ino
    assert renames(changes) == {a: b}
    assert set(reconciler.known) == {b}


def test_rename_across_copies_matches_by_content(agents: Path) -> None:
    a = write(agents / "a.md", OLD)
    reconciler = tracking(a)
    b = write(agents / "b.md", OLD)
    a.unlink()
    assert renames(reconciler.reconcile({a, b})) == {a: b}


def test_unrelated_delete_and_add_are_not_a_rename(agents: Path) -> None:
    a = write(agents / "a.md", OLD)
    reconciler = tracking(a)
    a.unlink()
    b = write(agents / "b.md", NEW)
    assert renames(reconciler.reconcile({a, b})) == {}


def test_touch_and_chmod_are_not_changes_but_update_the_stat(agents: Path) -> None:
    a = write(agents / "a.md", OLD)
    os.utime(a, ns=(LONG_AGO_NS, LONG_AGO_NS))
    reconciler = tracking(a)
    os.utime(a)
    assert reconciler.reconcile({a}) == []
    assert reconciler.known[a].mtime_ns == a.stat().st_mtime_ns != LONG_AGO_NS
    os.chmod(a, 0o600)
    assert reconciler.reconcile({a}) == []


def test_own_save_expected_by_hash_is_not_a_change(agents: Path) -> None:
    a = write(agents / "a.md", OLD)
    document = load(a)
    assert document.snapshot is not None
    reconciler = Reconciler({a: FileState.from_snapshot(a, document.snapshot)})
    reconciler.expect_write(a, sha(NEW))
    save_bytes(a, NEW, document.snapshot)
    assert reconciler.reconcile({a}) == []
    assert reconciler.known[a].sha256 == sha(NEW)


def test_expectation_survives_a_batch_seen_before_the_save_lands(agents: Path) -> None:
    a = write(agents / "a.md", OLD)
    reconciler = tracking(a)
    reconciler.expect_write(a, sha(NEW))
    assert reconciler.reconcile({a}) == []
    a.write_bytes(NEW)
    assert reconciler.reconcile({a}) == []


def test_own_save_then_different_external_write_is_detected(agents: Path) -> None:
    a = write(agents / "a.md", OLD)
    document = load(a)
    assert document.snapshot is not None
    reconciler = tracking(a)
    reconciler.expect_write(a, sha(NEW))
    save_bytes(a, NEW, document.snapshot)
    a.write_bytes(THEIRS)
    (change,) = reconciler.reconcile({a})
    assert (change.kind, change.state.sha256) == ("modified", sha(THEIRS))
    a.write_bytes(NEW)
    assert kinds(reconciler.reconcile({a})) == [("modified", "a.md")]


def test_own_new_file_expected_by_hash_is_not_an_addition(agents: Path) -> None:
    reconciler = Reconciler()
    a = agents / "a.md"
    reconciler.expect_write(a, sha(NEW))
    create_file(a, NEW)
    assert reconciler.reconcile({a}) == []
    assert reconciler.known[a].sha256 == sha(NEW)


def test_event_kinds_are_not_trusted(agents: Path) -> None:
    """A synthetic {added p, deleted p} batch: the state follows the disk either way."""
    p = agents / "p.md"
    reconciler = Reconciler()
    assert reconciler.reconcile({p}) == []
    write(p, OLD)
    assert kinds(reconciler.reconcile({p})) == [("added", "p.md")]
    p.unlink()
    assert kinds(reconciler.reconcile({p})) == [("deleted", "p.md")]
    assert p not in reconciler.known


def test_temp_noise_never_becomes_a_change(agents: Path) -> None:
    agent = write(agents / "agent.md", OLD)
    reconciler = tracking(agent)
    noise = [write(agents / name, NEW) for name in NOISE_NAMES]
    candidates = {c for p in noise if (c := candidate_path(p)) is not None}
    assert candidates <= {agent, agents / "a.md"}
    assert reconciler.reconcile({*noise, *candidates}) == []
    assert reconciler.rescan([agents]) == []
    for path in noise:
        path.unlink()
    gone = {c for p in noise if (c := candidate_path(p, deleted=True)) is not None}
    assert reconciler.reconcile({*noise, *gone}) == []
    assert list(reconciler.known) == [agent]


@pytest.mark.parametrize(
    ("name", "stands_for"),
    [
        ("agent.md___jb_tmp___", "agent.md"),
        ("agent.md___jb_old___", "agent.md"),
        ("a.md~", "a.md"),
        ("a.md.tmp.123.456", "a.md"),
        ("a.md.tmp", "a.md"),
        ("4913", None),
        (".a.md.swp", None),
        (".#a.md", None),
        ("#a.md#", None),
        (".a.md.x.agentui-tmp", None),
        ("notes.txt", None),
        ("README.md", None),
        ("a.md", "a.md"),
    ],
)
def test_watcher_paths_map_to_the_agent_file_they_stand_for(
    tmp_path: Path, name: str, stands_for: str | None
) -> None:
    expected = None if stands_for is None else tmp_path / stands_for
    assert candidate_path(str(tmp_path / name)) == expected


def test_folders_and_deleted_folder_names_are_candidates(tmp_path: Path) -> None:
    (tmp_path / "agents").mkdir()
    assert candidate_path(tmp_path / "agents") == tmp_path / "agents"
    assert candidate_path(tmp_path / "gone", deleted=True) == tmp_path / "gone"
    assert candidate_path(tmp_path / "gone") is None
    assert candidate_path(tmp_path / "notes.txt", deleted=True) is None
    assert candidate_path(tmp_path / ".git" / "a.md") is None
    assert candidate_path(tmp_path / "node_modules" / "x" / "a.md") is None


def test_only_folders_below_the_watched_root_are_checked_for_ignored_names(
    tmp_path: Path,
) -> None:
    root = tmp_path / ".venv" / "project" / ".claude"
    agent = root / "agents" / "a.md"
    assert candidate_path(agent) is None
    assert candidate_path(agent, root=root) == agent
    assert candidate_path(root / "agents" / ".git" / "a.md", root=root) is None


def test_folder_moved_away_and_back(tmp_path: Path, agents: Path) -> None:
    a = write(agents / "a.md", OLD)
    b = write(agents / "team" / "b.md", NEW)
    reconciler = tracking(a, b)
    elsewhere = tmp_path / "elsewhere"
    agents.rename(elsewhere)
    # watchfiles reports only the folder for a folder moved out or in
    assert kinds(reconciler.reconcile({agents})) == [("deleted", "a.md"), ("deleted", "b.md")]
    elsewhere.rename(agents)
    assert kinds(reconciler.reconcile({agents})) == [("added", "a.md"), ("added", "b.md")]


def test_scope_keeps_other_markdown_under_a_watched_parent_out(tmp_path: Path) -> None:
    dot_claude = tmp_path / ".claude"
    agents = dot_claude / "agents"
    reconciler = Reconciler(folders=[agents])
    memory = write(dot_claude / "CLAUDE.md", OLD)
    command = write(dot_claude / "commands" / "deploy.md", OLD)
    agent = write(agents / "x.md", OLD)
    assert kinds(reconciler.reconcile({memory, command, agent})) == [("added", "x.md")]
    assert reconciler.reconcile({dot_claude}) == []
    assert reconciler.rescan([dot_claude]) == []


def test_rescan_finds_new_changed_and_vanished_files(agents: Path) -> None:
    a = write(agents / "a.md", OLD)
    b = write(agents / "sub" / "b.md", OLD)
    reconciler = tracking(a, b)
    a.write_bytes(NEW)
    b.unlink()
    write(agents / "c.md", OLD)
    write(agents / "notes.txt", OLD)
    assert kinds(reconciler.rescan([agents])) == [
        ("modified", "a.md"),
        ("added", "c.md"),
        ("deleted", "b.md"),
    ]
    assert reconciler.rescan([agents]) == []


# Files that are not regular never hang and show as modified, not regular.


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_fifo_replacing_a_file_is_a_modification_without_hanging(agents: Path) -> None:
    a = write(agents / "a.md", OLD)
    reconciler = tracking(a)
    a.unlink()
    os.mkfifo(a)
    (change,) = reconciler.reconcile({a})
    assert (change.kind, change.state.exists, change.state.regular) == ("modified", True, False)
    assert change.state.sha256 is None


@pytest.mark.parametrize("replacement", ["directory", "dangling symlink", "link to /dev/zero"])
def test_non_regular_replacement_is_a_modification(agents: Path, replacement: str) -> None:
    a = write(agents / "a.md", OLD)
    reconciler = tracking(a)
    a.unlink()
    if replacement == "directory":
        a.mkdir()
    elif replacement == "dangling symlink":
        a.symlink_to(agents / "missing.md")
    else:
        if not os.path.exists("/dev/zero"):
            pytest.skip("no /dev/zero")
        a.symlink_to("/dev/zero")
    (change,) = reconciler.reconcile({a})
    assert (change.kind, change.state.regular, change.state.sha256) == ("modified", False, None)
    if a.is_dir() and not a.is_symlink():
        shutil.rmtree(a)
    else:
        a.unlink()
    write(a, OLD)
    (back,) = reconciler.reconcile({a})
    assert (back.kind, back.state.regular, back.state.sha256) == ("modified", True, sha(OLD))


def test_symlink_loop_is_not_regular(agents: Path) -> None:
    a, b = agents / "a.md", agents / "b.md"
    a.symlink_to(b)
    b.symlink_to(a)
    state = file_state(a)
    assert (state.exists, state.regular, state.sha256) == (True, False, None)


# file_state


def test_file_state_reuses_the_hash_only_for_an_old_unchanged_stat(agents: Path) -> None:
    a = write(agents / "a.md", OLD)
    os.utime(a, ns=(LONG_AGO_NS, LONG_AGO_NS))
    known = file_state(a)
    assert known.sha256 == sha(OLD)
    # Same size, same inode, mtime put back: the stat cannot tell, so the hash is reused.
    a.write_bytes(NEW)
    os.utime(a, ns=(LONG_AGO_NS, LONG_AGO_NS))
    assert file_state(a, known).sha256 == sha(OLD)
    assert file_state(a).sha256 == sha(NEW)


def test_file_state_rehashes_a_recent_file_with_an_unchanged_stat(agents: Path) -> None:
    a = write(agents / "a.md", OLD)
    known = file_state(a)
    mtime = a.stat().st_mtime_ns
    a.write_bytes(NEW)
    os.utime(a, ns=(mtime, mtime))
    assert file_state(a, known).sha256 == sha(NEW)


def test_file_state_of_a_missing_path(agents: Path) -> None:
    assert file_state(agents / "none.md") == FileState.missing(agents / "none.md")


def test_too_large_file_is_not_hashed_but_changes_are_seen(agents: Path) -> None:
    big = agents / "big.md"
    with open(big, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    reconciler = tracking(big)
    assert reconciler.known[big].sha256 is None
    with open(big, "ab") as f:
        f.write(b"x")
    assert kinds(reconciler.reconcile({big})) == [("modified", "big.md")]


# watch_roots


def test_watch_roots_prefers_the_parent(tmp_path: Path) -> None:
    agents = tmp_path / ".claude" / "agents"
    agents.mkdir(parents=True)
    assert watch_roots([agents], ceilings=[]) == [tmp_path / ".claude"]


def test_watch_roots_missing_folder_uses_nearest_existing_ancestor(tmp_path: Path) -> None:
    (tmp_path / ".claude").mkdir()
    assert watch_roots([tmp_path / ".claude" / "agents"], ceilings=[]) == [tmp_path / ".claude"]
    opencode = tmp_path / ".opencode" / "agent"
    assert watch_roots([opencode], ceilings=[tmp_path.parent]) == [tmp_path]


def test_watch_roots_never_reaches_a_ceiling(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    # ~/.copilot/agents with no ~/.copilot: not worth watching all of home
    assert watch_roots([home / ".copilot" / "agents"], ceilings=[home]) == []
    # A folder scope directly in home is watched itself, not through home.
    mine = home / "my-agents"
    mine.mkdir()
    assert watch_roots([mine], ceilings=[home]) == [mine]


def test_watch_roots_are_deduplicated_and_never_nested(tmp_path: Path) -> None:
    claude = tmp_path / ".claude" / "agents"
    nested = claude / "team"
    nested.mkdir(parents=True)
    opencode = tmp_path / ".opencode"
    (opencode / "agent").mkdir(parents=True)
    folders = [claude, nested, opencode / "agent", opencode / "agents", claude]
    assert watch_roots(folders, ceilings=[tmp_path]) == [tmp_path / ".claude", opencode]


def test_watch_roots_of_nothing_existing(tmp_path: Path) -> None:
    assert watch_roots([tmp_path / "a" / "b" / "c"], ceilings=[tmp_path]) == []


# Sources


async def collect(source: FakeSource, reconciler: Reconciler) -> list[list[Change]]:
    source.close()
    return [changes async for changes in watch_changes(source, reconciler)]


async def test_fake_source_batches_become_changes(agents: Path) -> None:
    a = write(agents / "a.md", OLD)
    reconciler = tracking(a)
    source = FakeSource()
    a.write_bytes(NEW)
    source.push([a, agents / "a.md~"])
    source.push([agents / "4913"])
    write(agents / "b.md", OLD)
    source.push([agents / "b.md"])
    batches = await collect(source, reconciler)
    assert [kinds(b) for b in batches] == [[("modified", "a.md")], [("added", "b.md")]]


async def test_burst_coalesces_and_ends_on_the_final_content(agents: Path) -> None:
    a = write(agents / "a.md", OLD)
    reconciler = tracking(a)
    source = FakeSource()
    for i in range(500):
        path = agents / f"f{i:03d}.md"
        write(path, b"v1 %d" % i)
        source.push([path])
        if i % 7 == 0:
            a.write_bytes(b"a %d" % i)
            source.push([a])
    source.close()
    merged = [batch async for batch in coalesce(source.batches(), quiet_ms=1000)]
    assert len(merged) == 1
    changes = reconciler.reconcile(merged[0])
    assert len(changes) == 501
    assert reconciler.known[a].sha256 == sha(b"a 497")


async def test_coalesce_reraises_the_source_error() -> None:
    async def failing() -> AsyncIterator[set[Path]]:
        yield {Path("a.md")}
        raise RuntimeError("watcher crashed")

    merged = coalesce(failing(), quiet_ms=1000)
    assert await anext(merged) == {Path("a.md")}
    with pytest.raises(RuntimeError, match="watcher crashed"):
        await anext(merged)


def test_restart_waits_double_each_failure_up_to_a_cap_and_reset_after_a_healthy_run() -> None:
    backoff = Backoff(first_s=0.5, max_s=30.0, healthy_s=60.0)
    now = 0.0
    waits = []
    for _ in range(9):
        backoff.started(now)
        now += 0.1  # fails at once
        waits.append(backoff.failed(now))
        now += waits[-1]
    assert waits == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]
    backoff.started(now)
    assert backoff.failed(now + 59.0) == 30.0, "a short run keeps the long wait"
    backoff.started(now + 100.0)
    assert backoff.failed(now + 161.0) == 0.5, "a healthy run starts the waits again"
    assert backoff.failed(now + 161.5) == 1.0


async def test_watch_limit_falls_back_to_polling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_watch(*_: object, **__: object) -> object:
        raise OSError("OS file watch limit reached")

    monkeypatch.setattr(watch_sources, "awatch", no_watch)
    stop = asyncio.Event()
    source = WatchfilesSource([tmp_path], stop_event=stop)
    batches = source.batches()
    assert await anext(batches) == {tmp_path}
    assert (source.polling, source.fallback_reason) == (True, "OS file watch limit reached")
    stop.set()
    with pytest.raises(StopAsyncIteration):
        await anext(batches)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_unreadable_file_changes_when_it_becomes_readable(agents: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads anything")
    a = write(agents / "a.md", OLD)
    os.chmod(a, 0)
    reconciler = tracking(a)
    assert reconciler.known[a].sha256 is None
    os.chmod(a, 0o644)
    assert kinds(reconciler.reconcile({a})) == [("modified", "a.md")]


def test_watching_model_does_not_import_textual() -> None:
    code = "import sys, agentui.model.watch; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
