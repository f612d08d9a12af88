"""Live watching with the real OS watcher (watchfiles) in temporary folders.

Every wait is on a condition with a deadline, never a fixed sleep. A sentinel file written
after an action is a barrier: batches arrive in order, so once the sentinel is seen, every
event of the action has been reconciled.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import os
import shutil
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from agentui.model import watch_sources
from agentui.model.discovery import iter_agent_files
from agentui.model.watch import (
    Change,
    Reconciler,
    WatchfilesSource,
    file_state,
    renames,
    watch_roots,
)

OLD = b"---\nname: reviewer\ndescription: old\n---\nReview the code.\n"
NEW = b"---\nname: reviewer\ndescription: new, and longer\n---\nReview the code.\n"
TEST_DEADLINE_S = 10.0
CONDITION_DEADLINE_S = 5.0
LINUX = sys.platform.startswith("linux")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def inotify_fds() -> int:
    count = 0
    for name in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{name}") == "anon_inode:inotify":
                count += 1
        except OSError:
            continue
    return count


async def until(condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + CONDITION_DEADLINE_S
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {CONDITION_DEADLINE_S} s: {what}")
        await asyncio.sleep(0.005)


class Watching:
    """A running source whose batches are reconciled and recorded as they come."""

    def __init__(self, source: WatchfilesSource, reconciler: Reconciler) -> None:
        self.source = source
        self.reconciler = reconciler
        self.batches: list[tuple[float, set[Path]]] = []
        self.changes: list[Change] = []
        self.started = asyncio.Event()
        self._sentinels = itertools.count()

    async def run(self) -> None:
        # awatch starts watching synchronously before its first suspension, so once this
        # task has yielded after setting `started`, the OS watch is in place.
        self.started.set()
        async for batch in self.source.batches():
            self.batches.append((time.monotonic(), batch))
            self.changes.extend(self.reconciler.reconcile(batch))

    def kinds(self, path: Path) -> list[str]:
        return [c.kind for c in self.changes if c.path == path]

    async def until_changed(self, path: Path, kind: str) -> None:
        await until(lambda: kind in self.kinds(path), f"{kind} {path.name}")

    async def barrier(self, folder: Path) -> None:
        sentinel = write(folder / f"zz-sentinel-{next(self._sentinels)}.md", b"sentinel")
        await self.until_changed(sentinel, "added")

    def batch_after(self, moment: float) -> float:
        return next(t for t, _ in self.batches if t >= moment) - moment


@asynccontextmanager
async def watching(
    folders: list[Path], *, ceilings: list[Path], **options: Any
) -> AsyncIterator[Watching]:
    known = {p: file_state(p) for f in folders for p in iter_agent_files(f)}
    stop = asyncio.Event()
    source = WatchfilesSource(
        watch_roots(folders, ceilings=ceilings), stop_event=stop, folders=folders, **options
    )
    watcher = Watching(source, Reconciler(known, folders=folders))
    async with asyncio.timeout(TEST_DEADLINE_S):
        task = asyncio.create_task(watcher.run())
        await watcher.started.wait()
        try:
            yield watcher
        finally:
            stop.set()
            await task


@pytest.fixture
def agents(tmp_path: Path) -> Path:
    folder = tmp_path / ".claude" / "agents"
    folder.mkdir(parents=True)
    return folder


def in_place(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def temp_and_replace(path: Path, data: bytes) -> None:
    temp = write(path.with_name(f"{path.name}.tmp.{os.getpid()}.1"), data)
    os.replace(temp, path)


def delete_and_create(path: Path, data: bytes) -> None:
    path.unlink()
    path.write_bytes(data)


def vim_write(path: Path, data: bytes) -> None:
    probe = write(path.with_name("4913"), b"")
    probe.unlink()
    backup = path.with_name(path.name + "~")
    os.rename(path, backup)
    path.write_bytes(data)
    backup.unlink()


def jetbrains_write(path: Path, data: bytes) -> None:
    temp = write(path.with_name(path.name + "___jb_tmp___"), data)
    old = path.with_name(path.name + "___jb_old___")
    os.rename(path, old)
    os.rename(temp, path)
    old.unlink()


EDITORS = {
    "in place": in_place,
    "temp + os.replace": temp_and_replace,
    "delete + create": delete_and_create,
    "vim": vim_write,
    "jetbrains": jetbrains_write,
}


@pytest.mark.parametrize("editor", EDITORS)
async def test_external_save_is_one_modification_within_a_second(
    tmp_path: Path, agents: Path, editor: str
) -> None:
    a = write(agents / "a.md", OLD)
    async with watching([agents], ceilings=[tmp_path]) as w:
        moment = time.monotonic()
        EDITORS[editor](a, NEW)
        await w.until_changed(a, "modified")
        await w.barrier(agents)
        assert w.kinds(a) == ["modified"]
        assert w.reconciler.known[a].sha256 == sha(NEW)
        assert w.batch_after(moment) < 1.0


async def test_rename_is_offered_as_a_rename(tmp_path: Path, agents: Path) -> None:
    a = write(agents / "a.md", OLD)
    b = agents / "b.md"
    async with watching([agents], ceilings=[tmp_path]) as w:
        os.rename(a, b)
        await w.until_changed(b, "added")
        await w.barrier(agents)
        assert (w.kinds(a), w.kinds(b)) == (["deleted"], ["added"])
        assert renames(w.changes) == {a: b}


async def test_burst_of_writes_ends_on_the_final_content(tmp_path: Path, agents: Path) -> None:
    files = [write(agents / f"f{i}.md", OLD) for i in range(10)]
    async with watching([agents], ceilings=[tmp_path]) as w:
        for round_ in range(10):
            for path in files:
                path.write_bytes(b"round %d of %s" % (round_, path.name.encode()))
        finals = {p: sha(b"round 9 of %s" % p.name.encode()) for p in files}
        await until(
            lambda: all(w.reconciler.known[p].sha256 == finals[p] for p in files),
            "every file on its final content",
        )
        assert len(w.batches) <= 5, [len(b) for _, b in w.batches]


async def test_agents_folder_created_after_start(tmp_path: Path) -> None:
    agents = tmp_path / ".claude" / "agents"
    agents.parent.mkdir()
    async with watching([agents], ceilings=[tmp_path]) as w:
        assert w.source.roots == [agents.parent]
        x = write(agents / "x.md", OLD)
        await w.until_changed(x, "added")


async def test_tool_folder_created_after_start(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    agents = project / ".claude" / "agents"
    async with watching([agents], ceilings=[tmp_path]) as w:
        assert w.source.roots == [project]
        x = write(agents / "team" / "x.md", OLD)
        await w.until_changed(x, "added")


async def test_agents_folder_deleted_and_recreated(tmp_path: Path, agents: Path) -> None:
    old = write(agents / "old.md", OLD)
    async with watching([agents], ceilings=[tmp_path]) as w:
        shutil.rmtree(agents)
        agents.mkdir()
        new = write(agents / "new.md", NEW)
        await w.until_changed(new, "added")
        await w.until_changed(old, "deleted")
        new.write_bytes(OLD)
        await w.until_changed(new, "modified")


async def test_temp_noise_gives_no_changes(tmp_path: Path, agents: Path) -> None:
    agent = write(agents / "agent.md", OLD)
    names = [
        "agent.md___jb_tmp___", "agent.md___jb_old___", "4913", "a.md~", ".a.md.swp",
        ".#a.md", "#a.md#", "a.md.tmp.123.456", ".a.md.x.agentui-tmp", "notes.txt",
    ]  # fmt: skip
    async with watching([agents], ceilings=[tmp_path]) as w:
        for name in names:
            write(agents / name, NEW).unlink()
        await w.barrier(agents)
        assert [c.path.name for c in w.changes] == ["zz-sentinel-0.md"]
        assert w.reconciler.known[agent].sha256 == sha(OLD)


@pytest.mark.skipif(not LINUX, reason="counts inotify descriptors in /proc")
async def test_stop_event_ends_the_watch_promptly_and_releases_inotify(
    tmp_path: Path, agents: Path
) -> None:
    before = inotify_fds()
    for _ in range(5):
        stop = asyncio.Event()
        source = WatchfilesSource(watch_roots([agents], ceilings=[tmp_path]), stop_event=stop)
        watcher = Watching(source, Reconciler())
        task = asyncio.create_task(watcher.run())
        await watcher.started.wait()
        await until(lambda: inotify_fds() == before + 1, "one inotify descriptor while watching")
        moment = time.monotonic()
        stop.set()
        await asyncio.wait_for(task, 2)
        assert time.monotonic() - moment < 1.0
        # notify closes the descriptor from its own thread, a fraction of a millisecond later
        await until(lambda: inotify_fds() == before, "inotify descriptor released")


@pytest.mark.skipif(not LINUX, reason="counts inotify descriptors in /proc")
async def test_cancelled_consumer_releases_inotify(tmp_path: Path, agents: Path) -> None:
    before = inotify_fds()
    watcher = Watching(WatchfilesSource([agents]), Reconciler())
    task = asyncio.create_task(watcher.run())
    await watcher.started.wait()
    await until(lambda: inotify_fds() == before + 1, "one inotify descriptor while watching")
    moment = time.monotonic()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert time.monotonic() - moment < 1.0
    await until(lambda: inotify_fds() == before, "inotify descriptor released")


async def test_watch_limit_falls_back_to_polling_and_still_sees_changes(
    tmp_path: Path, agents: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_watch(*_: object, **__: object) -> object:
        raise OSError("OS file watch limit reached")

    monkeypatch.setattr(watch_sources, "awatch", no_watch)
    a = write(agents / "a.md", OLD)
    async with watching([agents], ceilings=[tmp_path], poll_ms=50) as w:
        await until(lambda: w.batches, "the first polling batch")
        assert w.source.polling
        assert w.source.fallback_reason == "OS file watch limit reached"
        a.write_bytes(NEW)
        await w.until_changed(a, "modified")
        b = write(agents / "b.md", OLD)
        await w.until_changed(b, "added")


async def test_missing_root_falls_back_to_polling(tmp_path: Path) -> None:
    agents = tmp_path / "agents"
    stop = asyncio.Event()
    source = WatchfilesSource([agents], poll_ms=50, stop_event=stop)
    watcher = Watching(source, Reconciler(folders=[agents]))
    async with asyncio.timeout(TEST_DEADLINE_S):
        task = asyncio.create_task(watcher.run())
        await until(lambda: watcher.batches, "the first polling batch")
        assert source.polling and source.fallback_reason
        x = write(agents / "x.md", OLD)
        await watcher.until_changed(x, "added")
        stop.set()
        await task
