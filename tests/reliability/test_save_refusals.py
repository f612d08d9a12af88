"""Saves the app refuses, asks about, or reports, as a user meets them: case 22 (a read-only
file: refused, with a working "Save as copy"), case 16 (a group that could not be kept: saved,
with a warning) and case 80 (a link leading outside the agents folder: written only after a
confirmation that shows where)."""

from __future__ import annotations

import grp
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, Select

from agentui.app import AgentUI
from agentui.model import attributes, files
from agentui.model.files import load
from agentui.screens.dialogs import ConfirmScreen, NameScreen
from agentui.screens.main import MainScreen
from agentui.widgets.frontmatter_pane import FrontmatterPane
from tests.reliability.screen_text import screen_text
from tests.reliability.support import agent_text, settle, write

AppFactory = Callable[[], AgentUI]
TEXT = agent_text("helper", "Helps.", extra="model: sonnet\n")
EDITED = TEXT.replace("model: sonnet", "model: opus")


def _main(app: AgentUI) -> MainScreen:
    for screen in (app.screen, *reversed(app.screen_stack)):
        if isinstance(screen, MainScreen):
            return screen
    raise AssertionError("no main screen")


def _pick_model(app: AgentUI, model: str) -> None:
    row = _main(app).query_one("#frontmatter-pane", FrontmatterPane).row("model")
    assert row is not None
    row.query_one(Select).value = model


def _toasts(app: AgentUI) -> list[tuple[str, str, str]]:
    return [(n.severity, n.title, n.message) for n in app._notifications]


def _temps(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if files.is_temp_name(name)]


# 22. A read-only file: refused, and "Save as copy" works --------------------------------------


async def test_read_only_file_is_refused_and_save_as_copy_writes_a_new_agent(
    make_app: AppFactory, agents: Path
) -> None:
    path = write(agents / "helper.md", TEXT)
    taken = write(agents / "helper-mine.md", agent_text("helper-mine"))
    os.chmod(path, 0o444)
    app = make_app()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(app)
        _main(app).open_record(next(r for r in _main(app).records if r.path == path))
        await settle(app)
        _pick_model(app, "opus")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app)

        assert path.read_text() == TEXT and _temps(agents) == []
        assert isinstance(app.screen, ConfirmScreen), "the refusal offers a copy"
        offer = screen_text(app)
        assert "read-only (mode 0444)" in offer and "your edits are kept" in offer
        assert _main(app).session.dirty()

        await pilot.click("#yes")  # Save as copy
        await pilot.pause()
        assert isinstance(app.screen, NameScreen)
        name_input = app.screen.query_one("#name", Input)
        assert name_input.value == "helper-mine"
        assert app.screen.query_one("#yes").disabled, "an existing file is never overwritten"
        name_input.value = "helper-opus"
        await pilot.pause()
        await pilot.press("enter")
        await settle(app)

    copy = agents / "helper-opus.md"
    assert copy.read_text() == EDITED.replace("name: helper", "name: helper-opus")
    assert path.read_text() == TEXT and stat.S_IMODE(os.stat(path).st_mode) == 0o444
    assert taken.read_text() == agent_text("helper-mine")
    assert _temps(agents) == []
    assert any("saved as helper-opus.md" in message for _, _, message in _toasts(app))


async def test_declining_the_copy_keeps_the_edits_and_writes_nothing(
    make_app: AppFactory, agents: Path
) -> None:
    path = write(agents / "helper.md", TEXT)
    os.chmod(path, 0o444)
    app = make_app()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(app)
        _pick_model(app, "opus")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await settle(app)
        assert _main(app).session.dirty() and app.title == "agentui ●"
        assert ("error", "Not saved") in [(s, t) for s, t, _ in _toasts(app)]
    assert sorted(os.listdir(agents)) == ["helper.md"]
    assert path.read_text() == TEXT


# 16. A group that cannot be kept: saved, and the user is told ------------------------------------


async def test_group_that_could_not_be_kept_is_told_in_a_warning(
    make_app: AppFactory, agents: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to give the file a group of its own")
    path = write(agents / "helper.md", TEXT)
    os.chown(path, -1, 100)

    def refuse(fd: int, uid: int, gid: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    app = make_app()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(app)
        _pick_model(app, "opus")
        await pilot.pause()
        monkeypatch.setattr(attributes.os, "fchown", refuse)
        await pilot.press("ctrl+s")
        await settle(app)
        monkeypatch.undo()
        assert not _main(app).session.dirty()

    assert path.read_text() == EDITED
    assert os.stat(path).st_gid == os.getegid()
    warnings = [m for severity, _, m in _toasts(app) if severity == "warning"]
    assert len(warnings) == 1, _toasts(app)
    assert "helper.md was saved, but the group changed from" in warnings[0]
    assert f"{grp.getgrgid(100).gr_name} (100)" in warnings[0]


# 80. A link that leads outside: written only once confirmed, and the target is shown --------------


async def test_link_outside_is_written_once_the_shown_target_is_confirmed(
    make_app: AppFactory, agents: Path, home: Path
) -> None:
    shared = write(home / "dotfiles" / "helper.md", TEXT)
    link = agents / "helper.md"
    link.symlink_to(shared)
    app = make_app()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(app)
        _pick_model(app, "opus")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app)
        assert shared.read_text() == TEXT, "nothing is written before the confirmation"
        assert isinstance(app.screen, ConfirmScreen)
        assert str(shared) in app.screen.question.plain, "the whole target is shown"
        assert "outside the agents folder" in screen_text(app)
        await pilot.click("#yes")
        await settle(app)
        assert not _main(app).session.dirty()

    assert shared.read_text() == EDITED
    assert link.is_symlink() and os.readlink(link) == str(shared)
    assert load(link).fields["model"] == "opus"
    assert _temps(shared.parent) == [] and _temps(agents) == []


async def test_link_to_a_file_that_is_not_markdown_asks_too(
    make_app: AppFactory, agents: Path
) -> None:
    notes = write(agents / "notes.txt", TEXT)
    (agents / "helper.md").symlink_to("notes.txt")
    app = make_app()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(app)
        _pick_model(app, "opus")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app)
        assert isinstance(app.screen, ConfirmScreen)
        assert "not a Markdown file" in screen_text(app)
        await pilot.press("escape")
        await settle(app)
        assert _main(app).session.dirty()
        assert ("warning", "Not saved") in [(s, t) for s, t, _ in _toasts(app)]
    assert notes.read_text() == TEXT
