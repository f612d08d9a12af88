"""Cases 56-68 in the app: every kind of bad file opens without a crash, says why it cannot
be read, and is never written; the rest still load.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from agentui.app import AgentUI
from agentui.model import catalog
from agentui.model.catalog import load_catalog
from agentui.model.document import parse_document
from agentui.model.edit import EditError, set_field
from agentui.model.files import MAX_FILE_BYTES
from agentui.model.scopes import repository_scopes
from agentui.screens.main import MainScreen
from agentui.widgets.agent_tree import AgentTree
from agentui.widgets.frontmatter_pane import FrontmatterPane
from tests.reliability.screen_text import screen_text
from tests.reliability.support import REPO_ROOT, agent_text, settle, write

AppFactory = Callable[[], AgentUI]
HANG_BUDGET_S = 10.0
"""Most a selection may take before it counts as a hang, on a loaded CI machine (it takes
0.1-0.5 s on an idle one; a 100,000-character description about 1.5 s)."""
FREEZE_BUDGET_S = 3.0
"""What a person would call a freeze is far less; these are the known-slow inputs."""


def _bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "---\nname: bomb\ndescription: d\n" + "\n".join(lines) + "\n---\nBody\n"


def _huge(path: Path) -> None:
    with open(path, "wb") as f:
        f.write(b"---\nname: huge\n---\n")
        f.truncate(50 * 1024 * 1024)


BAD: dict[str, tuple[Callable[[Path], object], str]] = {
    "latin1.md": (lambda p: write(p, b"---\nname: caf\xe9\ndescription: d\n---\n"), "Not UTF-8"),
    "utf16.md": (lambda p: write(p, "---\nname: x\n---\n".encode("utf-16")), "UTF-16"),
    "surrogate.md": (lambda p: write(p, b"---\nname: \xed\xa0\x80\n---\n"), "Not UTF-8"),
    "nul.md": (lambda p: write(p, b"---\nname: x\x00\n---\n"), "Binary file"),
    "png.md": (lambda p: write(p, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "Binary file"),
    "huge.md": (_huge, "Too large"),
    "fifo.md": (lambda p: os.mkfifo(p), "Not a regular file"),
    "socket.md": (lambda p: socket.socket(socket.AF_UNIX).bind(str(p)), "Not a regular file"),
    "zero.md": (lambda p: os.symlink("/dev/zero", p), "Not a regular file"),
    "loop-a.md": (
        lambda p: (os.symlink("loop-b.md", p), os.symlink("loop-a.md", p.with_name("loop-b.md"))),
        "loop",
    ),  # noqa: E501
    "dangling.md": (lambda p: os.symlink("missing.md", p), "Broken symlink"),
    "bomb.md": (lambda p: write(p, _bomb()), "alias"),
    "deep.md": (
        lambda p: write(p, "---\nname: deep\ndescription: d\nx: " + "[" * 2_000 + "\n---\n"),
        "deep",
    ),  # noqa: E501
    "dup.md": (
        lambda p: write(p, "---\nname: a\ndescription: d\nname: b\n---\nBody\n"),
        "more than once",
    ),  # noqa: E501
}
"""File name → (how to make it, what the frontmatter pane must say)."""

UNREADABLE = {"latin1.md", "utf16.md", "surrogate.md", "nul.md", "png.md", "huge.md",
              "fifo.md", "socket.md", "zero.md", "loop-a.md", "loop-b.md", "dangling.md"}  # fmt: skip


def _pane(app: AgentUI) -> str:
    pane = app.screen.query_one("#frontmatter-pane", FrontmatterPane)
    return "\n".join(str(s.render()) for s in pane.query(Static))


def _state(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


async def test_every_bad_file_opens_without_a_crash_and_is_never_written(
    make_app: AppFactory, agents: Path
) -> None:
    write(agents / "aaa-good.md", agent_text("aaa-good"))
    (agents / "folder.md").mkdir()  # a directory named like an agent
    for name, (make, _) in BAD.items():
        make(agents / name)
    before = {p.name: _state(p) for p in agents.iterdir()}
    app = make_app()
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        await settle(app)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        listed = {r.path.name: r for r in screen.records}
        assert "folder.md" not in listed
        assert set(listed) == {"aaa-good.md", "loop-b.md", *BAD}
        tree = screen.query_one("#tree-pane", AgentTree)
        problems: list[str] = []
        for name, (_, phrase) in BAD.items():
            moment = time.monotonic()
            assert tree.select_path(listed[name].path)
            await settle(app)
            took = time.monotonic() - moment
            text = _pane(app)
            if phrase.lower() not in text.lower():
                problems.append(f"{name}: {phrase!r} not in the pane:\n{text[:600]}")
            if took > HANG_BUDGET_S:
                problems.append(f"{name}: selecting it took {took:.2f} s")
            if name in UNREADABLE:
                if not any(
                    "✗" in line and name.split(".")[0] in line
                    for line in screen_text(app).splitlines()
                ):
                    problems.append(f"{name}: not marked ✗ in the tree")
                await pilot.press("b")  # try to edit the prompt
                await pilot.press("ctrl+s")
                await settle(app)
            assert app.is_running, name
        assert problems == []
        good = listed["aaa-good.md"]
        assert good.document.readable and good.document.name == "aaa-good"
    after = {p.name: _state(p) for p in agents.iterdir()}
    assert after == before, "nothing was written, created or removed"


async def test_duplicate_keys_never_lose_a_value_on_save(
    make_app: AppFactory, agents: Path
) -> None:
    text = "---\nname: a\ndescription: d\nname: b\n---\nBody\n"
    path = write(agents / "dup.md", text)
    app = make_app()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(app)
        pane = app.screen.query_one("#frontmatter-pane", FrontmatterPane)
        assert "more than once" in _pane(app) or "duplicate" in _pane(app).lower()
        row = pane.row("description")
        assert row is not None
        row.query_one(TextArea).text = "Changed."
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app)
    saved = path.read_text()
    assert "name: a\n" in saved and "name: b\n" in saved, saved
    assert "description: Changed.\n" in saved


# 62. Malformed frontmatter: a deterministic state each, and an edit never destroys the body --

MALFORMED = {
    "no frontmatter": "Just a prompt.\n---\nmore\n",
    "unterminated": "---\nname: a\ndescription: d\n\nPrompt\n",
    "fence only": "---\n",
    "dots terminator": "---\nname: a\ndescription: d\n...\nPrompt\n",
    "after blank lines": "\n\n---\nname: a\n---\nPrompt\n",
    "after a BOM": "\ufeff---\nname: a\ndescription: d\n---\nPrompt\n",
    "CRLF fences": "---\r\nname: a\r\ndescription: d\r\n---\r\nPrompt\r\n",
    "a list": "---\n- a\n- b\n---\nPrompt\n",
    "a scalar": "---\njust words\n---\nPrompt\n",
    "tab indentation": "---\nname: a\n\tdescription: d\n---\nPrompt\n",
}


@pytest.mark.parametrize("text", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_frontmatter_is_deterministic_and_an_edit_keeps_the_body(text: str) -> None:
    first, second = parse_document(text), parse_document(text)
    assert (first.yaml, first.claude_code, first.fields, first.body) == (
        second.yaml, second.claude_code, second.fields, second.body,
    )  # fmt: skip
    assert first.to_bytes() == text.encode("utf-8")
    try:
        edited = set_field(first, "model", "opus")
    except EditError:
        return  # refusing is fine: nothing is written
    assert edited.body == first.body
    assert edited.fields["model"] == "opus"
    assert first.body in edited.text


async def test_malformed_files_open_in_the_app(make_app: AppFactory, agents: Path) -> None:
    paths = {
        label: write(agents / f"{label.replace(' ', '-')}.md", text)
        for label, text in MALFORMED.items()
    }
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app)
        tree = app.screen.query_one("#tree-pane", AgentTree)
        for label, path in paths.items():
            assert tree.select_path(path), label
            await settle(app)
            assert app.is_running, label
            await pilot.press("ctrl+s")
        await settle(app)
    for label, path in paths.items():
        assert path.read_bytes() == MALFORMED[label].encode("utf-8"), label


# 63, 68. Wrong types and very long fields -------------------------------------------------------


async def test_wrong_field_types_display_and_survive_an_edit(
    make_app: AppFactory, agents: Path
) -> None:
    text = "---\nname: 42\ndescription: [a, b]\ntools: null\nmodel: {x: 1}\ncolor: blue\n---\nB\n"
    path = write(agents / "types.md", text)
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        pane = app.screen.query_one("#frontmatter-pane", FrontmatterPane)
        row = pane.row("color")
        assert row is not None
        from textual.widgets import Select

        row.query_one(Select).value = "red"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app)
    assert path.read_text() == text.replace("color: blue", "color: red")


async def test_very_long_description_is_cut_in_the_tree_and_does_not_hang(
    make_app: AppFactory, agents: Path
) -> None:
    long = "x" * 100_000
    path = write(agents / "long.md", f"---\nname: {long[:40]}\ndescription: {long}\n---\nBody\n")
    app = make_app()
    async with app.run_test(size=(160, 50)):
        await settle(app)
        tree = app.screen.query_one("#tree-pane", AgentTree)
        moment = time.monotonic()
        assert tree.select_path(path)
        await settle(app)
        took = time.monotonic() - moment
        assert app.is_running
        tree_line = next(line for line in screen_text(app).splitlines() if "xxxx" in line)
        assert tree_line.count("x") < 200, "the tree shows a cut name"
        assert took < HANG_BUDGET_S, f"{took:.1f} s"


async def _seconds_to_show(app: AgentUI, path: Path) -> float:
    """How long selecting ``path`` (not the agent shown first) keeps the app busy."""
    await settle(app, timeout=60)
    assert app.screen.records[0].path != path  # type: ignore[attr-defined]
    tree = app.screen.query_one("#tree-pane", AgentTree)
    moment = time.monotonic()
    assert tree.select_path(path)
    await settle(app, timeout=60)
    screen_text(app)  # draw every widget now, as the next screen update would
    assert app.is_running
    return time.monotonic() - moment


async def _freeze_budget(app: AgentUI, plain: Path) -> float:
    """Seconds showing a hard agent may take: FREEZE_BUDGET_S, or three times what showing
    the plain agent ``plain`` takes right now when the machine is loaded (a freeze takes
    5-30 s on an idle machine, and grows with the load as the plain agent does)."""
    return max(FREEZE_BUDGET_S, 3 * await _seconds_to_show(app, plain))


async def test_deeply_nested_value_does_not_freeze_the_app(
    make_app: AppFactory, agents: Path
) -> None:
    write(agents / "a-first.md", agent_text("a-first"))
    plain = write(agents / "b-plain.md", agent_text("b-plain"))
    path = write(
        agents / "deep.md", "---\nname: deep\ndescription: d\nx: " + "[" * 100_000 + "\n---\n"
    )
    app = make_app()
    async with app.run_test(size=(160, 50)):
        budget = await _freeze_budget(app, plain)
        took = await _seconds_to_show(app, path)
        row = app.screen.query_one("#frontmatter-pane", FrontmatterPane).row("x")
        assert row is not None and row.query_one(TextArea).text.startswith("[[[[[[[["), "shown"
    assert took < budget, f"showing it froze the app for {took:.1f} s (budget {budget:.1f} s)"


async def test_multi_megabyte_line_does_not_freeze_the_app(
    make_app: AppFactory, agents: Path
) -> None:
    write(agents / "a-first.md", agent_text("a-first"))
    plain = write(agents / "b-plain.md", agent_text("b-plain"))
    path = write(agents / "wide.md", f"---\nname: wide\ndescription: d\n---\n{'y' * 5_000_000}\n")
    app = make_app()
    async with app.run_test(size=(160, 50)):
        budget = await _freeze_budget(app, plain)
        took = await _seconds_to_show(app, path)
        text = screen_text(app)
        assert "Large prompt shown as plain text" in text
        assert "yyyyyyyyyy↩" in text, "the line is folded at the pane's edge, with a mark"
    assert took < budget, f"showing it froze the app for {took:.1f} s (budget {budget:.1f} s)"


async def test_large_prompt_raw_view_and_prompt_editor_do_not_freeze_the_app(
    make_app: AppFactory, agents: Path
) -> None:
    write(agents / "a-first.md", agent_text("a-first"))
    plain = write(agents / "b-plain.md", agent_text("b-plain"))
    body = "".join(f"Line {n} of a long prompt, with *Markdown* in it.\n" for n in range(60_000))
    path = write(agents / "long.md", f"---\nname: long\ndescription: d\n---\n{body}")
    app = make_app()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        budget = await _freeze_budget(app, plain)
        took = await _seconds_to_show(app, path)
        assert took < budget, f"showing it froze the app for {took:.1f} s"
        assert "Line 1 of a long prompt, with *Markdown* in it." in screen_text(app)
        app.screen.query_one("#agents").focus()
        moment = time.monotonic()
        await pilot.press("r")
        await settle(app)
        text = screen_text(app)
        assert time.monotonic() - moment < budget, "the raw view froze the app"
        assert "Large file shown as plain text" in text and "name: long" in text
        await pilot.press("r")
        moment = time.monotonic()
        await pilot.press("b")
        await settle(app)
        assert time.monotonic() - moment < budget, "the prompt editor froze the app"
        assert any("too large to edit here" in str(n.message) for n in app._notifications)
        assert not app.screen.query_one("#body-editor", TextArea).display
    assert path.read_text() == f"---\nname: long\ndescription: d\n---\n{body}"


DEEP_BLOCKS = "---\nname: deep\ndescription: d\nx: " + "[" * 300 + "]" * 300 + "\n---\nB\n"
"""Valid YAML 300 levels deep (under the parser's 400), which the form shows as 300 nested
block sequences (``- - - …``): tree-sitter's YAML grammar crashes the process on them."""

CRASH_CHILD = """
import asyncio, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from textual.widgets import TextArea
from tests.reliability.support import build_app, settle

async def main():
    tmp = Path(sys.argv[2])
    app = build_app(tmp / "repo", tmp / "home", tmp / "config")
    async with app.run_test(size=(160, 50)):
        await settle(app, timeout=60)
        row = app.screen.query_one("#frontmatter-pane").row("x")
        print("SHOWN" if "- - - - - -" in row.query_one(TextArea).text else "MISSING")

asyncio.run(main())
"""


def test_deep_valid_value_does_not_crash_the_app(agents: Path, tmp_path: Path) -> None:
    write(agents / "deep.md", DEEP_BLOCKS)
    (tmp_path / "home").mkdir(exist_ok=True)
    child = subprocess.run(  # a crash would take pytest down with it
        [sys.executable, "-c", CRASH_CHILD, str(REPO_ROOT), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, f"the app died ({child.returncode}): {child.stderr[-2000:]}"
    assert child.stdout.split()[-1:] == ["SHOWN"], child.stdout


# 64 (socket, /dev/zero), 66. Files that vanish between listing and reading ---------------------------


def test_file_vanishing_between_listing_and_reading_is_dropped(
    repo: Path, home: Path, agents: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(agents / "stays.md", agent_text("stays"))
    gone = write(agents / "vanishes.md", agent_text("vanishes"))
    real_load = catalog.load

    def delete_then_load(path: Path, **options: object) -> object:
        if Path(path) == gone:
            gone.unlink()  # another process removes it right after the listing
        return real_load(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(catalog, "load", delete_then_load)
    records = load_catalog(repository_scopes(repo, home))
    assert [r.path.name for r in records] == ["stays.md"]


def test_broken_symlink_is_still_listed_with_its_reason(
    repo: Path, home: Path, agents: Path
) -> None:
    """Unlike a file that vanished, a link to a missing file is there: it stays, explained."""
    (agents / "dangling.md").symlink_to("missing.md")
    records = load_catalog(repository_scopes(repo, home))
    assert [r.path.name for r in records] == ["dangling.md"]
    messages = [d.message for d in records[0].document.diagnostics]
    assert messages == ["Broken symlink: it points to missing.md, which is missing."]


def test_huge_file_is_refused_from_its_size_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agentui.model import files

    path = tmp_path / "x.md"
    with open(path, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    read_calls: list[int] = []
    real_read = os.read
    monkeypatch.setattr(files.os, "read", lambda fd, n: read_calls.append(n) or real_read(fd, n))
    moment = time.monotonic()
    doc = files.load(path)
    assert time.monotonic() - moment < 0.1
    assert read_calls == [], "the size is checked before any byte is read"
    assert [d.code for d in doc.diagnostics] == ["too-large"]
