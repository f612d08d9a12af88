"""Cases 76, 77, 80 and 82: YAML tags never run code, names never leave the agents folder,
a planted symlink is never written through silently, and only the safe loader is used.
Also: editing a field that holds control characters must not rewrite them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from textual.widgets import Input, Select, TextArea

from agentui.app import AgentUI
from agentui.model.catalog import load_catalog
from agentui.model.edit import set_field
from agentui.model.files import load, save_bytes
from agentui.model.operations import (
    OperationError,
    create_agent,
    duplicate_agent,
    move_agent,
    new_agent_text,
    rename_agent,
)
from agentui.model.scopes import repository_scopes
from agentui.screens.dialogs import ConfirmScreen, NameScreen
from agentui.screens.main import MainScreen
from agentui.widgets.frontmatter_pane import FrontmatterPane
from tests.reliability.screen_text import screen_text
from tests.reliability.support import REPO_ROOT, agent_text, settle, write

AppFactory = Callable[[], AgentUI]
SAFE_LOADERS = (yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader))


# 76. YAML object tags ---------------------------------------------------------------------------


def _tagged(sentinel: Path) -> tuple[str, list[str]]:
    lines = [
        f'x: !!python/object/apply:os.system ["touch {sentinel}"]',
        "y: !!python/name:os.system",
        f'z: !!python/object/new:subprocess.call [["touch", "{sentinel}"]]',
        "w: !!python/module:os",
        f"v: !!python/object/apply:subprocess.check_output [[touch, {sentinel}]]",
    ]
    text = "---\nname: tagged\ndescription: Old.\n" + "\n".join(lines) + "\n---\n\nBody\n"
    return text, lines


@pytest.fixture
def no_unsafe_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail loudly if anything calls a YAML loader that can build Python objects."""

    def refuse(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("an unsafe YAML loader was called")

    def guarded(real: Callable[..., object]) -> Callable[..., object]:
        def load(stream: object, Loader: type | None = None) -> object:  # noqa: N803
            if Loader is None or not issubclass(Loader, SAFE_LOADERS):
                raise AssertionError(f"yaml loaded with {Loader}")
            return real(stream, Loader)

        return load

    for name in ("load", "load_all"):  # yaml.safe_load calls yaml.load(stream, SafeLoader)
        monkeypatch.setattr(yaml, name, guarded(getattr(yaml, name)))
    for name in ("full_load", "full_load_all", "unsafe_load", "unsafe_load_all"):
        monkeypatch.setattr(yaml, name, refuse)


@pytest.mark.usefixtures("no_unsafe_yaml")
def test_python_tags_never_run_and_are_kept_byte_for_byte(tmp_path: Path) -> None:
    sentinel = tmp_path / "pwned"
    text, lines = _tagged(sentinel)
    path = write(tmp_path / "repo" / ".claude" / "agents" / "tagged.md", text)

    doc = load(path)
    records = load_catalog(repository_scopes(tmp_path / "repo", tmp_path / "home"))
    edited = set_field(doc, "description", "New.")
    save_bytes(path, edited.to_bytes(), doc.snapshot)

    assert not sentinel.exists()
    assert [r.document.name for r in records] == ["tagged"]
    saved = path.read_text()
    for line in lines:
        assert line + "\n" in saved, line
    assert saved == text.replace("description: Old.", "description: New.")


def test_agentui_check_never_runs_python_tags(tmp_path: Path) -> None:
    sentinel = tmp_path / "pwned"
    path = write(tmp_path / "tagged.md", _tagged(sentinel)[0])
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "agentui", "check", "--format", "json", str(path)],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert "Traceback" not in result.stderr
    assert not sentinel.exists()


async def test_app_opens_and_saves_tagged_file_without_running_it(
    make_app: AppFactory, agents: Path, tmp_path: Path
) -> None:
    sentinel = tmp_path / "pwned"
    text, lines = _tagged(sentinel)
    path = write(agents / "tagged.md", text)
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        pane = app.screen.query_one("#frontmatter-pane", FrontmatterPane)
        row = pane.row("description")
        assert row is not None
        row.query_one(TextArea).text = "New."
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app)
        assert "!!python/object/apply" in screen_text(app) or "tag" in screen_text(app).lower()
    assert not sentinel.exists()
    assert path.read_text() == text.replace("description: Old.", "description: New.")


# 77. Names that try to leave the folder ------------------------------------------------------------

BAD_NAMES = ["../x", "..", ".", "/etc/passwd", "/tmp/agentui-escape", "a/b", "a\\b", "a\x00b",
             "a:b", "con", "nul", "com1", "lpt9", "x.", "x ", "Agent", "-x", "x-", "a--b", "",
             "a" * 256, "r\u0435viewer", "..\\x", "x/../../y", "~/x", "$HOME"]  # fmt: skip


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.mark.parametrize("name", BAD_NAMES, ids=repr)
def test_bad_names_never_create_a_file_anywhere(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "project" / ".claude" / "agents"
    source = write(folder / "helper.md", agent_text("helper"))
    user = tmp_path / "home" / ".claude" / "agents"
    user.mkdir(parents=True)
    before = _tree(tmp_path)
    doc = load(source)
    operations = {
        "create": lambda: create_agent(folder, name, new_agent_text("x", "d")),
        "duplicate": lambda: duplicate_agent(doc, folder, name),
        "rename": lambda: rename_agent(doc, source, name),
    }
    for what, operation in operations.items():
        with pytest.raises(OperationError):
            operation()
        assert _tree(tmp_path) == before, what
    assert not Path("/tmp/agentui-escape.md").exists()
    assert source.read_text() == agent_text("helper")


def test_move_never_leaves_the_target_folder_or_overwrites(tmp_path: Path) -> None:
    source = write(tmp_path / "project" / "helper.md", agent_text("helper"))
    user = tmp_path / "user"
    taken = write(user / "helper.md", agent_text("helper", "Mine."))
    with pytest.raises(OperationError):
        move_agent(load(source), source, user)
    assert taken.read_text() == agent_text("helper", "Mine.")
    assert source.exists()


async def test_rename_dialog_refuses_path_names(
    make_app: AppFactory, agents: Path, repo: Path
) -> None:
    path = write(agents / "helper.md", agent_text("helper"))
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app)
        before = _tree(repo.parent)
        for name in ("../x", "/etc/passwd", "a:b", "con"):
            app.screen.query_one("#agents").focus()
            await pilot.press("f2")
            assert isinstance(app.screen, NameScreen)
            app.screen.query_one(Input).value = name
            await pilot.pause()
            assert app.screen.query_one("#yes").disabled, name
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, NameScreen), f"{name!r} was accepted"
            await pilot.press("escape")
            await settle(app)
        assert _tree(repo.parent) == before
    assert path.read_text() == agent_text("helper")


# 80. Planted symlink on edit ----------------------------------------------------------------------


async def test_planted_symlink_to_a_file_outside_is_not_written_without_confirmation(
    make_app: AppFactory, agents: Path, home: Path
) -> None:
    bashrc = write(home / ".bashrc", agent_text("x", extra="color: blue\n"))
    original = bashrc.read_bytes()
    (agents / "x.md").symlink_to(bashrc)
    app = make_app()
    async with app.run_test(size=(160, 60), notifications=True) as pilot:
        await settle(app)
        shows_target = ".bashrc" in screen_text(app)
        pane = app.screen.query_one("#frontmatter-pane", FrontmatterPane)
        row = pane.row("color")
        assert row is not None
        row.query_one(Select).value = "red"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app)
        if isinstance(app.screen, ConfirmScreen):
            shows_target = shows_target or ".bashrc" in screen_text(app)
            await pilot.press("escape")  # the user does not confirm
            await settle(app)
    assert bashrc.read_bytes() == original, "written through the link without confirmation"
    assert shows_target, "the resolved target is never shown"


# 82. Safe loader everywhere ------------------------------------------------------------------------

UNSAFE = [
    re.compile(r"\byaml\.(load|load_all|full_load|full_load_all|unsafe_load|unsafe_load_all)\("),
    re.compile(r"\b(Unsafe|Full|CUnsafe|CFull)Loader\b"),
    re.compile(r"\byaml\.C?Loader\b"),
    re.compile(r"\bLoader\s*=\s*(yaml\.)?C?Loader\b"),
    re.compile(r"YAML\(\s*typ\s*=\s*['\"]unsafe['\"]"),
    re.compile(r"\bconstructor\.(Unsafe|Full)Constructor\b"),
    re.compile(r"add_(multi_)?constructor\("),
]


def test_no_unsafe_yaml_loading_anywhere_in_the_code() -> None:
    found: list[str] = []
    for folder in ("agentui", "benchmarks"):
        for source in sorted((REPO_ROOT / folder).rglob("*.py")):
            for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
                if any(pattern.search(line) for pattern in UNSAFE):
                    found.append(f"{source.relative_to(REPO_ROOT)}:{number}: {line.strip()}")
    assert found == []


# Editing a field that holds control characters ---------------------------------------------------


async def test_editing_a_field_with_control_characters_keeps_them(
    make_app: AppFactory, agents: Path
) -> None:
    path = write(agents / "ctl.md", '---\nname: ctl\ndescription: "a\\e[1mb"\n---\nBody\n')
    app = make_app()
    async with app.run_test(size=(160, 60), notifications=True) as pilot:
        await settle(app)
        pane = app.screen.query_one("#frontmatter-pane", FrontmatterPane)
        row = pane.row("description")
        assert row is not None
        area = row.query_one(TextArea)
        assert area.text == "a␛[1mb"
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        buffer = screen.session.get(path)
        if buffer is not None and buffer.dirty:
            assert buffer.current.fields["description"] == "a\x1b[1mb!"
        assert "Read-only: it holds control" in screen_text(app), "the form says why"
        await pilot.press("ctrl+s")
        await settle(app)
    assert load(path).fields["description"] == "a\x1b[1mb"


LOCKED = {
    "skills": ('skills: ["a\\e[1mb", Read]', "a␛[1mb, Read"),
    "model": ('model: "opus\\x9b"', "opus<U+009B>"),
    "x-note": ('x-note: "zero\\u200bwidth"', "zero<U+200B>width"),
}
"""Fields of other editors (one-line, model, YAML) holding invisible characters."""


@pytest.mark.parametrize("key", LOCKED)
async def test_other_editors_show_invisible_characters_read_only(
    make_app: AppFactory, agents: Path, key: str
) -> None:
    line, shown = LOCKED[key]
    text = f"---\nname: ctl\ndescription: d\n{line}\n---\nBody\n"
    path = write(agents / "ctl.md", text)
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        row = app.screen.query_one("#frontmatter-pane", FrontmatterPane).row(key)
        assert row is not None
        area = row.query_one(TextArea)
        assert area.text == shown and area.read_only
        assert not row.query(Input), "no editor that would write the placeholders back"
        area.focus()
        await pilot.press("x", "backspace", "backspace")
        await pilot.pause()
        assert area.text == shown
        await pilot.press("ctrl+s")
        await settle(app)
    assert path.read_text() == text


async def test_number_field_shows_its_value_and_stays_editable(
    make_app: AppFactory, agents: Path
) -> None:
    path = write(agents / "n.md", "---\nname: n\ndescription: d\nmaxTurns: 8\n---\nBody\n")
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        row = app.screen.query_one("#frontmatter-pane", FrontmatterPane).row("maxTurns")
        assert row is not None
        field = row.query_one(Input)
        assert field.value == "8", "no YAML end marker after the number"
        field.value = "12"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app)
    assert path.read_text() == "---\nname: n\ndescription: d\nmaxTurns: 12\n---\nBody\n"
