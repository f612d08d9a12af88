"""Cases 10 and 11: a save killed at any point leaves the old or the new bytes, never a torn
file, and what it leaves behind is never taken for an agent; agentui removes its own
leftovers once they are old, and nothing else.

The saving process is a child killed with SIGKILL (a) in the middle of writing the temporary
file, (b) after the temporary file is flushed and before the rename, and (c) right after the
rename. A control child writing in place, as ``open(path, "wb")`` does, is killed the same
way and leaves a torn file: the test can tell.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from agentui.app import AgentUI
from agentui.model.catalog import load_catalog
from agentui.model.edit import set_field
from agentui.model.files import TEMP_SUFFIX, is_temp_name, load
from agentui.model.leftovers import STALE_AFTER_SECONDS, remove_stale_temps
from agentui.model.scopes import repository_scopes
from tests.reliability.support import REPO_ROOT, agent_text, settle, write

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from agentui.model import files
    from agentui.model.edit import set_field
    from agentui.model.files import load, save_bytes

    path, when = sys.argv[1], sys.argv[2]
    doc = load(path)
    new = set_field(doc, "description", "rewritten by the child").to_bytes()

    def die(*_args):
        os.kill(os.getpid(), signal.SIGKILL)

    if when == "in-place":  # the control: what a naive editor does
        with open(path, "wb") as f:
            f.write(new[: len(new) // 2])
            f.flush()
            die()

    if when == "mid-write":
        real_write = os.write
        def half_then_die(fd, data):
            real_write(fd, bytes(data[: len(data) // 2]))
            die()
        files.os.write = half_then_die
    if when == "after-rename":
        files._fsync_dir = die  # runs right after os.replace
    save_bytes(path, new, doc.snapshot, before_replace=die if when == "before-rename" else None)
    sys.exit(3)
    """
)


def _big_agent(path: Path) -> tuple[bytes, bytes]:
    """An ~800 KB agent, and the bytes the child saves."""
    body = "".join(
        f"line {i:06d} of a long prompt, padded to look like prose.\n" for i in range(14_000)
    )
    old = agent_text("big", "old", body=body).encode()
    assert 750_000 < len(old) < 850_000
    write(path, old)
    new = set_field(load(path), "description", "rewritten by the child").to_bytes()
    return old, new


def _kill_child_saving(path: Path, when: str) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), when], env=env, capture_output=True, timeout=60
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode(errors="replace")


def _listed(repo: Path, home: Path) -> list[str]:
    return [r.path.name for r in load_catalog(repository_scopes(repo, home))]


@pytest.mark.parametrize(
    ("when", "expected"),
    [("mid-write", "old"), ("before-rename", "old"), ("after-rename", "new")],
)
def test_killed_save_leaves_old_or_new_bytes_and_no_listed_temp(
    repo: Path, home: Path, agents: Path, when: str, expected: str
) -> None:
    path = agents / "big.md"
    old, new = _big_agent(path)

    _kill_child_saving(path, when)

    assert path.read_bytes() == {"old": old, "new": new}[expected]
    leftovers = sorted(name for name in os.listdir(agents) if name != "big.md")
    if when == "after-rename":
        assert leftovers == []
    else:
        (temp,) = leftovers
        assert temp.startswith(".big.md.") and temp.endswith(TEMP_SUFFIX)
        assert is_temp_name(temp)
        written = (agents / temp).read_bytes()
        if when == "mid-write":
            assert new.startswith(written) and len(written) < len(new)
        else:
            assert written == new, "the temp file was complete before the rename"
    assert _listed(repo, home) == ["big.md"]
    doc = load(path)
    assert doc.readable and doc.name == "big"


def test_control_in_place_write_killed_mid_write_is_torn(agents: Path) -> None:
    """Without the temp file and rename, the same kill leaves neither version."""
    path = agents / "big.md"
    old, new = _big_agent(path)

    _kill_child_saving(path, "in-place")

    torn = path.read_bytes()
    assert torn not in (old, new)
    assert len(torn) == len(new) // 2


# 11. Leftover temporary files ---------------------------------------------------------------

LEFTOVERS = [
    ".reviewer.md.1a2b3c4d.agentui-tmp",  # a save killed before its rename
    ".planner.md.99aa00ff.agentui-tmp",  # a create killed before its link
    "reviewer.md~",
    ".reviewer.md.swp",
    "reviewer.md___jb_tmp___",
    "reviewer.md.tmp.1234.5678",
    "4913",
    "notes.txt",
]


def _plant_leftovers(folder: Path) -> list[Path]:
    body = agent_text("ghost", "A leftover that looks like an agent.").encode()
    return [write(folder / name, body) for name in LEFTOVERS]


def test_leftover_temps_are_never_listed_as_agents(repo: Path, home: Path, agents: Path) -> None:
    write(agents / "reviewer.md", agent_text("reviewer"))
    _plant_leftovers(agents)
    _plant_leftovers(agents / "team")
    user_agents = home / ".claude" / "agents"
    write(user_agents / "mine.md", agent_text("mine"))
    _plant_leftovers(user_agents)

    records = load_catalog(repository_scopes(repo, home))

    assert sorted(r.path.name for r in records) == ["mine.md", "reviewer.md"]
    assert not any(r.document.name == "ghost" for r in records)


async def test_app_ignores_leftovers_and_never_deletes_other_files(
    make_app: Callable[[], AgentUI], agents: Path
) -> None:
    write(agents / "reviewer.md", agent_text("reviewer"))
    planted = _plant_leftovers(agents)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app)
        records = app.screen.records  # type: ignore[attr-defined]
        assert [r.path.name for r in records] == ["reviewer.md"]
        await pilot.press("ctrl+q")
    foreign = [p for p in planted if not p.name.endswith(TEMP_SUFFIX)]
    assert all(p.exists() for p in foreign), "files that are not agentui's are never deleted"


# 11. agentui removes its own old leftovers, and nothing else --------------------------------------

HOUR_AGO = time.time() - 3600


def _aged(path: Path, when: float = HOUR_AGO) -> Path:
    os.utime(path, (when, when), follow_symlinks=False)
    return path


def _plant_for_cleanup(folder: Path) -> tuple[list[Path], list[Path]]:
    """agentui's own temporary files an hour old (to go), and everything that must stay."""
    body = agent_text("ghost").encode()
    stale = [
        _aged(write(folder / ".reviewer.md.1a2b3c4d.agentui-tmp", body)),
        _aged(write(folder / "team" / ".planner.md.99aa00ff.agentui-tmp", body)),
    ]
    keep = [
        write(folder / ".young.md.0badc0de.agentui-tmp", body),  # a save in progress
        _aged(write(folder / ".reviewer.md.not-hex!.agentui-tmp", body)),
        _aged(write(folder / "reviewer.md.1a2b3c4d.agentui-tmp", body)),  # no leading dot
        _aged(write(folder / ".reviewer.md.1a2b3c4d.agentui-tmp.bak", body)),
        _aged(write(folder / ".settings.yaml.agentui-tmp", body)),
        *[_aged(write(folder / name, body)) for name in LEFTOVERS[2:]],
    ]
    directory = folder / ".dir.md.00000000.agentui-tmp"
    directory.mkdir()
    _aged(directory)
    outside = write(folder.parent / "outside.md", body)
    link = folder / ".link.md.11111111.agentui-tmp"
    link.symlink_to(outside)
    _aged(link)
    return stale, [*keep, directory, link, outside]


def test_only_our_own_old_temps_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    stale, keep = _plant_for_cleanup(folder)

    removed = remove_stale_temps([folder, tmp_path / "missing"])

    assert sorted(removed) == sorted(stale)
    assert not any(os.path.lexists(p) for p in stale)
    assert all(os.path.lexists(p) for p in keep), "nothing else is ever deleted"
    assert (folder / ".link.md.11111111.agentui-tmp").is_symlink()


def test_temps_are_stale_only_after_some_minutes(tmp_path: Path) -> None:
    now = time.time()
    recent = _aged(write(tmp_path / ".a.md.1a2b3c4d.agentui-tmp", b"x"), now - 60)
    assert remove_stale_temps([tmp_path], now=now) == []
    assert recent.exists()
    later = now + STALE_AFTER_SECONDS + 1
    assert remove_stale_temps([tmp_path], now=later) == [recent]


async def test_app_removes_its_old_leftovers_at_start_and_never_lists_them(
    make_app: Callable[[], AgentUI], agents: Path, home: Path
) -> None:
    write(agents / "reviewer.md", agent_text("reviewer"))
    stale, keep = _plant_for_cleanup(agents)
    user_stale = _aged(write(home / ".claude" / "agents" / ".mine.md.abcdef01.agentui-tmp", b""))
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app)
        for worker in [w for w in app.workers if w.group == "remove-stale-temps"]:
            await worker.wait()
        records = app.screen.records  # type: ignore[attr-defined]
        assert [r.path.name for r in records] == ["reviewer.md"]
        await pilot.press("ctrl+q")
    assert not any(os.path.lexists(p) for p in [*stale, user_stale])
    assert all(os.path.lexists(p) for p in keep)
