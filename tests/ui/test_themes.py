"""Themes: bundled ones load, the choice persists, a broken user theme is reported once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from agentui.app import AgentUI
from agentui.settings import Settings
from agentui.theming import load_themes, theme_from_text
from tests.ui.conftest import wait_for_work, write


def test_bundled_themes_load() -> None:
    result = load_themes(None)
    names = {theme.name for theme in result.themes}
    assert {"agentui-dark", "agentui-light"} <= names
    assert not result.failures
    dark = {t.name: t.dark for t in result.themes}
    assert dark["agentui-dark"] and not dark["agentui-light"]


def test_bad_theme_files_say_why(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", "name: a\nprimary: not-a-colour\n")
    write(tmp_path / "b.yaml", "name: [unclosed\n")
    write(tmp_path / "c.yaml", "name: c\nprimary: '#123456'\nbackground: '#000'\n")
    result = load_themes(tmp_path)
    reasons = dict(result.failures)
    assert "not a colour" in reasons["a.yaml"]
    assert "not valid YAML" in reasons["b.yaml"]
    assert "c" in {t.name for t in result.themes}


def test_theme_from_text_needs_primary() -> None:
    try:
        theme_from_text("name: x\n", "x.yaml")
    except ValueError as exc:
        assert "primary" in str(exc)
    else:
        raise AssertionError("a theme without primary was accepted")


async def test_theme_choice_persists(make_app: Callable[[], AgentUI], tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        assert app.theme == "agentui-dark"
        app.theme = "agentui-light"
        await pilot.pause()
        await wait_for_work(app)
    assert Settings.load(tmp_path / "config").theme == "agentui-light"
    again = make_app()
    async with again.run_test():
        assert again.theme == "agentui-light"


async def test_broken_user_theme_is_one_toast_and_the_app_runs(
    make_app: Callable[[], AgentUI], tmp_path: Path
) -> None:
    write(tmp_path / "config/themes/broken.yaml", "name: broken\nprimary: nope\n")
    write(tmp_path / "config/themes/worse.yaml", "::: [")
    write(tmp_path / "config/themes/mine.yaml", "name: mine\nprimary: '#ff8800'\n")
    app = make_app()
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        toasts = [n for n in app._notifications]
        assert len(toasts) == 1
        assert "broken.yaml" in toasts[0].message and "worse.yaml" in toasts[0].message
        assert "mine" in app.available_themes
        app.theme = "mine"
        await pilot.pause()
        assert app.is_running


async def test_unknown_saved_theme_falls_back(
    make_app: Callable[[], AgentUI], tmp_path: Path
) -> None:
    write(tmp_path / "config/settings.yaml", "theme: gone-theme\n")
    app = make_app()
    async with app.run_test():
        assert app.theme == "agentui-dark"
