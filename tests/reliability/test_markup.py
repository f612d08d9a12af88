"""Cases 69-72, 74 and 75: text from files is shown literally in every widget; it never
becomes styles, links or click actions, and a stray ``[/`` never crashes the app.

Checked on what the app draws (tests.reliability.screen_text): the characters on screen and
the style of each run, including Rich's ``@click`` meta and links.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, Markdown, Select, SelectionList, TextArea

from agentui.app import AgentUI
from agentui.model.operations import name_problem
from agentui.screens.dialogs import ConfirmScreen, DiffScreen, HelpScreen, NewAgentScreen
from agentui.screens.main import MainScreen
from agentui.widgets.agent_tree import AgentTree
from agentui.widgets.frontmatter_pane import FrontmatterPane
from agentui.widgets.preview_pane import PreviewPane
from tests.reliability.screen_text import cells, find_text, injected_actions, screen_text
from tests.reliability.support import agent_text, settle, write

AppFactory = Callable[[], AgentUI]

CLICK = "[@click=app.quit]Q[/]"
LINK = "[link='https://evil.example']L[/link]"
CRASHERS = ["[/", "a [/ b", "[b]x[/b", "x [/bold] y", "[/]", "path [/tmp/x]"]
DESCRIPTION = " ".join(["[bold]B[/bold]", LINK, CLICK, "[on red]R", *CRASHERS])
EVIL_FILE = "x[@click=app.quit]y.md"  # a file name cannot hold the "/" of "[/]"
EVIL = (
    "---\n"
    f'name: "{CLICK}"\n'
    f'description: "{DESCRIPTION}"\n'
    'tools: "[bold]B[/bold], [/, Read"\n'
    f'model: "{CLICK}"\n'
    'color: "[on red]R"\n'
    f'x-note: "{LINK} [/"\n'
    "---\n\n"
    "# Heading [/ [bold]B[/bold]\n\n"
    f"{CLICK} and {LINK} and a [/ b\n"
)


def main(app: AgentUI) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen), screen
    return screen


def form_values(app: AgentUI) -> str:
    pane = main(app).query_one("#frontmatter-pane", FrontmatterPane)
    values = [w.value for w in pane.query(Input)]
    values += [w.text for w in pane.query(TextArea)]
    for select in pane.query(Select):
        values.append(str(select.selection))
    for listing in pane.query(SelectionList):
        values += [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
    return "\n".join(values)


def assert_literal_and_inert(app: AgentUI, *expected: str) -> None:
    assert app.is_running
    text = screen_text(app)
    for piece in expected:
        assert piece in text, f"{piece!r} is not shown literally:\n{text}"
    assert injected_actions(app) == []


async def click_every(app: AgentUI, pilot: object, needle: str, at: int) -> None:
    """Click the character ``at`` of every place ``needle`` shows; the app must keep running."""
    for y, line in enumerate(screen_text(app).splitlines()):
        start = line.find(needle)
        while start >= 0:
            await pilot.click(offset=(start + at, y))  # type: ignore[attr-defined]
            await pilot.pause()  # type: ignore[attr-defined]
            assert app.is_running, f"clicking {needle!r} at {start + at},{y} ran an action"
            start = line.find(needle, start + 1)


@pytest.fixture
def evil(agents: Path) -> Path:
    write(agents / "a-plain.md", agent_text("a-plain"))
    return write(agents / EVIL_FILE, EVIL)


async def test_markup_in_every_field_is_literal_in_the_tree_form_and_preview(
    make_app: AppFactory, evil: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(app)
        tree = main(app).query_one("#tree-pane", AgentTree)
        assert tree.select_path(evil)
        await settle(app)
        assert_literal_and_inert(app, CLICK, EVIL_FILE)
        values = form_values(app)
        for piece in (DESCRIPTION, CLICK, "[bold]B[/bold]", LINK, "[/"):
            assert piece in values, piece
        markdown = main(app).query_one("#markdown", Markdown)
        assert "[bold]B[/bold]" in markdown.source and CLICK in markdown.source
        assert "a [/ b" in screen_text(app)
        await click_every(app, pilot, "]Q[", 1)
        await click_every(app, pilot, "]L[", 1)
        assert not main(app).session.dirty(), "clicking changed nothing"

        main(app).query_one("#agents").focus()
        await pilot.press("r")
        await pilot.pause()
        raw = main(app).query_one("#raw", TextArea)
        assert raw.display and f'name: "{CLICK}"' in raw.text
        assert_literal_and_inert(app, f'name: "{CLICK}"')
        await click_every(app, pilot, "]Q[", 1)


async def test_markup_in_dialogs_diff_and_quit_prompt_is_literal(
    make_app: AppFactory, evil: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(app)
        main(app).query_one("#tree-pane", AgentTree).select_path(evil)
        await settle(app)
        area = main(app).query_one("#frontmatter-pane", FrontmatterPane).row("description")
        assert area is not None
        area.query_one(TextArea).text = f"{CLICK} edited [/"
        await pilot.pause()
        assert main(app).session.dirty()

        main(app).query_one("#agents").focus()
        await pilot.press("d")
        assert isinstance(app.screen, DiffScreen)
        assert_literal_and_inert(app, f'+description: "{CLICK} edited [/"', EVIL_FILE)
        await click_every(app, pilot, "]Q[", 1)
        await pilot.press("escape")

        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmScreen)
        assert_literal_and_inert(app, EVIL_FILE)
        await click_every(app, pilot, "]y[", 1)
        await pilot.press("escape")
        assert evil.exists()

        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert injected_actions(app) == []
        await pilot.press("escape")

        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        assert_literal_and_inert(app, EVIL_FILE)
        await click_every(app, pilot, "]y[", 1)
        await pilot.press("escape")
        assert app.is_running
    assert evil.read_text() == EVIL


async def test_error_toast_naming_a_markup_file_is_literal(
    make_app: AppFactory, evil: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        await settle(app)
        main(app).query_one("#tree-pane", AgentTree).select_path(evil)
        await settle(app)
        row = main(app).query_one("#frontmatter-pane", FrontmatterPane).row("color")
        assert row is not None
        row.query_one(Select).value = "green"
        await pilot.pause()
        evil.write_text(EVIL.replace("# Heading", "# Changed elsewhere"))
        await pilot.press("ctrl+s")
        await settle(app)
        toasts = [n for n in app._notifications if "Not saved" in str(n.title)]
        assert toasts and EVIL_FILE in toasts[0].message
        assert_literal_and_inert(app, EVIL_FILE)
        await click_every(app, pilot, "]y[", 1)
    assert "Changed elsewhere" in evil.read_text()


@pytest.mark.parametrize("name", [CLICK, "x [/ y"], ids=["click", "closing-tag"])
async def test_palette_shows_agent_names_literally(
    make_app: AppFactory, agents: Path, name: str
) -> None:
    write(agents / "evil.md", f'---\nname: "{name}"\ndescription: d\n---\nBody\n')
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert app.is_running, "opening the palette crashed the app"
        await pilot.press(*"open")
        await pilot.pause(0.5)
        assert app.is_running, "searching the palette crashed the app"
        assert name in screen_text(app)
        assert ".claude/agents/evil.md" in screen_text(app), "the path is shown under it"
        assert injected_actions(app) == []
        where = find_text(app, f"Open agent: {name}")
        assert where is not None
        marked = "".join(
            cell.text
            for cell in cells(app)
            if cell.y == where[1] and cell.style is not None and cell.style.underline
        )
        assert marked.replace(" ", "") == "Open", "the letters matching the query are marked"
        await pilot.press("escape")


# 74. Unicode spoofing --------------------------------------------------------------------------

SPOOFS = {
    "\u202e": "<U+202E>",
    "\u2066": "<U+2066>",
    "\u2069": "<U+2069>",
    "\u200b": "<U+200B>",
    "\ufeff": "<U+FEFF>",
}


async def test_invisible_and_direction_characters_are_shown_visibly(
    make_app: AppFactory, agents: Path
) -> None:
    name = "rev\u202eiewer"
    description = "Trust \u2066me\u2069 zero\u200bwidth \ufeffbom"
    path = write(
        agents / "spoof.md", f'---\nname: "{name}"\ndescription: "{description}"\n---\nB\n'
    )
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(app)
        main(app).query_one("#tree-pane", AgentTree).select_path(path)
        await settle(app)
        text = screen_text(app)
        for char, shown in SPOOFS.items():
            assert char not in text, f"U+{ord(char):04X} reached the screen"
            assert shown in text or shown in form_values(app), shown
        assert "invalid" in text.lower() or "lowercase" in text.lower()
        await pilot.press("escape")


async def test_homoglyph_and_invisible_names_cannot_be_created(
    make_app: AppFactory, agents: Path
) -> None:
    write(agents / "a.md", agent_text("a"))
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app)
        for name in ("r\u0435viewer", "rev\u202eiewer", "re\u200bviewer"):
            assert name_problem(name)
            main(app).query_one("#agents").focus()
            await pilot.press("n")
            assert isinstance(app.screen, NewAgentScreen)
            app.screen.query_one("#name", Input).value = name
            app.screen.query_one("#description", Input).value = "Looks legitimate."
            await pilot.pause()
            assert app.screen.query_one("#yes").disabled
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, NewAgentScreen), "an invalid name was accepted"
            await pilot.press("escape")
            await settle(app)
    assert sorted(p.name for p in agents.iterdir()) == ["a.md"]


# 75. Markdown links --------------------------------------------------------------------------------

LINKS = {
    "FILELINK": "file:///etc/passwd",
    "JSLINK": "javascript:alert(1)",
    "VSCODELINK": "vscode://file/etc/passwd",
    "OKLINK": "https://ok.example/",
}


async def test_clicking_links_offers_only_http_and_only_after_confirmation(
    make_app: AppFactory, agents: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    body = "\n\n".join(f"[{label}]({href})" for label, href in LINKS.items())
    write(agents / "links.md", agent_text("links", body=body))
    app = make_app()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(app)
        markdown = main(app).query_one("#markdown", Markdown)
        assert not markdown._open_links, "Textual must not open links itself"
        for label, href in LINKS.items():
            where = find_text(app, label)
            assert where is not None, f"{label} is not on screen:\n{screen_text(app)}"
            await pilot.click(offset=(where[0] + 1, where[1]))
            await pilot.pause()
            if href.startswith("https:"):
                assert isinstance(app.screen, ConfirmScreen), f"{href} opened without asking"
                assert href in screen_text(app)
                await pilot.press("escape")
                await pilot.pause()
                assert opened == []
                await pilot.click(offset=(where[0] + 1, where[1]))
                await pilot.pause()
                assert isinstance(app.screen, ConfirmScreen)
                await pilot.press("y")
                await settle(app)
            else:
                # file: and javascript: are not even links (markdown-it refuses them); other
                # schemes are refused with a warning. Neither is ever offered.
                assert not isinstance(app.screen, ConfirmScreen), f"{href} was offered"
                if label == "VSCODELINK":
                    assert any(href in str(n.message) for n in app._notifications), href
        for worker in app.workers:
            if worker.group == "open-link":
                await worker.wait()
        assert opened == ["https://ok.example/"]
        assert isinstance(main(app).query_one("#preview-pane", PreviewPane), PreviewPane)
