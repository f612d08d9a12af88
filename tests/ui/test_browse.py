"""Pilot tests of browsing: what a user sees in each pane."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Markdown, Static, TextArea

from agentui.app import AgentUI
from agentui.model.catalog import AgentRecord
from agentui.screens.dialogs import ConfirmScreen, HelpScreen
from agentui.screens.main import MainScreen
from agentui.widgets.agent_tree import AgentTree
from agentui.widgets.frontmatter_pane import FrontmatterPane
from agentui.widgets.preview_pane import PreviewPane
from tests.ui.conftest import agent, install_plugin, settle, write

AppFactory = Callable[[], AgentUI]


def tree_lines(app: AgentUI) -> list[str]:
    """The lines of the tree shown: every agent, or the best matches while filtering."""
    tree = app.screen.query_one("#tree-pane", AgentTree).agents
    lines: list[str] = []

    def walk(node: object, depth: int) -> None:
        for child in node.children:  # type: ignore[attr-defined]
            lines.append("  " * depth + child.label.plain)
            walk(child, depth + 1)

    walk(tree.root, 0)
    return lines


def pane_text(app: AgentUI) -> str:
    """Everything the frontmatter pane shows: labels, and the values in its editors."""
    from textual.widgets import Input

    pane = app.screen.query_one("#frontmatter-pane", FrontmatterPane)
    parts = [str(static.render()) for static in pane.query(Static)]
    parts += [editor.value for editor in pane.query(Input)]
    parts += [area.text for area in pane.query(TextArea)]
    return "\n".join(parts)


def selected(app: AgentUI) -> AgentRecord | None:
    return app.screen.query_one("#frontmatter-pane", FrontmatterPane).record


async def test_every_scope_is_discovered(make_app: AppFactory, repo: Path, home: Path) -> None:
    write(repo / ".claude/agents/alpha.md", agent("alpha"))
    write(repo / ".claude/agents/team/beta.md", agent("beta"))
    write(home / ".claude/agents/gamma.md", agent("gamma"))
    install_plugin(home, "toolkit", {"agents/delta.md": agent("delta")})
    install_plugin(home, "listed", {"extra/epsilon.md": agent("epsilon")}, ["./extra/epsilon.md"])
    write(
        repo / ".github/agents/helper.agent.md", "---\nname: Copilot Helper\ndescription: d\n---\n"
    )
    write(home / ".copilot/agents/mine.agent.md", "---\ndescription: d\n---\n")
    write(repo / ".opencode/agent/docs.md", "---\ndescription: d\nmode: subagent\n---\n")
    write(home / ".config/opencode/agents/ops.md", "---\ndescription: d\n---\n")
    app = make_app()
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(app)
        text = "\n".join(tree_lines(app))
        for expected in ("Project", "alpha", "team/", "beta", "User", "gamma", "Plugin toolkit",
                         "toolkit:delta", "read-only", "listed:epsilon", "Copilot project",
                         "Copilot Helper", "Copilot user", "mine", "OpenCode project", "docs",
                         "OpenCode user", "ops"):  # fmt: skip
            assert expected in text, expected
        assert text.index("Project") < text.index("User") < text.index("Plugin toolkit")
        assert app.screen.query_one("#tree-pane", AgentTree).border_subtitle == "9"
        await pilot.press("q")


async def test_empty_scopes_are_not_shown(make_app: AppFactory, repo: Path) -> None:
    write(repo / ".claude/agents/only.md", agent("only"))
    app = make_app()
    async with app.run_test() as pilot:
        await settle(app)
        assert tree_lines(app) == ["Project  .claude/agents", "  ✓   only"]
        await pilot.pause()


async def test_shadowing_and_duplicates(make_app: AppFactory, repo: Path, home: Path) -> None:
    write(repo / ".claude/agents/reviewer.md", agent("reviewer"))
    write(home / ".claude/agents/reviewer.md", agent("reviewer"))
    write(repo / ".claude/agents/a.md", agent("twin"))
    write(repo / ".claude/agents/b.md", agent("twin"))
    app = make_app()
    async with app.run_test(size=(160, 40)):
        await settle(app)
        lines = tree_lines(app)
        user_line = next(x for x in lines if "reviewer" in x and "shadowed" in x)
        assert "shadowed by Project" in user_line
        assert sum("same name twice" in x for x in lines) == 2
        records = app.screen.records  # type: ignore[attr-defined]
        shadowed = next(r for r in records if r.shadowed_by is not None)
        app.screen.query_one("#tree-pane", AgentTree).select_path(shadowed.path)
        await settle(app)
        assert "has the same name and wins" in pane_text(app)


async def test_first_agent_selected_and_selection_updates_both_panes(
    make_app: AppFactory, repo: Path
) -> None:
    write(repo / ".claude/agents/a-first.md", agent("a-first", body="# First heading\n"))
    write(
        repo / ".claude/agents/b-second.md",
        agent("b-second", "Second one.", body="# Second heading\n"),
    )
    app = make_app()
    async with app.run_test() as pilot:
        await settle(app)
        assert selected(app) is not None and selected(app).name == "a-first"  # type: ignore[union-attr]
        markdown = app.screen.query_one("#markdown", Markdown)
        assert "First heading" in markdown.source
        await pilot.press("down")
        await settle(app)
        assert selected(app).name == "b-second"  # type: ignore[union-attr]
        assert "Second one." in pane_text(app)
        assert "Second heading" in app.screen.query_one("#markdown", Markdown).source
        assert "---" not in app.screen.query_one("#markdown", Markdown).source


async def test_filter_as_you_type(make_app: AppFactory, repo: Path) -> None:
    write(repo / ".claude/agents/code-reviewer.md", agent("code-reviewer"))
    write(repo / ".claude/agents/test-runner.md", agent("test-runner", "Runs the tests."))
    write(repo / ".claude/agents/docs.md", agent("docs", "Writes documentation."))
    app = make_app()
    async with app.run_test() as pilot:
        await settle(app)
        await pilot.press("slash")
        await pilot.press(*"rev")
        await settle(app)
        pane = app.screen.query_one("#tree-pane", AgentTree)
        assert pane.border_subtitle == "1/3"
        assert [x.strip() for x in tree_lines(app)][1].endswith("code-reviewer")
        assert selected(app).name == "code-reviewer"  # type: ignore[union-attr]
        await pilot.press("escape")
        await settle(app)
        assert pane.border_subtitle == "3"
        await pilot.press("slash", *"documentation")
        await settle(app)
        assert pane.border_subtitle == "1/3", "the description is searched too"
        await pilot.press("escape", "slash", *"zzzz")
        await settle(app)
        assert pane.border_subtitle == "0/3"
        assert "No agent matches" in str(app.screen.query_one("#tree-empty", Static).render())


async def test_raw_view_toggles(make_app: AppFactory, repo: Path) -> None:
    write(repo / ".claude/agents/a.md", agent("a", body="Body line.\n"))
    app = make_app()
    async with app.run_test() as pilot:
        await settle(app)
        raw = app.screen.query_one("#raw", TextArea)
        assert not raw.display
        await pilot.press("r")
        assert raw.display and raw.read_only
        assert raw.text.startswith("---\nname: a\n")
        await pilot.press("r")
        assert not raw.display


async def test_verdicts_in_words_and_diagnostics_with_lines(
    make_app: AppFactory, repo: Path
) -> None:
    write(repo / ".claude/agents/quoted.md",
          "---\nname: quoted\ndescription: Use when: a release is tagged\nmodle: opus\n---\n")  # fmt: skip
    app = make_app()
    async with app.run_test(size=(160, 50)):
        await settle(app)
        text = pane_text(app)
        assert (
            "Claude Code loads this only after quoting the description: Copilot and OpenCode reject it."
            in text.replace("\n", " ")
        )
        assert "Not valid YAML" in text
        assert "line 4" in text and "Did you mean 'model'" in text
        assert "Other fields" in text


async def test_markup_and_control_characters_are_shown_literally(
    make_app: AppFactory, repo: Path
) -> None:
    write(repo / ".claude/agents/evil.md",
          '---\nname: "[@click=app.quit]x[/]"\ndescription: "a [/ b [bold]B[/bold] \\e]52;c;cHduZWQ=\\a"\n'
          "model: '[on red]R'\n---\n\n# Title [/\n\n[b]x[/b and \x1b[2J\n")  # fmt: skip
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app)
        lines = tree_lines(app)
        assert any("[@click=app.quit]x[/]" in line for line in lines)
        text = pane_text(app)
        assert "a [/ b [bold]B[/bold]" in text
        assert "\x1b" not in text and "␛]52;c;" in text
        assert "[on red]R" in text
        source = app.screen.query_one("#markdown", Markdown).source
        assert "\x1b" not in source and "␛[2J" in source
        await pilot.click("#agents", offset=(8, 1))
        await settle(app)
        assert app.is_running, "clicking the name must not run the action it spells"


async def test_links_need_confirmation_and_only_http(
    make_app: AppFactory, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    write(repo / ".claude/agents/a.md", agent("a"))
    app = make_app()
    async with app.run_test(notifications=True) as pilot:
        await settle(app)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        preview = screen.query_one("#preview-pane", PreviewPane)
        preview.post_message(PreviewPane.LinkRequested("javascript:alert(1)"))
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert any("only http and https" in str(n.message) for n in app._notifications)
        preview.post_message(PreviewPane.LinkRequested("https://example.com/docs"))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await settle(app)
        assert opened == []
        preview.post_message(PreviewPane.LinkRequested("https://example.com/docs"))
        await pilot.pause()
        await pilot.press("y")
        await settle(app)
        assert opened == ["https://example.com/docs"]


async def test_help_screen(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_empty_state_says_where_agentui_looked(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 50)):
        await settle(app)
        text = pane_text(app)
        assert "No agents in reach." in text
        assert ".claude/agents" in text and "~/.claude/agents" in text
        assert "mkdir -p .claude/agents" in text


async def test_unreadable_file_is_listed_with_its_reason(make_app: AppFactory, repo: Path) -> None:
    path = repo / ".claude/agents/latin.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"---\nname: caf\xe9\n---\n")
    app = make_app()
    async with app.run_test(size=(140, 40)):
        await settle(app)
        assert any("✗" in line and "latin" in line for line in tree_lines(app))
        assert "Not UTF-8" in pane_text(app)


async def test_narrow_terminal_stays_usable(make_app: AppFactory, repo: Path) -> None:
    write(repo / ".claude/agents/a.md", agent("a", body="# Heading\n"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        screen = app.screen
        assert screen.has_class("-narrow")
        for pane in ("#tree-pane", "#frontmatter-pane", "#preview-pane"):
            region = screen.query_one(pane).region
            assert region.width >= 20 and region.height >= 5, pane
        await pilot.press("ctrl+b")
        assert not screen.query_one("#tree-pane").display
        await pilot.press("ctrl+b", "f")
        assert not screen.query_one("#frontmatter-pane").display


async def test_palette_opens_an_agent(make_app: AppFactory, repo: Path) -> None:
    write(repo / ".claude/agents/a.md", agent("alpha"))
    write(repo / ".claude/agents/b.md", agent("bravo"))
    app = make_app()
    async with app.run_test() as pilot:
        await settle(app)
        await pilot.press("ctrl+p")
        await pilot.press(*"bravo")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app)
        assert selected(app).name == "bravo"  # type: ignore[union-attr]


async def test_an_agent_no_longer_kept_in_memory_is_read_again_off_the_event_loop(
    make_app: AppFactory, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from agentui.model import catalog

    for n in range(catalog.KEPT_DOCUMENTS + 8):
        body = f"Prompt of agent number {n}.\n"
        write(repo / f".claude/agents/agent-{n:03}.md", agent(f"agent-{n:03}", body=body))
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app)
        tree = app.screen.query_one("#tree-pane", AgentTree)
        first = next(r for r in tree.records if r.name == "agent-000")
        for record in tree.records[1:]:  # every other agent opened: the first one is dropped
            record.document  # noqa: B018
        assert not first.in_memory
        reads: list[str] = []
        original = catalog.load

        def recording(path: Path, kind: object = None) -> object:
            reads.append(threading.current_thread().name)
            return original(path, kind=kind)  # type: ignore[arg-type]

        monkeypatch.setattr(catalog, "load", recording)
        tree.select_path(tree.records[5].path)
        await settle(app)
        tree.select_path(first.path)
        await settle(app)
        assert selected(app) is first
        preview = app.screen.query_one("#preview-pane", PreviewPane)
        assert "Prompt of agent number 0." in preview.query_one("#markdown", Markdown).source
        form = app.screen.query_one("#frontmatter-pane", FrontmatterPane)
        assert form.document is not None and form.document.fields["name"] == "agent-000"
        assert reads and threading.main_thread().name not in reads
        await pilot.pause()
