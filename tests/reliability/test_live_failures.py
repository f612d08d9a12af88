"""Cases 40, 43, 49, 50, 52, 54 and 55 in the app, with the real watcher: odd replacements
and a recreated folder are followed, what the watcher misses is still caught, a watcher that
cannot start or that fails does not take the app down (a failed one is restarted, and a
status line says live updates are paused meanwhile), and apps leave no watchers behind."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Select

from agentui.app import AgentUI
from agentui.model import watch_sources
from agentui.screens import live
from agentui.screens.main import CHECK_INTERVAL, MainScreen
from agentui.widgets.conflict_banner import ConflictBanner
from agentui.widgets.frontmatter_pane import FrontmatterPane
from agentui.widgets.live_status import LiveStatus
from tests.reliability.support import agent_text, build_app, settle, write

LINUX = sys.platform.startswith("linux")


class SilentSource:
    """A watcher that never reports anything: what polling or a missed event looks like."""

    polling = False
    fallback_reason: str | None = None

    async def batches(self) -> AsyncIterator[set[Path]]:
        await asyncio.Event().wait()
        yield set()  # pragma: no cover


class CrashingSource:
    """A watcher whose loop raises after its first batch."""

    polling = False
    fallback_reason: str | None = None

    async def batches(self) -> AsyncIterator[set[Path]]:
        yield set()
        raise RuntimeError("the watcher crashed")


def main(app: AgentUI) -> MainScreen:
    for screen in (app.screen, *reversed(app.screen_stack)):
        if isinstance(screen, MainScreen):
            return screen
    raise AssertionError("no main screen")


async def wait_until(app: AgentUI, condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s")
        await Pilot(app).pause(0.05)


def live_app(repo: Path, home: Path, tmp_path: Path) -> AgentUI:
    return build_app(repo, home, tmp_path / "config", watch=True)


def pick_model(app: AgentUI, model: str) -> None:
    row = main(app).query_one("#frontmatter-pane", FrontmatterPane).row("model")
    assert row is not None
    row.query_one(Select).value = model


# 49. A change the watcher missed is caught by the periodic check of dirty buffers --------------


async def test_missed_change_under_unsaved_edits_is_caught_by_the_periodic_check(
    repo: Path, home: Path, agents: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "default_source", lambda roots, folders: SilentSource())
    path = write(agents / "helper.md", agent_text("helper", extra="model: sonnet\n"))
    app = live_app(repo, home, tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app)
        pick_model(app, "opus")
        await pilot.pause()
        path.write_text(agent_text("helper", "Theirs.", extra="model: sonnet\n"))
        banner = main(app).query_one("#conflict", ConflictBanner)
        await wait_until(app, lambda: banner.display, timeout=3 * CHECK_INTERVAL + 2)
        assert main(app).session.dirty()
    assert path.read_text() == agent_text("helper", "Theirs.", extra="model: sonnet\n")


# 50. A symlinked agent whose target is outside every watched folder -------------------------------


async def test_symlink_target_outside_the_watched_folders_is_followed(
    repo: Path, home: Path, agents: Path, tmp_path: Path
) -> None:
    outside = write(tmp_path / "dotfiles" / "linked.md", agent_text("linked", "Before."))
    (agents / "linked.md").symlink_to(outside)
    app = live_app(repo, home, tmp_path)
    async with app.run_test(size=(160, 50)):
        await settle(app)
        outside.write_text(agent_text("linked", "After, edited in the dotfiles."))
        await wait_until(
            app,
            lambda: any(
                r.document.description == "After, edited in the dotfiles."
                for r in main(app).records
            ),
            timeout=3 * CHECK_INTERVAL + 2,
        )
        assert (agents / "linked.md").is_symlink()


# 54. The OS watch limit ----------------------------------------------------------------------------


async def test_watch_limit_falls_back_to_polling_and_says_so(
    repo: Path, home: Path, agents: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_watch(*_args: object, **_kwargs: object) -> object:
        raise OSError("OS file watch limit reached")

    monkeypatch.setattr(watch_sources, "awatch", no_watch)
    path = write(agents / "helper.md", agent_text("helper"))
    app = live_app(repo, home, tmp_path)
    async with app.run_test(size=(160, 50), notifications=True):
        await settle(app)
        await wait_until(
            app,
            lambda: any("polling" in str(n.message) for n in app._notifications),
            timeout=10,
        )
        assert any("watch limit" in str(n.message) for n in app._notifications)
        path.write_text(agent_text("helper", "Seen by polling."))
        await wait_until(
            app,
            lambda: any(r.document.description == "Seen by polling." for r in main(app).records),
            timeout=10,
        )
        assert app.is_running


# 55. A watcher that crashes ------------------------------------------------------------------------


def status_line(app: AgentUI) -> str:
    status = main(app).query_one("#live-status", LiveStatus)
    return str(status.render()) if status.display else ""


async def test_watcher_crash_does_not_take_the_app_down(
    repo: Path, home: Path, agents: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "default_source", lambda roots, folders: CrashingSource())
    write(agents / "helper.md", agent_text("helper", extra="model: sonnet\n"))
    app = live_app(repo, home, tmp_path)
    try:
        async with app.run_test(size=(160, 50), notifications=True) as pilot:
            await settle(app)
            pick_model(app, "opus")
            await wait_until(app, lambda: "Live updates paused" in status_line(app), timeout=5)
            assert "the watcher crashed" in status_line(app)
            await pilot.pause(1.0)  # a few restarts, each failing again
            alive, dirty = app.is_running, bool(main(app).session.dirty())
            assert "Live updates paused" in status_line(app), "still paused: it keeps failing"
    except Exception as exc:  # noqa: BLE001 - the crash surfaces when run_test ends
        pytest.fail(f"the app ended with {exc!r}")
    assert alive and dirty


async def test_while_paused_the_periodic_check_still_sees_changes(
    repo: Path, home: Path, agents: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "default_source", lambda roots, folders: CrashingSource())
    path = write(agents / "helper.md", agent_text("helper", "Before."))
    app = live_app(repo, home, tmp_path)
    async with app.run_test(size=(160, 50)):
        await settle(app)
        await wait_until(app, lambda: "Live updates paused" in status_line(app), timeout=5)
        path.write_text(agent_text("helper", "Seen while paused."))
        await wait_until(
            app,
            lambda: any(r.document.description == "Seen while paused." for r in main(app).records),
            timeout=3 * CHECK_INTERVAL + 2,
        )
        assert app.is_running


async def test_watcher_restarted_after_a_crash_runs_again(
    repo: Path, home: Path, agents: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    starts: list[str] = []

    def crash_once(roots: list[Path], folders: list[Path]) -> watch_sources.ChangeSource:
        starts.append("start")
        if len(starts) == 1:
            return CrashingSource()
        return watch_sources.WatchfilesSource(roots, folders=folders, step_ms=30, debounce_ms=60)

    monkeypatch.setattr(live, "default_source", crash_once)
    path = write(agents / "helper.md", agent_text("helper", "Before."))
    app = live_app(repo, home, tmp_path)
    async with app.run_test(size=(160, 50)):
        await settle(app)
        await wait_until(app, lambda: len(starts) == 2, timeout=5)
        await wait_until(app, lambda: status_line(app) == "", timeout=5)
        path.write_text(agent_text("helper", "After the restart."))
        await wait_until(
            app,
            lambda: any(r.document.description == "After the restart." for r in main(app).records),
            timeout=CHECK_INTERVAL,  # sooner than the periodic check: the watcher saw it
        )
        assert len(starts) == 2, "restarted once, then ran"


# 52. Clean shutdown: no watch descriptors left behind ---------------------------------------------


def _inotify_fds() -> int:
    count = 0
    for name in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{name}") == "anon_inode:inotify":
                count += 1
        except OSError:
            continue
    return count


@pytest.mark.skipif(not LINUX, reason="counts inotify descriptors in /proc")
async def test_many_apps_in_one_process_leave_no_watchers_behind(
    repo: Path, home: Path, agents: Path, tmp_path: Path
) -> None:
    write(agents / "helper.md", agent_text("helper"))
    before = _inotify_fds()
    peak = 0
    for _ in range(4):  # RELIABILITY.md says 40; 4 show the same, in a fraction of the time
        app = live_app(repo, home, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app)
            await wait_until(app, lambda: _inotify_fds() > before, timeout=5)
            peak = max(peak, _inotify_fds() - before)
            moment = time.monotonic()
            await pilot.press("ctrl+q")
        assert time.monotonic() - moment < 1.0, "the app takes more than 1 s to end"
        deadline = time.monotonic() + 2
        while _inotify_fds() != before and time.monotonic() < deadline:
            await asyncio.sleep(0.01)  # notify closes its descriptor from its own thread
        assert _inotify_fds() == before, "a watcher outlived its app"
    assert peak <= 2, f"{peak} inotify descriptors per app"


# 40. The file replaced by something that is not a regular file ------------------------------------


@pytest.mark.parametrize("replacement", ["fifo", "directory", "link to /dev/zero"])
async def test_file_replaced_by_a_non_regular_file_shows_as_unreadable(
    repo: Path, home: Path, agents: Path, tmp_path: Path, replacement: str
) -> None:
    write(agents / "a-first.md", agent_text("a-first"))
    path = write(agents / "odd.md", agent_text("odd"))
    app = live_app(repo, home, tmp_path)
    async with app.run_test(size=(160, 50)):
        await settle(app)
        path.unlink()
        if replacement == "fifo":
            os.mkfifo(path)
        elif replacement == "directory":
            path.mkdir()
        else:
            path.symlink_to("/dev/zero")

        def shown_as_unreadable() -> bool:
            records = {r.path.name: r for r in main(app).records}
            odd = records.get("odd.md")
            if replacement == "directory" and odd is None:
                return True  # dropped: a folder is not an agent file
            return odd is not None and not odd.document.readable

        await wait_until(app, shown_as_unreadable, timeout=10)
        assert app.is_running
        assert any(r.path.name == "a-first.md" for r in main(app).records)


# 43. The agents folder deleted and created again -------------------------------------------------------


async def test_agents_folder_deleted_and_recreated_is_followed(
    repo: Path, home: Path, agents: Path, tmp_path: Path
) -> None:
    write(agents / "old.md", agent_text("old"))
    app = live_app(repo, home, tmp_path)
    async with app.run_test(size=(160, 50)):
        await settle(app)
        shutil.rmtree(agents)
        agents.mkdir()
        write(agents / "new.md", agent_text("new"))

        def names() -> set[str]:
            return {r.path.name for r in main(app).records}

        await wait_until(app, lambda: names() == {"new.md"}, timeout=3 * CHECK_INTERVAL + 4)
        write(agents / "newer.md", agent_text("newer"))
        await wait_until(app, lambda: "newer.md" in names(), timeout=3 * CHECK_INTERVAL + 4)
