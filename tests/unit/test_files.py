"""Data-safety tests for agentui.model.files: reading any file, saving atomically."""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from agentui.model import files
from agentui.model.diagnostics import YamlVerdict
from agentui.model.discovery import iter_agent_files
from agentui.model.edit import set_field
from agentui.model.files import (
    MAX_FILE_BYTES,
    ConflictError,
    SaveError,
    TargetOutsideError,
    create_file,
    is_temp_name,
    load,
    save_bytes,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
OLD = b"---\nname: reviewer\ndescription: old\n---\nReview the code.\n"
NEW = b"---\nname: reviewer\ndescription: new\n---\nReview the code.\n"
OLD_MTIME_NS = 1_600_000_000_123_456_789


def _agent(path: Path, data: bytes = OLD, mode: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if mode is not None:
        os.chmod(path, mode)
    return path


def _listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def _temps(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.endswith(files.TEMP_SUFFIX)]


def _open_fds() -> int | None:
    if not os.path.isdir("/proc/self/fd"):
        return None
    return len(os.listdir("/proc/self/fd"))


def _failing(err: int) -> Callable[..., object]:
    def fail(*_args: object, **_kwargs: object) -> object:
        raise OSError(err, os.strerror(err))

    return fail


@contextmanager
def _watchdog(seconds: int = 3) -> Iterator[None]:
    """Fail instead of hanging forever if a call blocks (e.g. opening a FIFO)."""

    def boom(_signum: int, _frame: object) -> None:
        raise TimeoutError("the call blocked")

    previous = signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def created(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Paths agentui creates with os.open(O_CREAT) during the test."""
    paths: list[str] = []
    real_open = os.open

    def spy_open(path, flags, mode=0o777, *, dir_fd=None):  # type: ignore[no-untyped-def]
        if flags & os.O_CREAT:
            paths.append(os.fspath(path))
        return real_open(path, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr(files.os, "open", spy_open)
    return paths


# 1. No-op save ------------------------------------------------------------------------


def test_saving_unchanged_bytes_writes_nothing(tmp_path: Path, created: list[str]) -> None:
    path = _agent(tmp_path / "agent.md")
    os.utime(path, ns=(OLD_MTIME_NS, OLD_MTIME_NS))
    doc = load(path)
    before = os.stat(path)

    snapshot = save_bytes(path, doc.to_bytes(), doc.snapshot)

    after = os.stat(path)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, OLD_MTIME_NS)
    assert snapshot == doc.snapshot
    assert created == []
    assert _listing(tmp_path) == ["agent.md"]


def test_set_field_to_same_value_then_save_is_a_no_op(tmp_path: Path) -> None:
    path = _agent(tmp_path / "agent.md")
    os.utime(path, ns=(OLD_MTIME_NS, OLD_MTIME_NS))
    doc = load(path)
    edited = set_field(doc, "description", "old")
    save_bytes(path, edited.to_bytes(), doc.snapshot)
    assert os.stat(path).st_mtime_ns == OLD_MTIME_NS
    assert path.read_bytes() == OLD


# 2. Atomicity across a killed process --------------------------------------------------

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from agentui.model.edit import set_field
    from agentui.model.files import load, save_bytes

    path, when = sys.argv[1], sys.argv[2]
    doc = load(path)
    new = set_field(doc, "description", "rewritten by the child").to_bytes()

    def die(_temp):
        os.kill(os.getpid(), signal.SIGKILL)

    save_bytes(path, new, doc.snapshot, before_replace=die if when == "before-replace" else None)
    if when == "after-save":
        os.kill(os.getpid(), signal.SIGKILL)
    sys.exit(3)
    """
)


def _big_agent(path: Path) -> tuple[bytes, bytes]:
    body = b"".join(
        b"line %06d of a long prompt, padded to look like prose.\n" % i for i in range(14_000)
    )
    old = b"---\nname: big\ndescription: old\n---\n" + body
    assert 750_000 < len(old) < 850_000
    _agent(path, old)
    new = set_field(load(path), "description", "rewritten by the child").to_bytes()
    assert new != old
    return old, new


def _run_child(path: Path, when: str) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), when],
        env=env,
        capture_output=True,
        timeout=30,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode(errors="replace")


def test_kill_before_replace_leaves_old_bytes_and_a_hidden_temp(tmp_path: Path) -> None:
    path = tmp_path / "agent.md"
    old, new = _big_agent(path)

    _run_child(path, "before-replace")

    assert path.read_bytes() == old  # not torn, not empty, not the new bytes
    leftovers = [name for name in _listing(tmp_path) if name != "agent.md"]
    assert len(leftovers) == 1
    assert is_temp_name(leftovers[0])
    assert (tmp_path / leftovers[0]).read_bytes() == new  # fully written before the rename
    assert list(iter_agent_files(tmp_path)) == [path]
    # The leftover does not get in the way of the next save.
    doc = load(path)
    save_bytes(path, NEW, doc.snapshot)
    assert path.read_bytes() == NEW


def test_kill_right_after_save_keeps_new_bytes(tmp_path: Path) -> None:
    path = tmp_path / "agent.md"
    _old, new = _big_agent(path)

    _run_child(path, "after-save")

    assert path.read_bytes() == new
    assert _listing(tmp_path) == ["agent.md"]


# 3. Failures during the write -----------------------------------------------------------

FAILURES = [
    ("write", errno.ENOSPC),
    ("fsync", errno.EIO),
    ("replace", errno.EXDEV),
    ("replace", errno.EACCES),
    ("replace", errno.EBUSY),
]


@pytest.mark.parametrize(
    ("func", "err"), FAILURES, ids=[f"{f}-{errno.errorcode[e]}" for f, e in FAILURES]
)
def test_os_error_during_save_leaves_original_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, created: list[str], func: str, err: int
) -> None:
    real_dir = tmp_path / "real"
    path = _agent(real_dir / "agent.md", mode=0o640)
    link = tmp_path / "link.md"
    link.symlink_to(path)
    doc = load(link)
    fds = _open_fds()

    with monkeypatch.context() as patch:
        patch.setattr(files.os, func, _failing(err))
        with pytest.raises(SaveError) as info:
            save_bytes(link, NEW, doc.snapshot)

    assert not isinstance(info.value, ConflictError)
    assert os.strerror(err) in str(info.value)
    assert path.read_bytes() == OLD
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert _listing(real_dir) == ["agent.md"]
    assert _listing(tmp_path) == ["link.md", "real"]
    assert len(created) == 1
    assert Path(created[0]).parent == real_dir  # the temp lived beside the real file
    assert is_temp_name(Path(created[0]).name)
    assert _open_fds() == fds  # no descriptor leaked

    # The same save succeeds once the disk behaves.
    save_bytes(link, NEW, doc.snapshot)
    assert path.read_bytes() == NEW
    assert link.is_symlink()


def test_cannot_create_temp_in_directory_is_a_save_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _agent(tmp_path / "agent.md")
    doc = load(path)
    real_open = os.open

    def deny_create(path, flags, mode=0o777, *, dir_fd=None):  # type: ignore[no-untyped-def]
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return real_open(path, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr(files.os, "open", deny_create)
    with pytest.raises(SaveError, match="cannot write in"):
        save_bytes(path, NEW, doc.snapshot)
    assert path.read_bytes() == OLD
    assert _listing(tmp_path) == ["agent.md"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_unwritable_directory_is_a_save_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    path = _agent(folder / "agent.md")
    doc = load(path)
    os.chmod(folder, 0o555)
    try:
        with pytest.raises(SaveError):
            save_bytes(path, NEW, doc.snapshot)
        assert path.read_bytes() == OLD
        assert _listing(folder) == ["agent.md"]
    finally:
        os.chmod(folder, 0o755)


def test_short_writes_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _agent(tmp_path / "agent.md")
    doc = load(path)
    real_write = os.write
    monkeypatch.setattr(files.os, "write", lambda fd, data: real_write(fd, bytes(data[:7])))
    save_bytes(path, NEW, doc.snapshot)
    monkeypatch.undo()
    assert path.read_bytes() == NEW


def test_hook_exception_removes_temp(tmp_path: Path) -> None:
    path = _agent(tmp_path / "agent.md")
    doc = load(path)

    def interrupt(_temp: Path) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        save_bytes(path, NEW, doc.snapshot, before_replace=interrupt)
    assert path.read_bytes() == OLD
    assert _listing(tmp_path) == ["agent.md"]


# 4. Durability order ----------------------------------------------------------------------


def test_fsync_temp_then_replace_then_fsync_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _agent(tmp_path / "agent.md")
    doc = load(path)
    events: list[tuple[str, ...]] = []
    fd_paths: dict[int, str] = {}
    real_open, real_fsync, real_replace = os.open, os.fsync, os.replace

    def spy_open(p, flags, mode=0o777, *, dir_fd=None):  # type: ignore[no-untyped-def]
        fd = real_open(p, flags, mode, dir_fd=dir_fd)
        fd_paths[fd] = os.fspath(p)  # fd numbers are reused: keep the latest
        return fd

    def spy_fsync(fd: int) -> None:
        events.append(("fsync", fd_paths[fd]))
        real_fsync(fd)

    def spy_replace(src, dst):  # type: ignore[no-untyped-def]
        events.append(("replace", os.fspath(src), os.fspath(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "open", spy_open)
    monkeypatch.setattr(files.os, "fsync", spy_fsync)
    monkeypatch.setattr(files.os, "replace", spy_replace)
    save_bytes(path, NEW, doc.snapshot)
    monkeypatch.undo()

    assert len(events) == 3, events
    (k1, temp), (k2, src, dst), (k3, folder) = events
    assert (k1, k2, k3) == ("fsync", "replace", "fsync")
    assert src == temp and is_temp_name(Path(temp).name) and Path(temp).parent == tmp_path
    assert Path(dst) == path
    assert Path(folder) == tmp_path
    assert path.read_bytes() == NEW


# 5. Mode ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o640, 0o755], ids=oct)
def test_save_keeps_mode(tmp_path: Path, mode: int) -> None:
    path = _agent(tmp_path / "agent.md", mode=mode)
    doc = load(path)
    snapshot = save_bytes(path, NEW, doc.snapshot)
    assert stat.S_IMODE(os.stat(path).st_mode) == mode
    assert snapshot.mode == mode
    assert path.read_bytes() == NEW


# 6. Symlinks ------------------------------------------------------------------------------------


def _relative(tmp: Path, target: Path) -> list[Path]:
    link = tmp / "links" / "agent.md"
    link.parent.mkdir()
    link.symlink_to(os.path.relpath(target, link.parent))
    return [link]


def _absolute(tmp: Path, target: Path) -> list[Path]:
    link = tmp / "links" / "agent.md"
    link.parent.mkdir()
    link.symlink_to(target)
    return [link]


def _chain(tmp: Path, target: Path) -> list[Path]:
    middle = tmp / "middle" / "agent.md"
    middle.parent.mkdir()
    middle.symlink_to(os.path.relpath(target, middle.parent))
    link = tmp / "links" / "agent.md"
    link.parent.mkdir()
    link.symlink_to(middle)
    return [link, middle]


@pytest.mark.parametrize("make_links", [_relative, _absolute, _chain], ids=lambda f: f.__name__[1:])
def test_save_through_symlink_writes_target_and_keeps_link(
    tmp_path: Path, make_links: Callable[[Path, Path], list[Path]]
) -> None:
    target = _agent(tmp_path / "real" / "agent.md", mode=0o640)
    links = make_links(tmp_path, target)
    pointers = [os.readlink(link) for link in links]
    doc = load(links[0])
    assert doc.readable

    seen: list[Path] = []
    save_bytes(links[0], NEW, doc.snapshot, before_replace=seen.append)

    for link, pointer in zip(links, pointers, strict=True):
        assert stat.S_ISLNK(os.lstat(link).st_mode)
        assert os.readlink(link) == pointer
    assert target.read_bytes() == NEW
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert seen[0].parent == target.parent
    assert _listing(target.parent) == ["agent.md"]
    for link in links:
        assert _listing(link.parent) == ["agent.md"]


def test_link_out_of_the_agents_folder_is_written_only_to_the_confirmed_target(
    tmp_path: Path,
) -> None:
    agents = tmp_path / "agents"
    bashrc = _agent(tmp_path / "home" / ".bashrc")
    link = agents / "x.md"
    agents.mkdir()
    link.symlink_to(bashrc)
    doc = load(link)

    with pytest.raises(TargetOutsideError) as refused:
        save_bytes(link, NEW, doc.snapshot, folder=agents)
    assert refused.value.target == bashrc and "outside the agents folder" in refused.value.reason
    assert bashrc.read_bytes() == OLD and _temps(bashrc.parent) == []

    other = _agent(tmp_path / "home" / "other.md")
    with pytest.raises(TargetOutsideError):  # a confirmation is for one target only
        save_bytes(link, NEW, doc.snapshot, folder=agents, confirmed_target=other)
    assert bashrc.read_bytes() == OLD

    save_bytes(link, NEW, doc.snapshot, folder=agents, confirmed_target=bashrc)
    assert bashrc.read_bytes() == NEW and link.is_symlink()


def test_link_inside_the_folder_needs_no_confirmation_unless_not_markdown(
    tmp_path: Path,
) -> None:
    agents = tmp_path / "agents"
    shared = _agent(agents / "shared" / "agent.md")
    (agents / "a.md").symlink_to("shared/agent.md")
    save_bytes(agents / "a.md", NEW, load(agents / "a.md").snapshot, folder=agents)
    assert shared.read_bytes() == NEW

    notes = _agent(agents / "notes.txt")
    (agents / "b.md").symlink_to("notes.txt")
    with pytest.raises(TargetOutsideError, match="not a Markdown file"):
        save_bytes(agents / "b.md", NEW, load(agents / "b.md").snapshot, folder=agents)
    assert notes.read_bytes() == OLD


def test_agents_folder_that_is_itself_a_link_is_not_outside(tmp_path: Path) -> None:
    real = _agent(tmp_path / "dotfiles" / "agents" / "a.md").parent
    agents = tmp_path / "repo" / "agents"
    agents.parent.mkdir()
    agents.symlink_to(real)
    save_bytes(agents / "a.md", NEW, load(agents / "a.md").snapshot, folder=agents)
    assert (real / "a.md").read_bytes() == NEW


def test_save_to_dangling_symlink_does_not_create_target(tmp_path: Path) -> None:
    missing = tmp_path / "real" / "agent.md"
    missing.parent.mkdir()
    link = tmp_path / "agent.md"
    link.symlink_to(missing)
    doc = load(link)
    assert doc.yaml is YamlVerdict.UNREADABLE

    with pytest.raises(SaveError, match="broken symlink"):
        save_bytes(link, NEW, None)
    with pytest.raises(SaveError):
        save_bytes(link, NEW, None, force=True)

    assert not os.path.lexists(missing)
    assert _listing(missing.parent) == []
    assert link.is_symlink()


def test_save_to_file_deleted_since_load_does_not_recreate_it(tmp_path: Path) -> None:
    path = _agent(tmp_path / "agent.md")
    doc = load(path)
    path.unlink()
    with pytest.raises(SaveError, match="no longer exists"):
        save_bytes(path, NEW, doc.snapshot)
    assert _listing(tmp_path) == []


def test_save_to_fifo_refuses_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "agent.md"
    os.mkfifo(fifo)
    with _watchdog(), pytest.raises(SaveError):
        save_bytes(fifo, NEW, None)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _listing(tmp_path) == ["agent.md"]


# 7. Hard links --------------------------------------------------------------------------------


def test_hard_linked_file_is_not_split(tmp_path: Path) -> None:
    first = _agent(tmp_path / "a.md")
    second = tmp_path / "b.md"
    os.link(first, second)
    doc = load(first)

    with pytest.raises(SaveError, match="hard links"):
        save_bytes(first, NEW, doc.snapshot)

    assert first.read_bytes() == OLD and second.read_bytes() == OLD
    assert os.stat(first).st_nlink == 2
    assert os.stat(first).st_ino == os.stat(second).st_ino
    assert _listing(tmp_path) == ["a.md", "b.md"]


def test_hard_linked_file_with_force_replaces_only_that_name(tmp_path: Path) -> None:
    first = _agent(tmp_path / "a.md")
    second = tmp_path / "b.md"
    os.link(first, second)
    doc = load(first)
    save_bytes(first, NEW, doc.snapshot, force=True)
    assert first.read_bytes() == NEW
    assert second.read_bytes() == OLD


# 8. Conflicts ------------------------------------------------------------------------------------


def test_external_change_is_a_conflict_and_nothing_is_written(tmp_path: Path) -> None:
    path = _agent(tmp_path / "agent.md")
    doc = load(path)
    theirs = b"---\nname: reviewer\ndescription: theirs\n---\nReview the code.\n"
    path.write_bytes(theirs)
    before = os.stat(path)

    with pytest.raises(ConflictError):
        save_bytes(path, NEW, doc.snapshot)

    after = os.stat(path)
    assert path.read_bytes() == theirs
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert _listing(tmp_path) == ["agent.md"]


def test_touch_without_content_change_is_not_a_conflict(tmp_path: Path) -> None:
    path = _agent(tmp_path / "agent.md")
    doc = load(path)
    assert doc.snapshot is not None
    os.utime(path, ns=(OLD_MTIME_NS, OLD_MTIME_NS))
    assert os.stat(path).st_mtime_ns != doc.snapshot.mtime_ns

    snapshot = save_bytes(path, NEW, doc.snapshot)

    assert path.read_bytes() == NEW
    assert snapshot.sha256 == hashlib.sha256(NEW).hexdigest()


def test_identical_external_write_is_not_a_conflict(tmp_path: Path) -> None:
    path = _agent(tmp_path / "agent.md")
    doc = load(path)
    path.write_bytes(NEW)
    snapshot = save_bytes(path, NEW, doc.snapshot)
    assert path.read_bytes() == NEW
    assert snapshot.sha256 == hashlib.sha256(NEW).hexdigest()


def test_force_overwrites_external_change(tmp_path: Path) -> None:
    path = _agent(tmp_path / "agent.md")
    doc = load(path)
    path.write_bytes(b"theirs\n")
    save_bytes(path, NEW, doc.snapshot, force=True)
    assert path.read_bytes() == NEW


def test_snapshot_from_save_allows_the_next_save(tmp_path: Path) -> None:
    path = _agent(tmp_path / "agent.md")
    doc = load(path)
    edited = set_field(doc, "description", "first")
    snapshot = save_bytes(path, edited.to_bytes(), doc.snapshot)
    assert snapshot == load(path).snapshot
    again = set_field(edited.with_snapshot(snapshot), "description", "second")
    save_bytes(path, again.to_bytes(), snapshot)
    assert load(path).description == "second"


# 9. create_file ---------------------------------------------------------------------------------


def test_create_file_never_overwrites(tmp_path: Path) -> None:
    path = _agent(tmp_path / "agent.md")
    before = os.stat(path)
    with pytest.raises(SaveError, match="already exists"):
        create_file(path, NEW)
    assert path.read_bytes() == OLD
    assert os.stat(path).st_ino == before.st_ino
    assert _listing(tmp_path) == ["agent.md"]


def test_create_file_refuses_dangling_symlink(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    planted = elsewhere / "victim.md"
    link = tmp_path / "agent.md"
    link.symlink_to(planted)

    with pytest.raises(SaveError):
        create_file(link, NEW)

    assert not os.path.lexists(planted)
    assert link.is_symlink() and os.readlink(link) == str(planted)
    assert _listing(tmp_path) == ["agent.md", "elsewhere"]


@pytest.mark.parametrize(
    ("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)], ids=oct
)
def test_create_file_mode_follows_umask(tmp_path: Path, umask: int, mode: int) -> None:
    path = tmp_path / "agent.md"
    previous = os.umask(umask)
    try:
        snapshot = create_file(path, NEW)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(os.stat(path).st_mode) == mode
    assert path.read_bytes() == NEW
    assert snapshot.sha256 == hashlib.sha256(NEW).hexdigest()
    assert snapshot.mode == mode
    assert os.stat(path).st_nlink == 1
    assert _listing(tmp_path) == ["agent.md"]


@pytest.mark.parametrize(("func", "err"), [("write", errno.ENOSPC), ("fsync", errno.EIO)])
def test_create_file_failure_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, func: str, err: int
) -> None:
    path = tmp_path / "agent.md"
    with monkeypatch.context() as patch:
        patch.setattr(files.os, func, _failing(err))
        with pytest.raises(SaveError):
            create_file(path, NEW)
    assert _listing(tmp_path) == []


def test_create_file_completes_short_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "agent.md"
    real_write = os.write
    monkeypatch.setattr(files.os, "write", lambda fd, data: real_write(fd, bytes(data[:7])))
    try:
        create_file(path, NEW)
    except SaveError:
        assert not os.path.lexists(path)  # refusing is fine too
        return
    finally:
        monkeypatch.undo()
    assert path.read_bytes() == NEW


# 10. load() of bad input --------------------------------------------------------------------


def _write(data: bytes) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        return _agent(tmp / "x.md", data)

    return make


def _sparse_too_large(tmp: Path) -> Path:
    path = tmp / "x.md"
    with open(path, "wb") as f:
        f.write(b"---\nname: huge\n---\n")
        f.truncate(MAX_FILE_BYTES + 1024 * 1024)
    return path


def _directory(tmp: Path) -> Path:
    path = tmp / "x.md"
    path.mkdir()
    return path


def _fifo(tmp: Path) -> Path:
    path = tmp / "x.md"
    os.mkfifo(path)
    return path


def _loop(tmp: Path) -> Path:
    (tmp / "a.md").symlink_to("b.md")
    (tmp / "b.md").symlink_to("a.md")
    return tmp / "a.md"


def _dangling(tmp: Path) -> Path:
    path = tmp / "x.md"
    path.symlink_to("gone.md")
    return path


def _deleted(tmp: Path) -> Path:
    path = _agent(tmp / "x.md")
    path.unlink()
    return path


BAD_INPUTS = [
    ("latin1", _write(b"---\nname: x\ndescription: caf\xe9\n---\n"), "not-utf8", "line 3"),
    ("utf16-le", _write("---\nname: x\n---\n".encode("utf-16")), "not-utf8", "UTF-16"),
    ("utf16-be", _write(b"\xfe\xff" + "---\n".encode("utf-16-be")), "not-utf8", "UTF-16"),
    ("nul", _write(b"---\nname: x\x00\n---\n"), "binary", "binary"),
    ("png", _write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary", "binary"),
    ("too-large", _sparse_too_large, "too-large", "MiB"),
    ("directory", _directory, "unreadable", "directory"),
    ("fifo", _fifo, "unreadable", "not a regular file"),
    ("symlink-loop", _loop, "unreadable", "loop"),
    ("dangling", _dangling, "unreadable", "broken symlink"),
    ("deleted", _deleted, "unreadable", "does not exist"),
]


@pytest.mark.parametrize(
    ("make", "code", "phrase"), [x[1:] for x in BAD_INPUTS], ids=[x[0] for x in BAD_INPUTS]
)
def test_load_bad_input_returns_unreadable_document(
    tmp_path: Path, make: Callable[[Path], Path], code: str, phrase: str
) -> None:
    path = make(tmp_path)
    with _watchdog():
        doc = load(path)
    assert doc.yaml is YamlVerdict.UNREADABLE
    assert not doc.readable
    assert doc.snapshot is None
    assert [x.code for x in doc.diagnostics] == [code]
    message = doc.diagnostics[0].message
    assert phrase.lower() in message.lower()
    assert message[0].isupper() and message.endswith(".")
    assert doc.errors == list(doc.diagnostics)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a mode-000 file")
def test_load_permission_denied(tmp_path: Path) -> None:
    path = _agent(tmp_path / "x.md", mode=0o000)
    try:
        doc = load(path)
    finally:
        os.chmod(path, 0o644)
    assert doc.yaml is YamlVerdict.UNREADABLE
    assert [x.code for x in doc.diagnostics] == ["unreadable"]
    assert "Permission denied" in doc.diagnostics[0].message


def test_load_permission_denied_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same as above, runnable as root: opening the file is refused."""
    path = _agent(tmp_path / "x.md")
    monkeypatch.setattr(files.os, "open", _failing(errno.EACCES))
    doc = load(path)
    monkeypatch.undo()
    assert doc.yaml is YamlVerdict.UNREADABLE
    assert [x.code for x in doc.diagnostics] == ["unreadable"]
    assert "Permission denied" in doc.diagnostics[0].message
    assert path.read_bytes() == OLD


def test_load_good_file_has_snapshot(tmp_path: Path) -> None:
    path = _agent(tmp_path / "agent.md", mode=0o640)
    doc = load(path)
    st = os.stat(path)
    assert doc.snapshot is not None
    assert (doc.snapshot.dev, doc.snapshot.ino, doc.snapshot.size) == (
        st.st_dev,
        st.st_ino,
        len(OLD),
    )
    assert doc.snapshot.mtime_ns == st.st_mtime_ns
    assert doc.snapshot.mode == 0o640
    assert doc.snapshot.sha256 == hashlib.sha256(OLD).hexdigest()
    assert doc.to_bytes() == OLD


# 11. Temp names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "agent.md___jb_tmp___",
        "agent.md___jb_old___",
        "4913",
        "a.md~",
        ".a.md.swp",
        ".#a.md",
        "#a.md#",
        "a.md.tmp.123.456",
        ".a.md.x.agentui-tmp",
    ],
)
def test_temp_names(name: str) -> None:
    assert is_temp_name(name)


def test_agent_name_is_not_temp() -> None:
    assert not is_temp_name("code-reviewer.md")
