"""Cases 28, 31 and 35: a save that finds the file changed enters the conflict view even with
no watcher; Compare shows base, mine and theirs literally; a file deleted and then created
again by someone else is never overwritten by the recreating save."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Select

from agentui.app import AgentUI
from agentui.model.document import parse_document
from agentui.model.files import ConflictError
from agentui.model.session import EditSession
from agentui.screens.dialogs import CompareScreen
from agentui.screens.main import MainScreen
from agentui.widgets.conflict_banner import ConflictBanner
from agentui.widgets.frontmatter_pane import FrontmatterPane
from tests.reliability.screen_text import injected_actions, screen_text
from tests.reliability.support import agent_text, settle, write

AppFactory = Callable[[], AgentUI]
BASE = agent_text("helper", "Base.", extra="model: sonnet\n")
THEIRS = agent_text("helper", "'Theirs [/ [@click=app.quit]Q[/]'", extra="model: sonnet\n")


def main(app: AgentUI) -> MainScreen:
    for screen in (app.screen, *reversed(app.screen_stack)):
        if isinstance(screen, MainScreen):
            return screen
    raise AssertionError("no main screen")


async def test_save_time_conflict_opens_the_conflict_view_and_compare_is_literal(
    make_app: AppFactory, agents: Path
) -> None:
    path = write(agents / "helper.md", BASE)
    app = make_app()  # no watcher: only the save-time check can notice
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        await settle(app)
        row = main(app).query_one("#frontmatter-pane", FrontmatterPane).row("model")
        assert row is not None
        row.query_one(Select).value = "opus"
        await pilot.pause()
        path.write_text(THEIRS)
        await pilot.press("ctrl+s")
        await settle(app)
        assert path.read_text() == THEIRS, "nothing was written"
        banner = main(app).query_one("#conflict", ConflictBanner)
        assert banner.display, "the save found the change: the conflict view is shown"
        assert main(app).session.dirty()

        banner.post_message(ConflictBanner.Chosen("compare"))
        await settle(app)
        assert isinstance(app.screen, CompareScreen)
        text = screen_text(app)
        for piece in ("model", "sonnet", "opus", "description", "Base.",
                      "Theirs [/ [@click=app.quit]Q[/]", "base", "mine", "theirs"):  # fmt: skip
            assert piece in text, piece
        assert "+model: opus" in text and "-model: sonnet" in text, "the raw diff"
        assert injected_actions(app) == []
        await pilot.press("escape")
        await settle(app)
        assert main(app).session.dirty(), "comparing chooses nothing"
    assert path.read_text() == THEIRS


def test_recreating_a_deleted_file_never_overwrites_one_created_meanwhile(tmp_path: Path) -> None:
    path = write(tmp_path / "helper.md", BASE)
    session = EditSession()
    session.set_field(path, parse_document(BASE, path), "model", "opus")
    path.unlink()
    write(path, THEIRS)  # someone else created it again
    with pytest.raises(ConflictError):
        session.recreate(path)
    assert path.read_text() == THEIRS
    path.unlink()
    session.recreate(path)
    assert path.read_text() == BASE.replace("model: sonnet", "model: opus")
