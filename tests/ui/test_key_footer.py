"""The footer of keys: it follows the focus, and is rebuilt only when its keys change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Button, Footer

from agentui.widgets.key_footer import KeyFooter


class Plain(Button):
    """No keys of its own."""


class Keyed(Button):
    BINDINGS = [Binding("x", "press", "Cross out", id="cross-out")]


class Keys(App[None]):
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="quit")]

    def __init__(self, footer: Footer) -> None:
        super().__init__()
        self.footer = footer
        self.builds = 0

    def compose(self) -> ComposeResult:
        yield Plain("one", id="one")
        yield Plain("two", id="two")
        yield Keyed("three", id="three")
        yield self.footer


def counting(footer: Footer, app: Keys) -> None:
    real = footer.compose

    def compose() -> ComposeResult:
        app.builds += 1
        return real()

    footer.compose = compose  # type: ignore[method-assign]


def footer_text(app: Keys) -> str:
    return " ".join(str(key.render()) for key in app.footer.children)


async def test_the_footer_follows_the_keys_and_skips_rebuilding_the_same_ones() -> None:
    builds: dict[type[Footer], int] = {}
    for kind in (Footer, KeyFooter):
        app = Keys(kind())
        counting(app.footer, app)
        async with app.run_test() as pilot:
            await pilot.pause()
            assert "Quit" in footer_text(app) and "Cross out" not in footer_text(app)
            app.builds = 0
            for target in ("#two", "#one", "#two", "#one"):
                app.query_one(target).focus()
                await pilot.pause()
            builds[kind] = app.builds
            app.query_one("#three").focus()
            await pilot.pause()
            assert "Cross out" in footer_text(app), "new keys are shown"
            app.query_one("#one").focus()
            await pilot.pause()
            assert "Cross out" not in footer_text(app)
    assert builds[Footer] >= 4, "Textual's footer rebuilds on every focus change"
    assert builds[KeyFooter] == 0, "the same keys are not rebuilt"
