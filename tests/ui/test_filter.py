"""Pilot tests of the tree pane's filter: best match first, selected, and the tree back on escape."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from agentui.app import AgentUI
from agentui.model import catalog
from agentui.widgets.agent_tree import MAX_SHOWN, AgentTree
from tests.ui.conftest import agent, write
from tests.ui.test_browse import selected, settle, tree_lines

AppFactory = Callable[[], AgentUI]


def pane(app: AgentUI) -> AgentTree:
    return app.screen.query_one("#tree-pane", AgentTree)


async def test_typing_a_name_lists_it_first_and_selects_it(
    make_app: AppFactory, repo: Path
) -> None:
    agents = repo / ".claude/agents"
    write(agents / "code-reviewer.md", agent("code-reviewer", "Reviews code with a translator."))
    write(agents / "docs/api-translator.md", agent("api-translator", "Translates APIs."))
    write(agents / "translator.md", agent("translator", "Translates text."))
    write(agents / "tester.md", agent("tester", "Tests: r, a, n, s, l, a, t, o, r."))
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app)
        assert selected(app).name == "code-reviewer"  # type: ignore[union-attr]
        await pilot.press("slash", *"translator")
        await settle(app)
        lines = [line.strip() for line in tree_lines(app)]
        assert lines[0].startswith("Project")
        assert lines[1].endswith("translator") and "api" not in lines[1], lines
        assert lines[2].endswith("api-translator  docs/"), "a match names its folder"
        assert lines[3].endswith("code-reviewer"), "a description match comes last"
        assert not any("tester" in line for line in lines), "scattered letters do not match"
        assert pane(app).border_subtitle == "3/4"
        assert selected(app).name == "translator"  # type: ignore[union-attr]

        await pilot.press("enter", "down")
        await settle(app)
        assert selected(app).name == "api-translator"  # type: ignore[union-attr]
        await pilot.press("escape")
        await settle(app)
        assert pane(app).border_subtitle == "4"
        assert len(tree_lines(app)) == 6, "the whole tree, with the docs/ folder"
        assert selected(app).name == "api-translator", "the selection stays"  # type: ignore[union-attr]
        assert pane(app).agents.cursor_node is not None
        assert pane(app).agents.cursor_node.data is selected(app)


async def test_many_matches_are_counted_and_the_best_listed(
    make_app: AppFactory, repo: Path
) -> None:
    for n in range(MAX_SHOWN + 15):
        write(repo / f".claude/agents/helper-{n:03}.md", agent(f"helper-{n:03}"))
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app)
        await pilot.press("slash", *"helper")
        await settle(app)
        lines = tree_lines(app)
        assert pane(app).border_subtitle == f"{MAX_SHOWN + 15}/{MAX_SHOWN + 15}"
        assert sum("helper-" in line for line in lines) == MAX_SHOWN
        assert lines[-1] == "… 15 more: type more to narrow"
        await pilot.press(*"-064")
        await settle(app)
        assert pane(app).border_subtitle == f"1/{MAX_SHOWN + 15}"
        assert [line.strip() for line in tree_lines(app)][1:] == ["✓   helper-064"]


async def test_opening_an_agent_hidden_by_the_filter_clears_it(
    make_app: AppFactory, repo: Path
) -> None:
    write(repo / ".claude/agents/alpha.md", agent("alpha"))
    write(repo / ".claude/agents/beta.md", agent("beta"))
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app)
        await pilot.press("slash", *"alp")
        await settle(app)
        tree = pane(app)
        beta = next(r for r in tree.records if r.name == "beta")
        assert not tree.select_path(beta.path)
        app.screen.open_record(beta)  # type: ignore[attr-defined]
        await settle(app)
        assert tree.border_subtitle == "2"
        assert selected(app).name == "beta"  # type: ignore[union-attr]


async def test_listing_and_filtering_read_no_agent_file(
    make_app: AppFactory, repo: Path, monkeypatch: object
) -> None:
    for n in range(catalog.KEPT_DOCUMENTS + 20):
        write(repo / f".claude/agents/agent-{n:03}.md", agent(f"agent-{n:03}", "color: red\n"))
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app)
        reads: list[Path] = []
        original = catalog.load

        def counting(path: Path, kind: object = None) -> object:
            reads.append(path)
            return original(path, kind=kind)  # type: ignore[arg-type]

        catalog.load = counting  # type: ignore[assignment]
        try:
            tree = pane(app)
            tree.refresh_labels()
            tree.set_records(list(tree.records))
            await pilot.press("slash", *"agent-01")
            await settle(app)
            await pilot.press("escape")
            await settle(app)
        finally:
            catalog.load = original
        # Only the agent selected (shown in the panes) may be read again.
        assert len(set(reads)) <= 2, reads


async def test_typing_fast_ends_on_the_best_match_of_the_whole_query(
    make_app: AppFactory, repo: Path
) -> None:
    write(repo / ".claude/agents/dev.md", agent("dev"))
    write(repo / ".claude/agents/data/db-helper.md", agent("db-helper"))
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app)
        await pilot.press("slash")
        box = pane(app).filter_input
        # Two keys before the app handles anything else: "d" lists dev first, "db" only
        # db-helper, on the same line.
        box.value = "d"
        box.value = "db"
        await settle(app)
        cursor = pane(app).agents.cursor_node
        assert cursor is not None and cursor.data is not None
        assert cursor.data.name == "db-helper"
        assert selected(app).name == "db-helper"  # type: ignore[union-attr]


async def test_the_agent_list_measures_labels_as_a_tree_does() -> None:
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.widgets import Tree

    from agentui.widgets.agent_list import AgentList

    class OneList(App[None]):
        def compose(self) -> ComposeResult:
            yield AgentList("agents", id="list")

    app = OneList()
    async with app.run_test() as pilot:
        tree = app.query_one(AgentList)
        folder = tree.root.add(Text("data/", style="bold"), expand=True)
        nodes = [folder, folder.add_leaf(Text("✓ ● 数据-helper  wide")), tree.root.add_leaf("é")]
        await pilot.pause()
        for node in nodes:
            assert tree.get_label_width(node) == Tree.get_label_width(tree, node)
        folder.collapse()
        folder.set_label(Text("renamed-folder/"))
        assert tree.get_label_width(folder) == Tree.get_label_width(tree, folder)
