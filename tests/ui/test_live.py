"""Pilot tests of live updates with the real file watcher: conditions with deadlines, no sleeps."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Button, Input, Select, Static

from agentui.app import AgentUI
from agentui.model.watch import FakeSource
from agentui.screens import live
from agentui.screens.conflicts import MergeScreen
from agentui.screens.dialogs import CompareScreen, ConfirmScreen, NameScreen
from agentui.screens.main import MainScreen
from agentui.widgets.conflict_banner import ConflictBanner
from agentui.widgets.frontmatter_pane import FrontmatterPane
from tests.ui.conftest import agent, write
from tests.ui.test_browse import settle, tree_lines

AppFactory = Callable[[], AgentUI]


async def wait_until(app: AgentUI, condition: Callable[[], bool], timeout: float = 6.0) -> None:
    from textual.pilot import Pilot

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            await settle(app)
            if condition():
                return
        await Pilot(app).pause(0.05)
    raise AssertionError("condition not met in time")


def main(app: AgentUI) -> MainScreen:
    screen = app.screen if isinstance(app.screen, MainScreen) else app.screen_stack[1]
    assert isinstance(screen, MainScreen)
    return screen


def names(app: AgentUI) -> str:
    return "\n".join(tree_lines(app))


def name_field(app: AgentUI) -> str:
    row = main(app).query_one("#frontmatter-pane", FrontmatterPane).row("name")
    return row.query_one(Input).value if row is not None else ""


def banner(app: AgentUI) -> ConflictBanner:
    return main(app).query_one("#conflict", ConflictBanner)


def replace_file(path: Path, text: str) -> None:
    """Save the way editors do: a temporary file, then a rename over the original."""
    temp = path.with_name(path.name + ".tmp.1234")
    temp.write_text(text)
    os.replace(temp, path)


@pytest.fixture
def agents(repo: Path) -> Path:
    folder = repo / ".claude" / "agents"
    write(folder / "alpha.md", agent("alpha", body="# Alpha\n"))
    write(folder / "bravo.md", agent("bravo", body="# Bravo\n"))
    return folder


async def test_clean_agent_reloads_in_place(make_app: AppFactory, agents: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)):
        await settle(app)
        assert name_field(app) == "alpha"
        (agents / "alpha.md").write_text(agent("alpha-renamed", body="# Alpha two\n"))
        await wait_until(app, lambda: "alpha-renamed" in names(app))
        assert name_field(app) == "alpha-renamed", "the selection stays and the form follows"
        assert "Alpha two" in main(app).query_one("#markdown").source  # type: ignore[attr-defined]
        replace_file(agents / "alpha.md", agent("alpha-three"))
        await wait_until(app, lambda: "alpha-three" in names(app))
        assert not banner(app).display


async def test_invalid_yaml_from_outside_shows_as_it_is(make_app: AppFactory, agents: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)):
        await settle(app)
        (agents / "alpha.md").write_text("---\nname: alpha\ndescription: Use it when: asked\n---\n")
        await wait_until(app, lambda: "↻" in names(app))
        record = main(app).current
        assert record is not None and record.document.claude_code == "loads-after-quoting"


async def test_new_and_deleted_files(make_app: AppFactory, agents: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)):
        await settle(app)
        write(agents / "charlie.md", agent("charlie"))
        await wait_until(app, lambda: "charlie" in names(app))
        (agents / "alpha.md").unlink()
        await wait_until(app, lambda: "alpha" not in names(app))
        current = main(app).current
        assert current is not None and current.name in ("bravo", "charlie"), "selection moves on"


async def test_dirty_agent_changed_on_disk_gets_a_banner(
    make_app: AppFactory, agents: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app)
        main(app).query_one("#frontmatter-pane", FrontmatterPane).row("color")  # form is built
        row = main(app).query_one("#frontmatter-pane", FrontmatterPane).row("model")
        assert row is not None
        row.query_one(Select).value = "opus"
        await pilot.pause()
        theirs = agent("alpha", "Changed elsewhere.", body="# Alpha\n")
        (agents / "alpha.md").write_text(theirs)
        await wait_until(app, lambda: banner(app).display)
        assert name_field(app) == "alpha"
        assert main(app).session.dirty(), "no automatic choice: my edits are still there"
        banner(app).post_message(ConflictBanner.Chosen("compare"))
        await wait_until(app, lambda: isinstance(app.screen, CompareScreen))
        await pilot.press("escape")
        banner(app).post_message(ConflictBanner.Chosen("take"))
        await wait_until(app, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")
        assert main(app).session.dirty(), "cancelling keeps my edits"
        banner(app).post_message(ConflictBanner.Chosen("keep"))
        await wait_until(app, lambda: not banner(app).display)
        text = (agents / "alpha.md").read_text()
        assert "model: opus" in text and "Changed elsewhere." not in text


async def test_take_theirs(make_app: AppFactory, agents: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app)
        row = main(app).query_one("#frontmatter-pane", FrontmatterPane).row("model")
        assert row is not None
        row.query_one(Select).value = "opus"
        await pilot.pause()
        (agents / "alpha.md").write_text(agent("alpha", "Theirs."))
        await wait_until(app, lambda: banner(app).display)
        banner(app).post_message(ConflictBanner.Chosen("take"))
        await wait_until(app, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_until(app, lambda: not main(app).session.dirty())
        assert not banner(app).display
        assert (agents / "alpha.md").read_text() == agent("alpha", "Theirs.")


async def test_save_mine_as_copy(make_app: AppFactory, agents: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app)
        row = main(app).query_one("#frontmatter-pane", FrontmatterPane).row("model")
        assert row is not None
        row.query_one(Select).value = "opus"
        await pilot.pause()
        (agents / "alpha.md").write_text(agent("alpha", "Theirs."))
        await wait_until(app, lambda: banner(app).display)
        banner(app).post_message(ConflictBanner.Chosen("copy"))
        await wait_until(app, lambda: isinstance(app.screen, NameScreen))
        await pilot.press("enter")
        await wait_until(app, lambda: (agents / "alpha-mine.md").exists())
        copy = (agents / "alpha-mine.md").read_text()
        assert "name: alpha-mine" in copy and "model: opus" in copy
        assert (agents / "alpha.md").read_text() == agent("alpha", "Theirs.")


async def test_deleted_with_unsaved_edits_stays_and_saving_recreates(
    make_app: AppFactory, agents: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app)
        row = main(app).query_one("#frontmatter-pane", FrontmatterPane).row("model")
        assert row is not None
        row.query_one(Select).value = "opus"
        await pilot.pause()
        (agents / "alpha.md").unlink()
        await wait_until(app, lambda: banner(app).display)
        assert "deleted on disk" in str(banner(app).query_one("#conflict-text").render())
        assert "alpha" in names(app)
        await pilot.press("ctrl+s")
        await wait_until(app, lambda: (agents / "alpha.md").exists() and not banner(app).display)
        assert "model: opus" in (agents / "alpha.md").read_text()


async def test_own_saves_do_not_come_back_as_changes(make_app: AppFactory, agents: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(app)
        row = main(app).query_one("#frontmatter-pane", FrontmatterPane).row("model")
        assert row is not None
        row.query_one(Select).value = "opus"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(app, lambda: not main(app).session.dirty())
        write(agents / "zulu.md", agent("zulu"))
        await wait_until(app, lambda: "zulu" in names(app))
        assert not banner(app).display


async def test_folder_created_after_launch(make_app: AppFactory, repo: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)):
        await settle(app)
        assert "No agents in reach" in str(
            main(app).query_one("#frontmatter-pane").query(".message").first().render()
        )
        write(repo / ".claude" / "agents" / "late.md", agent("late"))
        await wait_until(app, lambda: "late" in names(app), timeout=8)


async def test_burst_of_writes_ends_on_the_final_content(
    make_app: AppFactory, agents: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)):
        await settle(app)
        for index in range(60):
            (agents / "bravo.md").write_text(agent(f"bravo-{index}"))
        await wait_until(app, lambda: "bravo-59" in names(app))
        assert app.is_running
        assert sum("bravo" in line for line in tree_lines(app)) == 1


async def test_theme_file_edits_reapply(make_app: AppFactory, tmp_path: Path, agents: Path) -> None:
    theme = write(tmp_path / "config/themes/mine.yaml", "name: mine\nprimary: '#ff0000'\n")
    app = make_app()
    async with app.run_test(size=(160, 50)):
        await settle(app)
        app.theme = "mine"
        await settle(app)
        assert app.get_theme("mine").primary == "#ff0000"  # type: ignore[union-attr]
        theme.write_text("name: mine\nprimary: '#00ff00'\n")
        await wait_until(app, lambda: app.get_theme("mine").primary == "#00ff00")  # type: ignore[union-attr]
        assert app.theme == "mine"


def model_row_set(app: AgentUI, value: str) -> None:
    row = main(app).query_one("#frontmatter-pane", FrontmatterPane).row("model")
    assert row is not None
    row.query_one(Select).value = value


async def test_merge_when_my_fields_and_theirs_are_different(
    make_app: AppFactory, agents: Path
) -> None:
    path = agents / "alpha.md"
    theirs = (
        "---\nname: alpha\n# said elsewhere\ndescription:  'Changed elsewhere.'\n---\n\n# Alpha\n"
    )
    merged = theirs.replace("---\n\n# Alpha", "model: opus\n---\n\n# Alpha")
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app)
        model_row_set(app, "opus")
        await pilot.pause()
        path.write_text(theirs)
        await wait_until(app, lambda: banner(app).display)
        merge = banner(app).query_one("#merge", Button)
        assert merge.display and not merge.disabled
        banner(app).post_message(ConflictBanner.Chosen("merge"))
        await wait_until(app, lambda: isinstance(app.screen, MergeScreen))
        shown = str(app.screen.query_one("#diff Static", Static).render())
        assert "+model: opus" in shown
        assert "Changed elsewhere" not in "".join(
            line for line in shown.splitlines() if line.startswith(("+", "-"))
        ), "their change is the base of the merge, not part of the diff"
        await pilot.press("escape")
        await wait_until(app, lambda: not isinstance(app.screen, MergeScreen))
        assert banner(app).display and path.read_text() == theirs, "cancel merges nothing"
        banner(app).post_message(ConflictBanner.Chosen("merge"))
        await wait_until(app, lambda: isinstance(app.screen, MergeScreen))
        await pilot.click("#yes")
        await wait_until(app, lambda: not banner(app).display)
        buffer = main(app).session.get(main(app).current.path)  # type: ignore[union-attr]
        assert buffer is not None and buffer.dirty, "the merge is unsaved"
        assert buffer.current.text == merged
        assert path.read_text() == theirs
        await pilot.press("ctrl+s")
        await wait_until(app, lambda: not main(app).session.dirty())
        assert path.read_text() == merged, "saved over their file, no conflict"


async def test_no_merge_when_we_both_changed_one_field(make_app: AppFactory, agents: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app)
        model_row_set(app, "opus")
        await pilot.pause()
        (agents / "alpha.md").write_text(agent("alpha", extra="model: haiku\n", body="# Alpha\n"))
        await wait_until(app, lambda: banner(app).display)
        assert banner(app).query_one("#merge", Button).disabled
        text = str(banner(app).query_one("#conflict-text").render())
        assert "No merge: you and the file on disk both changed model" in text


async def test_renamed_with_unsaved_edits_offers_to_follow(
    make_app: AppFactory, agents: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app)
        model_row_set(app, "opus")
        await pilot.pause()
        os.rename(agents / "alpha.md", agents / "alpha-two.md")
        await wait_until(app, lambda: banner(app).display)
        assert "renamed to alpha-two.md" in str(banner(app).query_one("#conflict-text").render())
        assert banner(app).query_one("#follow").display
        banner(app).post_message(ConflictBanner.Chosen("follow"))
        await wait_until(app, lambda: main(app).current.path.name == "alpha-two.md")  # type: ignore[union-attr]
        assert not banner(app).display
        assert [r.path.name for r in main(app).records] == ["alpha-two.md", "bravo.md"]
        assert [b.path.name for b in main(app).session.dirty()] == ["alpha-two.md"]
        await pilot.press("ctrl+s")
        await wait_until(app, lambda: not main(app).session.dirty())
        assert "model: opus" in (agents / "alpha-two.md").read_text()
        assert not (agents / "alpha.md").exists()


async def test_renamed_with_unsaved_edits_declined_stays_deleted_on_disk(
    make_app: AppFactory, agents: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app)
        model_row_set(app, "opus")
        await pilot.pause()
        os.rename(agents / "alpha.md", agents / "alpha-two.md")
        await wait_until(app, lambda: banner(app).display)
        banner(app).post_message(ConflictBanner.Chosen("stay"))
        await wait_until(app, lambda: not banner(app).query_one("#follow").display)
        assert "deleted on disk" in str(banner(app).query_one("#conflict-text").render())
        assert main(app).current.path.name == "alpha.md"  # type: ignore[union-attr]
        assert {r.path.name for r in main(app).records} == {"alpha.md", "alpha-two.md", "bravo.md"}
        assert [b.path.name for b in main(app).session.dirty()] == ["alpha.md"]


async def test_clean_agent_renamed_on_disk_stays_selected(
    make_app: AppFactory, agents: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)):
        await settle(app)
        assert main(app).current.path.name == "alpha.md"  # type: ignore[union-attr]
        os.rename(agents / "alpha.md", agents / "zulu.md")
        await wait_until(app, lambda: main(app).current.path.name == "zulu.md")  # type: ignore[union-attr]
        assert [r.path.name for r in main(app).records] == ["bravo.md", "zulu.md"]
        assert not banner(app).display


async def test_rename_seen_in_two_batches_is_still_offered(
    make_app: AppFactory, agents: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = FakeSource()
    monkeypatch.setattr(live, "default_source", lambda roots, folders: source)
    old, new = agents / "alpha.md", agents / "alpha-two.md"
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app)
        model_row_set(app, "opus")
        await pilot.pause()
        os.rename(old, new)
        source.push([old])  # the deletion alone, as the periodic check can see it
        await wait_until(app, lambda: banner(app).display)
        assert "deleted on disk" in str(banner(app).query_one("#conflict-text").render())
        source.push([new])
        await wait_until(app, lambda: banner(app).query_one("#follow").display)
        assert "renamed to alpha-two.md" in str(banner(app).query_one("#conflict-text").render())


async def test_a_name_changed_on_disk_works_out_same_names_again(
    make_app: AppFactory, agents: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)):
        await settle(app)
        assert "same name" not in names(app)
        (agents / "bravo.md").write_text(agent("alpha", body="# Bravo\n"))
        await wait_until(app, lambda: "same name" in names(app))
        assert [r.name for r in main(app).records] == ["alpha", "alpha"]
        assert main(app).current.path.name == "alpha.md"  # type: ignore[union-attr]
        (agents / "bravo.md").write_text(agent("bravo", body="# Bravo\n"))
        await wait_until(app, lambda: "same name" not in names(app))


async def test_the_filter_finds_an_agent_by_its_name_changed_on_disk(
    make_app: AppFactory, agents: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app)
        (agents / "bravo.md").write_text(agent("zebra", body="# Bravo\n"))
        await wait_until(app, lambda: "zebra" in names(app))
        await pilot.press("slash", "z", "e", "b")
        await wait_until(app, lambda: main(app).current.path.name == "bravo.md")  # type: ignore[union-attr]
        assert "alpha" not in names(app)


async def test_agent_in_a_linked_folder_is_listed_under_the_link_and_follows_edits(
    make_app: AppFactory, agents: Path, repo: Path
) -> None:
    shared = repo / "shared-agents"
    write(shared / "x.md", agent("team-x", body="# Team X\n"))
    (agents / "team").symlink_to(Path("..") / ".." / "shared-agents")
    app = make_app()
    async with app.run_test(size=(160, 50)):
        await settle(app)
        assert "team-x" in names(app)
        record = next(r for r in main(app).records if r.name == "team-x")
        assert record.path == agents / "team" / "x.md", "the path is shown under the link"
        (shared / "x.md").write_text(agent("team-x-edited", body="# Team X two\n"))
        await wait_until(app, lambda: "team-x-edited" in names(app), timeout=10.0)
