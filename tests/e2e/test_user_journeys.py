"""A user's-eye suite: the installed agentui in a pseudo-terminal, driven with keys (and a
click where a person would click), in a temporary HOME and repository.

Each test asserts on what is on screen and on the bytes on disk. Every wait is on a
condition with a deadline; there are no fixed sleeps.
"""

from __future__ import annotations

import difflib
import os
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.terminal import (
    CTRL_Q,
    CTRL_S,
    CTRL_U,
    DELETE,
    DOWN,
    END,
    ENTER,
    ESCAPE,
    F2,
    TAB,
    Terminal,
    temporary_setup,
)

SIZE = (140, 50)
LIVE_S = 10.0
"""Deadline for a change on disk to show: under 0.2 s on an idle machine; CI runners are not."""
FORM_READY = "── Read-only"
"""The tool picker's first group: shown only once the form's editors are built."""

ALPHA = "---\nname: alpha\ndescription: First agent.\n---\n\nAlpha prompt.\n"
BETA = (
    "---\n"
    "name: beta\n"
    "# reviewed by the platform team\n"
    "description: 'Reviews diffs: correctness, style and security'\n"
    "tools: [Read,Grep]\n"
    "model: sonnet\n"
    "x-team: {owner: platform}\n"
    "---\n"
    "\n"
    "# Beta\n"
    "\n"
    "Review carefully.   \r\n"
    "---\n"
    "no final newline"
)


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


class Session:
    """A repository, a home folder, and agentui running on them."""

    def __init__(self, base: Path) -> None:
        self.repo, self.home, self.env = temporary_setup(base)
        self.agents = self.repo / ".claude" / "agents"
        self.agents.mkdir(parents=True)
        self.terminal: Terminal | None = None

    def write(self, name: str, text: str) -> Path:
        path = self.agents / name
        path.write_bytes(text.encode("utf-8"))
        return path

    def start(self, *args: str, cwd: Path | None = None, **env: str) -> Terminal:
        self.terminal = Terminal(
            list(args), cwd=cwd or self.repo, env={**self.env, **env}, size=SIZE
        )
        return self.terminal

    def close(self) -> None:
        if self.terminal is not None:
            self.terminal.close()


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    running = Session(tmp_path)
    try:
        yield running
    finally:
        running.close()


def open_agent(t: Terminal, name: str, description: str) -> None:
    """Arrow down the tree until ``name``'s description shows in the frontmatter pane."""
    for _ in range(20):
        if t.wait_for(lambda s: description in s, timeout=0.6):
            return
        t.press(DOWN)
    raise AssertionError(f"{name} never opened:\n{t.text()}")


def edit_name(t: Terminal, name: str, typed: str) -> None:
    """Tab into the form, click at the end of the name field and type."""
    t.expect_text(FORM_READY)  # the editors are built once the selection rests
    t.press(TAB)  # into the frontmatter pane
    t.type_at_end_of(name, typed, after=SIZE[0] // 4)
    t.expect_text("unsaved")


def open_model_list(t: Terminal, current: str) -> None:
    """Tab into the form, then click the model field to open its list."""
    t.expect_text(FORM_READY)
    t.press(TAB)  # into the frontmatter pane
    for _ in range(5):
        t.click_text(current, row_has="▼", after=SIZE[0] // 4)
        if t.wait_for(lambda s: "opusplan" in s and "a model ID" in s, timeout=2):
            return
    raise AssertionError(f"the model list never opened:\n{t.text()}")


# Browse -------------------------------------------------------------------------------------------


def test_demo_browse_filter_and_quit(session: Session, tmp_path: Path) -> None:
    t = session.start("--demo", cwd=tmp_path)
    t.expect_text("code-reviewer", "translator", "security-auditor", "Claude Code subagent")
    demo = [p for p in tmp_path.iterdir() if p.name.startswith("agentui-demo-")]
    assert len(demo) == 1, "the demo is a copy in the temporary folder"
    assert (demo[0] / "project" / ".claude" / "agents" / "translator.md").exists()

    t.press("/")
    t.expect_text("Filter agents…")  # the filter box has the focus
    t.type_text("db-mig")
    t.expect(
        lambda s: "db-migration-helper" in s and "translator" not in s, "only the match listed"
    )
    t.expect_text("1/12")
    t.press(ENTER)  # back to the tree, on the match
    t.expect_text("db-migration-helper  ", ".claude/agents/data/db-migration-helper.md")

    t.press(ESCAPE)
    t.expect_text("code-reviewer", "translator")
    t.press(CTRL_Q)
    assert t.wait_exit(), "ctrl+q quits when nothing is unsaved"


def test_typing_an_agents_full_name_in_the_filter_selects_it(
    session: Session, tmp_path: Path
) -> None:
    t = session.start("--demo", cwd=tmp_path)
    t.expect_text("code-reviewer", "translator", "Claude Code subagent")
    t.press("/")
    t.expect_text("Filter agents…")
    t.type_text("translator")
    t.expect_text("translator")
    t.press(ENTER)
    t.expect_text("translator  ✓", ".claude/agents/translator.md", timeout=2)


# Edit and save ------------------------------------------------------------------------------------


def test_change_the_model_in_the_form_and_save(session: Session) -> None:
    session.write("alpha.md", ALPHA)
    beta = session.write("beta.md", BETA)
    t = session.start()
    t.expect_text("alpha", "beta", "First agent.")
    open_agent(t, "beta", "Reviews diffs: correctness")
    open_model_list(t, "sonnet")
    t.press(DOWN)  # sonnet -> opus
    t.press(ENTER)
    t.expect_text("unsaved")
    assert beta.read_bytes() == BETA.encode(), "nothing is written before ctrl+s"

    t.press(CTRL_S)
    t.expect_text("Saved beta.md")
    t.expect_gone("unsaved")
    after = beta.read_bytes()
    assert after == BETA.encode().replace(b"model: sonnet\n", b"model: opus\n")
    assert changed_lines(BETA, after.decode()) == ["-model: sonnet\n", "+model: opus\n"]
    assert sorted(os.listdir(session.agents)) == ["alpha.md", "beta.md"], "no temp file left"


def test_quit_with_unsaved_edits_asks_first(session: Session) -> None:
    alpha = session.write("alpha.md", ALPHA)
    t = session.start()
    t.expect_text("First agent.", "Claude Code subagent")
    edit_name(t, "alpha", "x")  # alphax: a valid name, unsaved

    t.press(CTRL_Q)
    t.expect_text("Quit and lose the unsaved edits", "alpha.md")
    t.press("n")
    t.expect_gone("Quit and lose the unsaved edits")
    assert t.process.isalive()

    t.press(CTRL_Q)
    t.expect_text("Quit and lose the unsaved edits")
    t.press("y")
    assert t.wait_exit(), "'y' quits"
    assert alpha.read_text() == ALPHA, "quitting without saving wrote nothing"


# Agents as files ----------------------------------------------------------------------------------


def test_create_rename_and_delete_an_agent(session: Session, tmp_path: Path) -> None:
    session.write("alpha.md", ALPHA)
    t = session.start()
    t.expect_text("First agent.", "Claude Code subagent")

    t.press("n")
    t.expect_text("New agent")
    t.expect_box_focused("name, e.g. code-reviewer")
    t.type_text("planner")
    t.press(TAB)
    t.expect_box_focused("description: when")
    t.type_text("Plans work, step by step.")
    t.expect_text("Plans work, step by step.")
    t.press(ENTER)
    created = session.agents / "planner.md"
    t.expect(lambda _s: created.exists(), "planner.md created")
    t.expect_text("Created planner.md", "Plans work, step by step.")
    text = created.read_text()
    assert text.startswith("---\nname: planner\ndescription: Plans work, step by step.\n---\n")

    t.press(F2)
    t.expect_text("Rename planner to:")
    t.press_until((END, CTRL_U), lambda s: "agent-name" in s, "the name box emptied")
    t.type_text("planner-two")
    t.expect_text("planner-two")
    t.press(ENTER)
    renamed = session.agents / "planner-two.md"
    t.expect(lambda _s: renamed.exists() and not created.exists(), "the file renamed")
    t.expect_text("Renamed to planner-two.")
    assert renamed.read_text() == text.replace("name: planner\n", "name: planner-two\n")

    t.expect_text("planner-two  ✓", ".claude/agents/planner-two.md")
    t.press(DELETE)
    t.expect_text("Delete this file?", "planner-two.md")
    t.press("y")
    t.expect(lambda _s: not renamed.exists(), "the file deleted")
    t.expect_text("moved to the trash")
    trashed = tmp_path / "data" / "Trash" / "files" / "planner-two.md"
    assert trashed.read_text() == renamed_text(text), "it went to the trash, not away"
    assert sorted(os.listdir(session.agents)) == ["alpha.md"]


def renamed_text(text: str) -> str:
    return text.replace("name: planner\n", "name: planner-two\n")


def test_external_editor_reload_keeps_another_agents_unsaved_edits(session: Session) -> None:
    """Case 71 through $EDITOR: a reloaded file full of markup, while another agent is dirty."""
    alpha = session.write("alpha.md", ALPHA)
    beta = session.write("beta.md", BETA)
    editor = session.repo.parent / "editor.py"
    hostile = "---\nname: beta\ndescription: 'a [/ b [bold]B[/bold] [@click=app.quit]Q[/]'\n---\n\nx [/ y\n"
    editor.write_text(
        textwrap.dedent(
            f"""
            import sys
            with open(sys.argv[1], "w", encoding="utf-8") as f:
                f.write({hostile!r})
            """
        )
    )
    t = session.start(VISUAL=f"{sys.executable} {editor}")
    t.expect_text("First agent.", "Claude Code subagent")
    edit_name(t, "alpha", "x")  # alpha has unsaved edits now
    t.click_text("beta", at=1)  # back to the tree, on beta
    t.expect_text("Reviews diffs: correctness")
    t.press("e")
    # Literal, in two pieces: the form may wrap the value where a scroll bar takes a column.
    t.expect_text("a [/ b [bold]B[/bold]", "[@click=app.quit]Q[/]", timeout=15)
    assert t.process.isalive()
    assert beta.read_text() == hostile
    t.expect(lambda s: "*" in s.split("alpha")[0].splitlines()[-1], "alpha still marked unsaved")
    t.press(CTRL_Q)
    t.expect_text("Quit and lose the unsaved edits", "alpha.md")
    t.press("y")
    assert t.wait_exit()
    assert alpha.read_text() == ALPHA


# Live reload -----------------------------------------------------------------------------------------


def test_a_change_from_outside_shows_up(session: Session) -> None:
    alpha = session.write("alpha.md", ALPHA)
    t = session.start()
    t.expect_text("First agent.", "Claude Code subagent")
    alpha.write_text(ALPHA.replace("First agent.", "Changed by another tool."))
    t.expect_text("Changed by another tool.", timeout=LIVE_S)
    (session.agents / "gamma.md").write_text(ALPHA.replace("alpha", "gamma"))
    t.expect_text("gamma", timeout=LIVE_S)


def _conflict(session: Session) -> tuple[Terminal, Path, bytes, bytes]:
    beta = session.write("beta.md", BETA)
    t = session.start()
    t.expect_text("Reviews diffs: correctness", "Claude Code subagent")
    open_model_list(t, "sonnet")
    t.press(DOWN)  # opus
    t.press(ENTER)
    t.expect_text("unsaved")
    theirs = BETA.replace("Reviews diffs", "Checks diffs").encode()
    beta.write_bytes(theirs)
    mine = BETA.replace("model: sonnet\n", "model: opus\n").encode()
    t.expect_text("changed on disk", timeout=LIVE_S)
    return t, beta, mine, theirs


def test_conflict_keep_mine(session: Session) -> None:
    t, beta, mine, _theirs = _conflict(session)
    t.click_text("Keep mine", at=1)
    t.expect(lambda _s: beta.read_bytes() == mine, "my version on disk")
    t.expect_gone("changed on disk", "unsaved")


def test_conflict_take_theirs(session: Session) -> None:
    t, beta, _mine, theirs = _conflict(session)
    t.click_text("Take theirs", at=1)
    t.expect_text("drop your unsaved edits")
    t.press("y")
    t.expect_text("Checks diffs")
    t.expect_gone("changed on disk", "unsaved")
    assert beta.read_bytes() == theirs
    t.press(CTRL_S)
    t.expect_text("No unsaved changes")
    assert beta.read_bytes() == theirs


def test_markup_arriving_from_outside_while_another_agent_is_dirty(session: Session) -> None:
    """Case 71 through the watcher: a stray '[/' reloads fine; the other agent keeps its edits."""
    alpha = session.write("alpha.md", ALPHA)
    beta = session.write("beta.md", BETA)
    t = session.start()
    t.expect_text("First agent.", "Claude Code subagent")
    edit_name(t, "alpha", "x")
    hostile = "---\nname: beta\ndescription: 'x [/ y [@click=app.quit]Q[/] [b]z[/b'\n---\n\n[/\n"
    beta.write_text(hostile)
    t.click_text("beta", at=1)
    t.expect_text("x [/ y [@click=app.quit]Q[/] [b]z[/b", timeout=LIVE_S)
    t.click_text("]Q[", at=1)  # clicking the would-be action does nothing
    t.settle()
    assert t.process.isalive()
    t.expect(lambda s: "*" in s.split("alpha")[0].splitlines()[-1], "alpha still marked unsaved")
    t.press(CTRL_Q)
    t.expect_text("Quit and lose the unsaved edits", "alpha.md")
    t.press("y")
    assert t.wait_exit()
    assert alpha.read_text() == ALPHA and beta.read_text() == hostile
