"""Cases 16, 22, 23 and 65 (and the two root-skipped tests of tests/unit/test_files.py), run
by an unprivileged child: root ignores mode bits, and CI runs as root. The app's side of 16
and 22 is in test_save_refusals.py.

Each test writes its files as root, gives them to the child's user, then runs a short script
as that user and checks what it printed and what is on disk.
"""

from __future__ import annotations

import errno
import grp
import os
import stat
from pathlib import Path

import pytest

from agentui.model import files
from agentui.model.files import ReadOnlyError, SaveError, load, save_bytes
from agentui.model.session import EditSession
from tests.reliability.support import Unprivileged

OLD = b"---\nname: reviewer\ndescription: old\n---\nReview the code.\n"
NEW = b"---\nname: reviewer\ndescription: new\n---\nReview the code.\n"

SAVE = """
from agentui.model.files import SaveError, load, save_bytes
path = sys.argv[1]
doc = load(path)
try:
    save_bytes(path, sys.argv[2].encode(), doc.snapshot)
    print(json.dumps({"saved": True, "error": None}))
except SaveError as exc:
    print(json.dumps({"saved": False, "error": str(exc)}))
"""

SAVE_WARNED = """
from agentui.model.files import load, save_bytes
path = sys.argv[1]
warnings = []
save_bytes(path, sys.argv[2].encode(), load(path).snapshot, warnings=warnings)
print(json.dumps({"saved": True, "warnings": warnings}))
"""

LOAD = """
from agentui.model.files import load
doc = load(sys.argv[1])
print(json.dumps({
    "yaml": str(doc.yaml.value), "readable": doc.readable,
    "diagnostics": [[x.code, x.message] for x in doc.diagnostics],
}))
"""

CATALOG = """
from pathlib import Path
from agentui.model.catalog import load_catalog
from agentui.model.scopes import repository_scopes
records = load_catalog(repository_scopes(Path(sys.argv[1]), Path(sys.argv[2])))
print(json.dumps([
    [r.path.name, r.document.yaml.value, r.document.name, [d.message for d in r.document.diagnostics]]
    for r in records
]))
"""

APP = """
import asyncio
from pathlib import Path
from tests.reliability.support import build_app, settle

async def main():
    app = build_app(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app)
        from textual.widgets import Static, Tree
        tree = app.screen.query_one("#agents", Tree)
        lines = []
        def walk(node):
            for child in node.children:
                lines.append(child.label.plain)
                walk(child)
        walk(tree.root)
        selected = []
        for line_no in range(1, 3):
            tree.move_cursor_to_line(line_no)
            await settle(app)
            pane = app.screen.query_one("#frontmatter-pane")
            selected.append("\\n".join(str(s.render()) for s in pane.query(Static)))
        running = app.is_running
    print(json.dumps({"tree": lines, "panes": selected, "running": running}))

asyncio.run(main())
"""


def _group_name(gid: int) -> str:
    try:
        return f"{grp.getgrgid(gid).gr_name} ({gid})"
    except KeyError:
        return str(gid)


def _listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


# 65. Permission denied -------------------------------------------------------------------


def test_mode_000_file_is_unreadable_for_an_unprivileged_user(unprivileged: Unprivileged) -> None:
    """The root-skipped tests/unit/test_files.py::test_load_permission_denied, as nobody."""
    path = unprivileged.write("x.md", OLD, mode=0o000)
    result = unprivileged.run(LOAD, str(path))
    assert result["yaml"] == "unreadable" and not result["readable"]
    assert [code for code, _ in result["diagnostics"]] == ["unreadable"]
    assert "Permission denied" in result["diagnostics"][0][1]
    assert path.read_bytes() == OLD


def test_unreadable_file_and_folder_do_not_stop_the_others(unprivileged: Unprivileged) -> None:
    repo = unprivileged.folder / "repo"
    home = unprivileged.folder / "home"
    agents = ".claude/agents"
    unprivileged.write(f"repo/{agents}/good.md", OLD.replace(b"reviewer", b"good"))
    unprivileged.write(f"repo/{agents}/locked.md", OLD.replace(b"reviewer", b"locked"), 0o000)
    unprivileged.write(f"repo/{agents}/sealed/inner.md", OLD.replace(b"reviewer", b"inner"))
    os.chmod(repo / agents / "sealed", 0o000)
    unprivileged.write(f"home/{agents}/mine.md", OLD.replace(b"reviewer", b"mine"))
    unprivileged.own(repo / ".claude")
    unprivileged.own(home / ".claude")

    records = unprivileged.run(CATALOG, str(repo), str(home))

    by_file = {name: (verdict, agent, messages) for name, verdict, agent, messages in records}
    assert set(by_file) == {"good.md", "locked.md", "mine.md"}
    assert by_file["good.md"][:2] == ("strict", "good")
    assert by_file["mine.md"][:2] == ("strict", "mine")
    verdict, name, messages = by_file["locked.md"]
    assert (verdict, name) == ("unreadable", None)
    assert any("Permission denied" in m for m in messages)


def test_app_lists_a_permission_denied_agent_with_its_reason(unprivileged: Unprivileged) -> None:
    repo = unprivileged.folder / "repo"
    home = unprivileged.folder / "home"
    unprivileged.write("repo/.git/HEAD", b"ref: refs/heads/main\n")
    unprivileged.write("repo/.claude/agents/a-locked.md", OLD, mode=0o000)
    unprivileged.write("repo/.claude/agents/b-good.md", OLD.replace(b"reviewer", b"b-good"))
    unprivileged.own(repo / ".claude")
    home.mkdir()
    unprivileged.own(home)

    shown = unprivileged.run(APP, str(repo), str(home), str(unprivileged.folder / "config"))

    assert shown["running"]
    locked = next(line for line in shown["tree"] if "a-locked" in line)
    assert "✗" in locked
    assert any("b-good" in line and "✓" in line for line in shown["tree"])
    assert "Permission denied" in shown["panes"][0]
    assert "b-good" in shown["panes"][1]


# 23. Read-only directory --------------------------------------------------------------------


def test_read_only_directory_refuses_the_save(unprivileged: Unprivileged) -> None:
    """The root-skipped tests/unit/test_files.py::test_unwritable_directory_is_a_save_error."""
    path = unprivileged.write("ro/agent.md", OLD)
    os.chmod(path.parent, 0o555)

    result = unprivileged.run(SAVE, str(path), NEW.decode())

    assert result == {"saved": False, "error": result["error"]}
    assert "cannot write in" in result["error"] and "Permission denied" in result["error"]
    assert path.read_bytes() == OLD
    assert _listing(path.parent) == ["agent.md"], "no temp file is left behind"


@pytest.mark.parametrize("err", [errno.EROFS, errno.EACCES, errno.EDQUOT], ids=errno.errorcode.get)
def test_temp_file_refused_is_a_save_error_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, err: int
) -> None:
    """Case 23's EROFS variant, runnable as root: creating the temp file is refused."""
    path = tmp_path / "agent.md"
    path.write_bytes(OLD)
    doc = load(path)
    real_open = os.open

    def refuse_create(p, flags, mode=0o777, *, dir_fd=None):  # type: ignore[no-untyped-def]
        if flags & os.O_CREAT:
            raise OSError(err, os.strerror(err))
        return real_open(p, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr(files.os, "open", refuse_create)
    with pytest.raises(SaveError, match=os.strerror(err)) as refused:
        save_bytes(path, NEW, doc.snapshot)
    monkeypatch.undo()
    # Refused for good (the app then offers a copy), unlike a full disk or quota.
    assert isinstance(refused.value, ReadOnlyError) == (err != errno.EDQUOT)
    assert path.read_bytes() == OLD
    assert _listing(tmp_path) == ["agent.md"]


# 22. Read-only file --------------------------------------------------------------------------


def test_read_only_file_is_not_overwritten(unprivileged: Unprivileged) -> None:
    path = unprivileged.write("agents/agent.md", OLD, mode=0o444)

    result = unprivileged.run(SAVE, str(path), NEW.decode())

    assert path.read_bytes() == OLD, "a read-only file was overwritten"
    assert not result["saved"]
    assert "read-only" in result["error"] and "0444" in result["error"]
    assert _listing(path.parent) == ["agent.md"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o444


def test_file_writable_only_by_its_owner_is_not_replaced_by_another_user(
    unprivileged: Unprivileged,
) -> None:
    """The folder lets the user create files, but the file is not theirs to write."""
    if not unprivileged.dropping:
        pytest.skip("needs root to give the file to another user")
    path = unprivileged.write("agents/agent.md", OLD, mode=0o644)
    os.chown(path, 0, 0)

    result = unprivileged.run(SAVE, str(path), NEW.decode())

    assert not result["saved"] and "read-only for you" in result["error"]
    assert path.read_bytes() == OLD
    assert (os.stat(path).st_uid, os.stat(path).st_gid) == (0, 0)
    assert _listing(path.parent) == ["agent.md"]


def test_file_without_any_write_bit_is_refused_even_for_root(tmp_path: Path) -> None:
    """Root may write anything; a mode without any write bit still says "read-only"."""
    path = tmp_path / "agent.md"
    path.write_bytes(OLD)
    os.chmod(path, 0o444)
    session = EditSession()
    session.set_field(path, load(path), "description", "new")

    with pytest.raises(ReadOnlyError, match=r"agent\.md is read-only \(mode 0444\)"):
        session.save(path)

    assert path.read_bytes() == OLD and stat.S_IMODE(os.stat(path).st_mode) == 0o444
    assert _listing(tmp_path) == ["agent.md"]
    assert session.dirty(), "the edits are kept"


# 16. Owner and group ---------------------------------------------------------------------------


def test_group_is_kept_when_the_user_is_a_member(unprivileged: Unprivileged) -> None:
    if not unprivileged.dropping:
        pytest.skip("needs root to hand the file to a second group")
    path = unprivileged.write("agents/agent.md", OLD, mode=0o664, gid=unprivileged.spare_gid)

    result = unprivileged.run(SAVE, str(path), NEW.decode())

    assert result["saved"]
    st = os.stat(path)
    assert (st.st_uid, st.st_gid) == (unprivileged.uid, unprivileged.spare_gid)
    assert stat.S_IMODE(st.st_mode) == 0o664
    assert path.read_bytes() == NEW


def test_group_that_cannot_be_kept_is_not_changed_silently(unprivileged: Unprivileged) -> None:
    if not unprivileged.dropping:
        pytest.skip("needs root to hand the file to a group the user is not in")
    path = unprivileged.write("agents/agent.md", OLD, mode=0o664, gid=unprivileged.foreign_gid)

    result = unprivileged.run(SAVE_WARNED, str(path), NEW.decode())

    assert result["saved"] and path.read_bytes() == NEW, "the save goes ahead"
    assert os.stat(path).st_gid == unprivileged.gid
    changed = [w for w in result["warnings"] if "group changed" in w]
    assert changed, f"group changed silently to {os.stat(path).st_gid}: {result['warnings']}"
    assert f"({unprivileged.foreign_gid}) to " in changed[0]
    assert f"to {_group_name(unprivileged.gid)}" in changed[0]


def test_root_saving_keeps_another_users_owner_and_group(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    path = tmp_path / "agent.md"
    path.write_bytes(OLD)
    os.chown(path, 65534, 100)
    os.chmod(path, 0o640)
    doc = load(path)

    save_bytes(path, NEW, doc.snapshot)

    st = os.stat(path)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (65534, 100, 0o640)
    assert path.read_bytes() == NEW
