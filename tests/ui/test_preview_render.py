"""The preview's Markdown: a long prompt's first screen first, then the rest, drawing the same
as rendering it at once; code blocks without a language shown plain."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pygments.lexers
import pytest
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Label, Markdown
from textual.widgets.markdown import MarkdownBlock, MarkdownFence

from agentui.app import AgentUI
from agentui.widgets.prompt_markdown import PlainFence, PromptMarkdown, first_screen
from tests.ui.conftest import agent, wait_for_work, write

DEMO = Path(__file__).parents[2] / "agentui" / "demo" / "project" / "dot-claude" / "agents"

PARAGRAPH = (
    "Review the change for errors a reader would miss: inverted conditions, off-by-one\n"
    "loops and unhandled empty inputs. Say what breaks and when, in one sentence each.\n"
)
SECTIONS = (
    "# Code reviewer\n\n" + PARAGRAPH,
    "## Steps\n\n1. Read the diff.\n2. Run the tests\n   with coverage.\n3. Report.\n",
    "- a tight item\n- another one\n\n- then a loose item\n  continued\n\n  with a second paragraph\n",
    "> A quote that goes on\nlazily, and\n> > a nested quote\n",
    "```python\ndef check(value):\n    return value\n\n\nprint(check(1))\n```\n",
    "```\nan unlabelled fence\n\nwith a blank line\n```\n",
    "    indented code\n    more code\n",
    "| Field | Meaning |\n|---|---|\n| name | the agent |\n| model | which model |\n",
    "Setext heading\n==============\n",
    "<div>\nan HTML block, which the widget does not draw\n</div>\n",
    "***\n",
    "Text with `code`, **bold**, _emphasis_, [a link](https://example.com) and "
    "https://example.org.\n",
    "- [ ] a task\n- [x] a done task\n",
    "> A quote, then a table with no blank line\n| Field | Meaning |\n|---|---|\n| a | b |\n",
    "A paragraph, then a list with no blank line\n- one\n- two\n# A heading\nRight under it.\n",
    "A paragraph right above a table\n| Field | Meaning |\n|---|---|\n| a | b |\n",
)


def long_prompt(repeat: int = 4) -> str:
    """A prompt several screens long with every kind of block, some at each possible cut."""
    return "\n".join(section for _ in range(repeat) for section in (*SECTIONS, PARAGRAPH * 2))


def drawn(markdown: Markdown) -> list[tuple[int, str, str, tuple[object, ...]]]:
    """Every block the widget draws: its depth, kind, text and styles (code's colours too)."""
    blocks: list[tuple[int, str, str, tuple[object, ...]]] = []

    def walk(widget: object, depth: int) -> None:
        for child in widget.children:  # type: ignore[attr-defined]
            if isinstance(child, MarkdownBlock):
                content = getattr(child, "_content", None)
                if content is None:
                    content = getattr(child, "_highlighted_code", None)
                text = content.plain if content is not None else ""
                spans = tuple(content.spans) if content is not None else ()
                blocks.append((depth, type(child).__name__, text, spans))
            walk(child, depth + 1)

    walk(markdown, 0)
    return blocks


class TwoPreviews(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield PromptMarkdown(id="at-once")
        with VerticalScroll():
            yield PromptMarkdown(id="in-two-steps")


def splits() -> list[tuple[str, str]]:
    """Long prompts split at every place a first screen can end, and the demo agents' prompts.

    Only the tail's first lines can draw differently, so each tail is cut short.
    """
    found: dict[str, str] = {}
    texts = [long_prompt(1), "\n".join((PARAGRAPH, *SECTIONS[::-1], PARAGRAPH * 20))]
    for text in texts:
        for height in range(3, 100):
            head, tail = first_screen(text, 40, height)
            if tail:
                found[head] = tail
    for path in sorted(DEMO.glob("*.md")):
        head, tail = first_screen(path.read_text(encoding="utf-8").split("---\n", 2)[2] * 3, 40, 30)
        found[head] = tail
    return [(head, "".join(tail.splitlines(keepends=True)[:12])) for head, tail in found.items()]


async def test_a_long_prompt_drawn_in_two_steps_is_drawn_as_at_once() -> None:
    app = TwoPreviews()
    async with app.run_test(size=(120, 40)) as pilot:
        at_once = app.query_one("#at-once", Markdown)
        in_two_steps = app.query_one("#in-two-steps", Markdown)
        cases = splits()
        assert len(cases) >= 20 and all(tail for _, tail in cases)
        for head, tail in cases:
            text = head + tail
            await at_once.update(text)
            await in_two_steps.update(head)
            await in_two_steps.append(tail)
            await pilot.pause()
            assert in_two_steps.source == text
            assert drawn(in_two_steps) == drawn(at_once), head[-200:]


@pytest.mark.parametrize(
    "text",
    [
        "# Short\n\nOne screen.\n",
        long_prompt() + "\nSee [the guide][guide].\n\n[guide]: https://example.com\n",
        long_prompt().replace("Report.", "Report.\u2028Then stop."),
    ],
    ids=["short", "reference-links", "unicode-line-separator"],
)
def test_prompts_that_render_in_one_go(text: str) -> None:
    assert first_screen(text, 40, 30) == (text, "")


async def test_the_preview_shows_a_long_prompt_whole(
    make_app: Callable[[], AgentUI], repo: Path
) -> None:
    body = long_prompt()
    write(repo / ".claude/agents/long.md", agent("long", body=body))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_work(app)
        await pilot.pause()
        markdown = app.screen.query_one("#markdown", Markdown)
        scroll = app.screen.query_one("#markdown-scroll", VerticalScroll)
        size = scroll.scrollable_content_region.size
        assert first_screen(body, size.width, size.height)[1], "rendered in two steps"
        assert markdown.source.lstrip("\n") == body
        reference = TwoPreviews()
        async with reference.run_test(size=(120, 40)) as reference_pilot:
            at_once = reference.query_one("#at-once", Markdown)
            await at_once.update(markdown.source)
            await reference_pilot.pause()
            assert drawn(markdown) == drawn(at_once)


async def test_an_unlabelled_code_block_is_plain_and_not_guessed(
    make_app: Callable[[], AgentUI], repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guesses: list[str] = []
    real_guess = pygments.lexers.guess_lexer

    def guess(code: str, **options: object) -> object:
        guesses.append(code)
        return real_guess(code, **options)

    monkeypatch.setattr(pygments.lexers, "guess_lexer", guess)
    code = "SELECT name FROM agents WHERE model = 'opus';"
    write(repo / ".claude/agents/a.md", agent("a", body=f"# Query\n\n```\n{code}\n```\n"))
    app = make_app()
    async with app.run_test() as pilot:
        await wait_for_work(app)
        await pilot.pause()
        fences = app.screen.query_one("#markdown", Markdown).query(MarkdownFence)
        assert [fence.code for fence in fences] == [code]
    assert guesses == []
    assert PlainFence.highlight(code, "").spans == MarkdownFence.highlight(code, "text").spans


async def test_code_in_a_new_language_is_coloured_once_the_first_screen_is_drawn(
    make_app: Callable[[], AgentUI], repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = "program hello\n  print *, 'Hello'\nend program hello"
    body = f"# Fortran\n\n```fortran\n{code}\n```\n"
    write(repo / ".claude/agents/a.md", agent("a", body=body))
    at_first_screen: list[Content] = []
    colour_code = PromptMarkdown.colour_code

    def drawn_then_coloured(markdown: PromptMarkdown) -> None:
        label = markdown.query_one(PlainFence).query_one(Label)
        at_first_screen.append(label.content)  # type: ignore[arg-type]
        colour_code(markdown)

    monkeypatch.setattr(PromptMarkdown, "colour_code", drawn_then_coloured)
    app = make_app()
    async with app.run_test() as pilot:
        await wait_for_work(app)
        await pilot.pause()
        fence = app.screen.query_one("#markdown", Markdown).query_one(PlainFence)
        coloured = fence.query_one(Label).content
    plain = MarkdownFence.highlight(code, "text").spans
    fortran = MarkdownFence.highlight(code, "fortran").spans
    assert fortran != plain
    assert [content.spans for content in at_first_screen] == [plain], "plain in the first screen"
    assert coloured.spans == fortran, "then coloured"
