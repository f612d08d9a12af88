"""Pilot tests of editing: each field type, the prompt, saving, undo, diff and file operations.

After each save the file's bytes are checked: only the intended lines differ.
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select, SelectionList, Switch, TextArea

from agentui.app import AgentUI
from agentui.screens import editing
from agentui.screens.dialogs import ConfirmScreen, DiffScreen, NameScreen, NewAgentScreen
from agentui.screens.main import MainScreen
from agentui.widgets.agent_tree import AgentTree
from agentui.widgets.fields import FieldRow
from agentui.widgets.frontmatter_pane import FrontmatterPane
from agentui.widgets.preview_pane import PreviewPane
from tests.ui.conftest import install_plugin, write
from tests.ui.test_browse import settle, tree_lines

AppFactory = Callable[[], AgentUI]

AGENT = (
    "---\n"
    "name: helper\n"
    "# owned by the platform team\n"
    "description: Helps with things.\n"
    "tools: Read, Grep\n"
    "model: sonnet\n"
    "color: blue\n"
    "x-team: {owner: platform}\n"
    "---\n"
    "\n"
    "# Helper\n"
    "\n"
    "Be helpful.\n"
)


def changed(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def screen(app: AgentUI) -> MainScreen:
    found = app.screen
    assert isinstance(found, MainScreen)
    return found


def row(app: AgentUI, key: str) -> FieldRow:
    found = screen(app).query_one("#frontmatter-pane", FrontmatterPane).row(key)
    assert found is not None, key
    return found


async def save(app: AgentUI, pilot: object) -> None:
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    await settle(app)


@pytest.fixture
def agent_file(repo: Path) -> Path:
    return write(repo / ".claude/agents/helper.md", AGENT)


async def add_field(app: AgentUI, pilot: object, key: str) -> FieldRow:
    """Pick ``key`` in the "Add field…" list, as a user does."""
    picker = screen(app).query_one("#add-field", Select)
    picker.value = key
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    return row(app, key)


async def set_input(pilot: object, widget: Input, text: str) -> None:
    widget.focus()
    widget.value = text
    await pilot.pause()  # type: ignore[attr-defined]


async def test_text_field_saves_surgically(make_app: AppFactory, agent_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        editor = row(app, "name").query_one(Input)
        await set_input(pilot, editor, "helper-two")
        assert "*" in tree_lines(app)[1], "the unsaved agent is marked in the tree"
        assert app.title == "agentui ●"
        await save(app, pilot)
        assert changed(AGENT, agent_file.read_text()) == ["-name: helper\n", "+name: helper-two\n"]
        assert app.title == "agentui"


async def test_bad_name_is_refused_with_its_message(make_app: AppFactory, agent_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        field = row(app, "name")
        await set_input(pilot, field.query_one(Input), "Bad Name")
        assert field.has_class("-invalid")
        assert "lowercase" in str(field.query_one(".field-error").render())
        await save(app, pilot)
        assert agent_file.read_text() == AGENT


async def test_model_select_and_custom_id(make_app: AppFactory, agent_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        select = row(app, "model").query_one(Select)
        select.value = "opus"
        await pilot.pause()
        await save(app, pilot)
        assert changed(AGENT, agent_file.read_text()) == ["-model: sonnet\n", "+model: opus\n"]
        select.value = "\0other"
        await pilot.pause()
        await set_input(
            pilot, row(app, "model").query_one("#input-model-id", Input), "claude-opus-4-5"
        )
        await save(app, pilot)
        assert "model: claude-opus-4-5\n" in agent_file.read_text()


async def test_color_select_and_unset(make_app: AppFactory, agent_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        select = row(app, "color").query_one(Select)
        select.value = "red"
        await pilot.pause()
        await save(app, pilot)
        assert changed(AGENT, agent_file.read_text()) == ["-color: blue\n", "+color: red\n"]
        select.clear()
        await pilot.pause()
        await save(app, pilot)
        assert "color:" not in agent_file.read_text()


async def test_int_field_validates(make_app: AppFactory, agent_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        field = await add_field(app, pilot, "maxTurns")
        assert field.query_one(Input).has_focus, "the added field takes the focus"
        await set_input(pilot, field.query_one(Input), "zero")
        assert field.has_class("-invalid")
        await set_input(pilot, field.query_one(Input), "12")
        assert not field.has_class("-invalid")
        await save(app, pilot)
        assert changed(AGENT, agent_file.read_text()) == ["+maxTurns: 12\n"]


async def test_switch_field(make_app: AppFactory, agent_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        (await add_field(app, pilot, "background")).query_one(Switch).value = True
        await pilot.pause()
        await save(app, pilot)
        assert changed(AGENT, agent_file.read_text()) == ["+background: true\n"]


async def test_description_multi_line(make_app: AppFactory, agent_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        area = row(app, "description").query_one(TextArea)
        area.text = "Helps: with [things] # always\nSecond line."
        await pilot.pause()
        await save(app, pilot)
        from agentui.model.files import load

        doc = load(agent_file)
        assert doc.description == "Helps: with [things] # always\nSecond line."
        assert doc.yaml == "strict"
        assert [x for x in changed(AGENT, agent_file.read_text()) if x.startswith("-")] == [
            "-description: Helps with things.\n"
        ]


@pytest.mark.parametrize(
    ("tools_line", "expected"),
    [
        ("tools: Read, Grep\n", "tools: Read, Grep, Bash\n"),
        ("tools: [Read, Grep]\n", "tools: [Read, Grep, Bash]\n"),
        ("tools:\n  - Read\n  - Grep\n", "tools:\n  - Read\n  - Grep\n  - Bash\n"),
    ],
    ids=["comma", "flow", "block"],
)
async def test_tools_picker_keeps_the_files_style(
    make_app: AppFactory, repo: Path, tools_line: str, expected: str
) -> None:
    text = AGENT.replace("tools: Read, Grep\n", tools_line)
    path = write(repo / ".claude/agents/helper.md", text)
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        picker = row(app, "tools").query_one(SelectionList)
        picker.select("Bash")
        await pilot.pause()
        await save(app, pilot)
        assert path.read_text() == text.replace(tools_line, expected)
        adder = row(app, "tools").query_one("#add-tools", Input)
        adder.focus()
        adder.value = "mcp__github__create_issue"
        await pilot.press("enter")
        await pilot.pause()
        await save(app, pilot)
        from agentui.model.files import load

        assert "mcp__github__create_issue" in str(load(path).fields["tools"])


async def test_effective_tools(make_app: AppFactory, agent_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        effective = str(row(app, "tools").query_one(".effective").render())
        assert "Read, Grep" in effective
        field = await add_field(app, pilot, "disallowedTools")
        field.query_one(SelectionList).select("Grep")
        await pilot.pause()
        assert "Effective tools: Read" in str(row(app, "tools").query_one(".effective").render())


async def test_yaml_field_is_validated_before_it_is_applied(
    make_app: AppFactory, agent_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        field = row(app, "x-team")
        area = field.query_one(TextArea)
        area.text = "owner: [unclosed"
        await pilot.pause()
        assert field.has_class("-invalid")
        assert not screen(app).session.dirty()
        area.text = "owner: data\nslack: '#data'"
        await pilot.pause()
        await save(app, pilot)
        assert changed(AGENT, agent_file.read_text()) == [
            "-x-team: {owner: platform}\n",
            "+x-team:\n",
            "+  owner: data\n",
            "+  slack: '#data'\n",
        ]


async def test_body_edit_and_preview_follow(make_app: AppFactory, agent_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        await pilot.press("b")
        editor = screen(app).query_one("#body-editor", TextArea)
        assert editor.has_focus
        editor.text = "\n# Helper v2\n\nBe very helpful.\n"
        await pilot.pause(0.4)
        assert "Helper v2" in screen(app).query_one("#markdown").source  # type: ignore[attr-defined]
        await save(app, pilot)
        assert (
            agent_file.read_text()
            == AGENT.split("---\n\n")[0] + "---\n\n# Helper v2\n\nBe very helpful.\n"
        )


async def test_diff_view_and_undo(make_app: AppFactory, agent_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        row(app, "color").query_one(Select).value = "green"
        await pilot.pause()
        screen(app).query_one("#agents").focus()
        await pilot.press("d")
        assert isinstance(app.screen, DiffScreen)
        assert "+color: green" in app.screen.diff
        await pilot.press("escape")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert not screen(app).session.dirty()
        assert row(app, "color").query_one(Select).value == "blue"


async def test_switching_agents_keeps_unsaved_edits(
    make_app: AppFactory, repo: Path, agent_file: Path
) -> None:
    write(repo / ".claude/agents/other.md", AGENT.replace("helper", "other"))
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        await set_input(pilot, row(app, "name").query_one(Input), "helper-edited")
        tree = screen(app).query_one("#tree-pane", AgentTree)
        tree.agents.focus()
        await pilot.press("down")
        await settle(app)
        assert row(app, "name").query_one(Input).value == "other"
        await pilot.press("up")
        await settle(app)
        assert row(app, "name").query_one(Input).value == "helper-edited"
        assert agent_file.read_text() == AGENT


async def test_quit_with_unsaved_edits_asks(make_app: AppFactory, agent_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        row(app, "color").query_one(Select).value = "green"
        await pilot.pause()
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        assert "helper.md" in str(app.screen.question)
        await pilot.press("escape")
        assert app.is_running and isinstance(app.screen, MainScreen)
        await pilot.press("ctrl+q")
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running
    assert agent_file.read_text() == AGENT


async def test_save_refuses_when_the_file_changed_on_disk(
    make_app: AppFactory, agent_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 60), notifications=True) as pilot:
        await settle(app)
        row(app, "color").query_one(Select).value = "green"
        await pilot.pause()
        agent_file.write_text(AGENT.replace("model: sonnet", "model: haiku"))
        await save(app, pilot)
        assert agent_file.read_text() == AGENT.replace("model: sonnet", "model: haiku")
        assert any("changed on disk" in str(n.message) + str(n.title) for n in app._notifications)
        assert screen(app).session.dirty(), "the edits are kept"


async def test_make_portable(make_app: AppFactory, repo: Path) -> None:
    text = "---\nname: seedlike\ndescription: Use it when: a release is tagged\nmodel: sonnet\n---\nBody\n"
    path = write(repo / ".claude/agents/seedlike.md", text)
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        screen(app).query_one("#agents").focus()
        await pilot.press("p")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        await save(app, pilot)
        assert changed(text, path.read_text()) == [
            "-description: Use it when: a release is tagged\n",
            '+description: "Use it when: a release is tagged"\n',
        ]


async def test_create_duplicate_rename_move_delete(
    make_app: AppFactory, repo: Path, home: Path, agent_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(repo.parent / "trash-home"))
    threads: list[str] = []  # where each file operation ran: never on the event loop
    for operation in ("create_agent", "duplicate_agent", "rename_agent", "move_agent"):
        original = getattr(editing, operation)

        def recording(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
            threads.append(threading.current_thread().name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(editing, operation, recording)
    original_delete = editing.delete_agent

    def recording_delete(path: Path) -> str:
        threads.append(threading.current_thread().name)
        return original_delete(path)

    monkeypatch.setattr(editing, "delete_agent", recording_delete)
    app = make_app()
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app)
        screen(app).query_one("#agents").focus()
        await pilot.press("n")
        assert isinstance(app.screen, NewAgentScreen)
        await pilot.press(*"planner")
        app.screen.query_one("#description", Input).value = "Plans work: step by step."
        await pilot.pause()
        await pilot.click("#yes")
        await settle(app)
        created = repo / ".claude/agents/planner.md"
        assert "name: planner\n" in created.read_text()
        assert screen(app).current is not None and screen(app).current.path == created

        await pilot.press("c")
        assert isinstance(app.screen, NameScreen)
        await pilot.press("enter")
        await settle(app)
        assert (repo / ".claude/agents/planner-copy.md").exists()

        await pilot.press("f2")
        assert isinstance(app.screen, NameScreen)
        app.screen.query_one(Input).value = "helper"
        await pilot.pause()
        assert "already exists" in str(app.screen.query_one("#problem").render())
        app.screen.query_one(Input).value = "copy-renamed"
        await pilot.press("enter")
        await settle(app)
        assert not (repo / ".claude/agents/planner-copy.md").exists()
        assert "name: copy-renamed\n" in (repo / ".claude/agents/copy-renamed.md").read_text()

        await pilot.press("m")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app)
        assert (home / ".claude/agents/copy-renamed.md").exists()
        assert not (repo / ".claude/agents/copy-renamed.md").exists()

        screen(app).query_one("#tree-pane", AgentTree).select_path(created)
        await settle(app)
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmScreen)
        assert "planner.md" in str(app.screen.question)
        await pilot.press("y")
        await settle(app)
        assert not created.exists()
        assert agent_file.read_text() == AGENT
    assert len(threads) == 5 and threading.main_thread().name not in threads, threads


async def test_plugin_agents_are_read_only(make_app: AppFactory, home: Path) -> None:
    install_plugin(home, "kit", {"agents/x.md": AGENT})
    app = make_app()
    async with app.run_test(size=(160, 60), notifications=True) as pilot:
        await settle(app)
        assert not list(screen(app).query_one("#frontmatter-pane").query(FieldRow))
        await pilot.press("delete")
        assert not isinstance(app.screen, ConfirmScreen)
        assert any("read-only" in str(n.message) for n in app._notifications)


async def test_preview_pane_still_renders_markdown(make_app: AppFactory, agent_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 60)):
        await settle(app)
        pane = screen(app).query_one("#preview-pane", PreviewPane)
        assert "# Helper" in pane.query_one("#markdown").source  # type: ignore[attr-defined]
