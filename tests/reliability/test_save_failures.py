"""Saving when the disk misbehaves, twice at once, or with extended attributes: cases 12, 13,
21, 23 (the app's side), 24, 29 and 41."""

from __future__ import annotations

import errno
import os
import stat
import struct
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Select

from agentui.app import AgentUI
from agentui.model import files
from agentui.model.files import SaveError, load, save_bytes
from agentui.model.session import EditSession
from agentui.screens.dialogs import ConfirmScreen
from agentui.screens.main import MainScreen
from agentui.widgets.frontmatter_pane import FrontmatterPane
from tests.reliability.support import agent_text, settle, write

AppFactory = Callable[[], AgentUI]
TEXT = agent_text("helper", "Helps.", extra="model: sonnet\n")


def _temps(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if files.is_temp_name(name)]


def _main(app: AgentUI) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen), screen
    return screen


def _pick_model(app: AgentUI, model: str) -> None:
    row = _main(app).query_one("#frontmatter-pane", FrontmatterPane).row("model")
    assert row is not None
    row.query_one(Select).value = model


def _messages(app: AgentUI) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


# 12. ENOSPC on the second write ---------------------------------------------------------------


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EIO], ids=errno.errorcode.get)
def test_failure_on_the_second_write_call_leaves_the_original_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, err: int
) -> None:
    path = write(tmp_path / "agent.md", TEXT)
    doc = load(path)
    new = TEXT.replace("Helps.", "Helps a lot.").encode()
    calls = 0
    real_write = os.write

    def second_call_fails(fd: int, data: bytes) -> int:
        nonlocal calls
        calls += 1
        if calls >= 2:
            raise OSError(err, os.strerror(err))
        return real_write(fd, bytes(data[:5]))  # a short write, so a second call is needed

    monkeypatch.setattr(files.os, "write", second_call_fails)
    with pytest.raises(SaveError, match=os.strerror(err)):
        save_bytes(path, new, doc.snapshot)
    monkeypatch.undo()
    assert calls == 2
    assert path.read_text() == TEXT
    assert _temps(tmp_path) == []
    save_bytes(path, new, doc.snapshot)  # the retry works
    assert path.read_bytes() == new


# 12, 13, 23 in the app: the error is shown, the edits are kept, a retry works -----------------

FAILURES = [
    ("write", errno.ENOSPC),
    ("fsync", errno.EIO),
    ("replace", errno.EXDEV),
    ("replace", errno.EBUSY),
    ("open", errno.EROFS),
]


@pytest.mark.parametrize(
    ("func", "err"), FAILURES, ids=[f"{f}-{errno.errorcode[e]}" for f, e in FAILURES]
)
async def test_failed_save_in_the_app_keeps_the_edits_and_a_retry_works(
    make_app: AppFactory,
    agents: Path,
    monkeypatch: pytest.MonkeyPatch,
    func: str,
    err: int,
) -> None:
    path = write(agents / "helper.md", TEXT)
    app = make_app()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(app)
        _pick_model(app, "opus")
        await pilot.pause()
        assert _main(app).session.dirty()
        real = getattr(os, func)

        def fail(*args: object, **kwargs: object) -> object:
            if func == "open" and not (int(args[1]) & os.O_CREAT):  # type: ignore[call-overload]
                return real(*args, **kwargs)  # reading is fine; creating the temp is not
            raise OSError(err, os.strerror(err))

        monkeypatch.setattr(files.os, func, fail)
        await pilot.press("ctrl+s")
        await settle(app)
        monkeypatch.undo()

        assert path.read_text() == TEXT
        assert _temps(agents) == []
        assert "Not saved" in _messages(app) and os.strerror(err) in _messages(app)
        if err == errno.EROFS:  # refused for good: a copy is offered (case 23); not taken
            assert isinstance(app.screen, ConfirmScreen) and app.screen.yes == "Save as copy"
            await pilot.press("escape")
        assert _main(app).session.dirty(), "the edits are kept"
        assert app.title == "agentui ●"

        await pilot.press("ctrl+s")
        await settle(app)
        assert path.read_text() == TEXT.replace("model: sonnet", "model: opus")
        assert not _main(app).session.dirty()
        assert _temps(agents) == []


# 24. Double save ----------------------------------------------------------------------------------


def test_two_saves_at_once_are_serialised_and_the_last_edit_lands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "helper.md", TEXT)
    session = EditSession()
    session.set_field(path, load(path), "model", "opus")
    real_replace = os.replace
    in_first_replace = threading.Event()

    def slow_replace(src: str, dst: str) -> None:
        if not in_first_replace.is_set():
            in_first_replace.set()
            time.sleep(0.05)  # the disk is slow: the second save arrives meanwhile
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", slow_replace)
    errors: list[BaseException] = []

    def first_save() -> None:
        try:
            session.save(path)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=first_save)
    thread.start()
    assert in_first_replace.wait(5)
    session.set_field(path, load(path), "model", "haiku")  # edited within the first save
    session.save(path)  # the second save: waits for the first
    thread.join(5)
    monkeypatch.undo()

    assert errors == []
    assert path.read_text() == TEXT.replace("model: sonnet", "model: haiku")
    assert not session.dirty()
    assert _temps(tmp_path) == []


async def test_saving_twice_quickly_in_the_app_writes_the_last_version(
    make_app: AppFactory, agents: Path
) -> None:
    path = write(agents / "helper.md", TEXT)
    app = make_app()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(app)
        _pick_model(app, "opus")
        await pilot.press("ctrl+s")
        _pick_model(app, "haiku")
        await pilot.press("ctrl+s")
        await settle(app)
        assert path.read_text() == TEXT.replace("model: sonnet", "model: haiku")
        assert "changed on disk" not in _messages(app)
        assert not _main(app).session.dirty()
        assert _temps(agents) == []


# 29. chmod only -----------------------------------------------------------------------------------


def test_chmod_after_load_is_not_a_conflict_and_the_disks_mode_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "helper.md", TEXT)
    os.chmod(path, 0o644)
    doc = load(path)
    os.chmod(path, 0o600)
    snapshot = save_bytes(path, TEXT.replace("Helps.", "Helps more.").encode(), doc.snapshot)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert snapshot.mode == 0o600


# 21. Extended attributes ---------------------------------------------------------------------------


def _xattrs_supported(folder: Path) -> bool:
    probe = folder / "probe"
    probe.write_text("x")
    try:
        os.setxattr(probe, "user.agentui-probe", b"1")
    except (OSError, AttributeError):
        return False
    finally:
        probe.unlink()
    return True


def test_save_keeps_extended_attributes(tmp_path: Path) -> None:
    if not _xattrs_supported(tmp_path):
        pytest.skip("this file system has no user extended attributes")
    path = write(tmp_path / "helper.md", TEXT)
    os.setxattr(path, "user.test", b"keep me")
    doc = load(path)
    warnings: list[str] = []
    save_bytes(
        path, TEXT.replace("Helps.", "Helps more.").encode(), doc.snapshot, warnings=warnings
    )
    assert os.getxattr(path, "user.test") == b"keep me"
    assert path.read_text() == TEXT.replace("Helps.", "Helps more.")
    assert warnings == []


def _acl(*entries: tuple[int, int, int]) -> bytes:
    """A POSIX access ACL as the kernel stores it: version 2, then (tag, perm, id) entries."""
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *entry) for entry in entries)


def test_save_keeps_an_access_acl(tmp_path: Path) -> None:
    path = write(tmp_path / "helper.md", TEXT)
    os.chmod(path, 0o640)
    nobody = 0xFFFFFFFF  # no id: the owner, group, mask and other entries
    acl = _acl(
        (0x01, 6, nobody), (0x02, 4, 4242), (0x04, 4, nobody), (0x10, 4, nobody), (0x20, 0, nobody)
    )
    try:
        os.setxattr(path, "system.posix_acl_access", acl)
    except OSError:
        pytest.skip("this file system has no POSIX ACLs")
    doc = load(path)
    save_bytes(path, TEXT.replace("Helps.", "Helps more.").encode(), doc.snapshot)
    assert os.getxattr(path, "system.posix_acl_access") == acl, "user 4242 may still read it"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


def test_extended_attribute_that_cannot_be_kept_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not _xattrs_supported(tmp_path):
        pytest.skip("this file system has no user extended attributes")
    path = write(tmp_path / "helper.md", TEXT)
    os.setxattr(path, "user.test", b"keep me")
    doc = load(path)
    real_setxattr = os.setxattr

    def refuse_on_the_new_file(target: object, name: str, value: bytes, *args: object) -> None:
        if isinstance(target, int):
            raise OSError(errno.ENOTSUP, os.strerror(errno.ENOTSUP))
        real_setxattr(target, name, value, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "setxattr", refuse_on_the_new_file)
    warnings: list[str] = []
    new = TEXT.replace("Helps.", "Helps more.").encode()
    save_bytes(path, new, doc.snapshot, warnings=warnings)
    monkeypatch.undo()

    assert path.read_bytes() == new, "the save still happens"
    assert warnings == [
        f"the extended attribute user.test was not kept: {os.strerror(errno.ENOTSUP)}"
    ]
    assert _temps(tmp_path) == []


# 41. Quit with dirty buffers ------------------------------------------------------------------------


async def test_ctrl_c_never_discards_unsaved_edits(make_app: AppFactory, agents: Path) -> None:
    path = write(agents / "helper.md", TEXT)
    app = make_app()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(app)
        _pick_model(app, "opus")
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running
        assert _main(app).session.dirty()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "helper.md" in str(app.screen.question)
        await pilot.press("escape")
        assert app.is_running
    assert path.read_text() == TEXT
