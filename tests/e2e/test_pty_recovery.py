"""The installed agentui, ended by a signal with unsaved edits, offers them again on restart."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.terminal import CTRL_Q, ENTER
from tests.e2e.test_user_journeys import ALPHA, Session, edit_name

BETA = "---\nname: beta\ndescription: Second agent.\n---\n\nBeta prompt.\n"
OFFER = "Unsaved edits from an earlier session"


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    running = Session(tmp_path)
    try:
        yield running
    finally:
        running.close()


def drafts(session: Session) -> list[Path]:
    folder = Path(session.env["AGENTUI_CONFIG_DIR"]) / "drafts"
    return sorted(folder.rglob("*.draft.json"))


def edit_both(session: Session) -> tuple[Path, Path]:
    """Start agentui and leave alpha and beta with unsaved edits (alphax, betay)."""
    alpha = session.write("alpha.md", ALPHA)
    beta = session.write("beta.md", BETA)
    t = session.start()
    t.expect_text("First agent.", "Claude Code subagent")
    edit_name(t, "alpha", "x")
    t.click_text("beta", at=1)  # back to the tree, on beta
    t.expect_text("Second agent.")
    edit_name(t, "beta", "y")
    return alpha, beta


def restart_and_restore(session: Session) -> None:
    """Start again: the drafts are offered; Restore makes both agents unsaved again."""
    session.close()
    t = session.start()
    t.expect_text(OFFER, "alpha.md", "beta.md", "the file is as it was")
    t.press(ENTER)  # Restore has the focus
    t.expect_gone(OFFER)
    t.expect_text("Restored the unsaved edits of 2 agent(s)")
    t.press(CTRL_Q)
    t.expect_text("Quit and lose the unsaved edits", "alpha.md", "beta.md")
    t.press("y")
    assert t.wait_exit(), "'y' quits"
    assert drafts(session) == [], "quitting without saving drops the drafts"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_termination_signal_flushes_the_drafts(session: Session, signum: int) -> None:
    alpha, beta = edit_both(session)
    t = session.terminal
    assert t is not None
    t.process.kill(signum)  # at once: sooner than the drafts' own delay after an edit
    assert t.wait_exit(), "agentui exits on the signal"
    assert t.process.exitstatus == 128 + signum, "it exited by itself, after writing drafts"
    texts = sorted(path.read_text() for path in drafts(session))
    assert len(texts) == 2
    assert "name: alphax" in texts[0] and "name: betay" in texts[1]
    assert (alpha.read_text(), beta.read_text()) == (ALPHA, BETA), "agent files untouched"
    restart_and_restore(session)
    assert (alpha.read_text(), beta.read_text()) == (ALPHA, BETA)


def test_drafts_are_on_disk_before_a_kill_nothing_can_catch(session: Session) -> None:
    alpha, beta = edit_both(session)
    t = session.terminal
    assert t is not None
    deadline = time.monotonic() + 10
    while len(drafts(session)) < 2 and time.monotonic() < deadline:
        t.pump(0.1)  # the drafts are written about a second after the last edit
    assert len(drafts(session)) == 2
    t.process.kill(signal.SIGKILL)
    assert t.wait_exit()
    restart_and_restore(session)
    assert (alpha.read_text(), beta.read_text()) == (ALPHA, BETA)
