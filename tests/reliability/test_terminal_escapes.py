"""Case 73: escape sequences in a file never reach the terminal raw.

The installed agentui runs in a pseudo-terminal; every byte it writes is recorded
(``Terminal.raw``). Names, descriptions, bodies and file names carry OSC 52 (clipboard),
OSC 8 (hyperlink), OSC 0 (window title), CSI and 8-bit CSI payloads. None of their bytes may
appear in the output; they show as visible placeholders (``␛``) instead.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.e2e.terminal import CTRL_S, DELETE, DOWN, TAB, Terminal, temporary_setup

PAYLOADS = {
    "OSC 52 clipboard": "\x1b]52;c;cHduZWQ=\x07",
    "OSC 8 hyperlink": "\x1b]8;;https://e\x1b\\",
    "CSI erase screen": "\x1b[2J",
    "8-bit CSI": "\x9b31m",
    "OSC 0 window title": "\x1b]0;T\x07",
    "CSI report cursor": "\x1b[6n",
    "DCS": "\x1bPq#0\x1b\\",
}
"""What a file may hold; ESC, BEL and C1 characters are all valid UTF-8 text."""

SIGNATURES = {
    "OSC 52 clipboard": b"\x1b]52;",
    "OSC 8 hyperlink": b"\x1b]8;;https://e",
    "CSI erase screen": b"\x1b[2J",
    "8-bit CSI": b"\xc2\x9b",
    "OSC 0 window title": b"\x1b]0;",
    "CSI report cursor": b"\x1b[6n",
    "DCS": b"\x1bPq",
}
"""The start of each payload as it would reach the terminal. Textual itself writes none of
these, so finding one means file text got through (Rich drops the BEL, not the ESC)."""


def _yaml_escaped(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (\\e, \\a and \\x escapes)."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\x1b":
            out.append("\\e")
        elif ch == "\x07":
            out.append("\\a")
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _leaks(raw: bytes) -> list[str]:
    found = [what for what, signature in SIGNATURES.items() if signature in raw]
    found += [f"{what} (whole)" for what, p in PAYLOADS.items() if p.encode() in raw]
    return found


def _start(tmp_path: Path) -> tuple[Terminal, Path]:
    repo, _home, env = temporary_setup(tmp_path)
    terminal = Terminal([], cwd=repo, env=env, size=(160, 60))
    return terminal, repo / ".claude" / "agents"


def test_payloads_in_name_description_and_body_stay_visible_placeholders(
    tmp_path: Path,
) -> None:
    everything = " ".join(PAYLOADS.values())
    agents = tmp_path / "repo" / ".claude" / "agents"
    agents.mkdir(parents=True)
    (agents / "a-payloads.md").write_text(
        f"---\nname: {_yaml_escaped('evil ' + everything)}\n"
        f"description: {_yaml_escaped('Describes ' + everything)}\n"
        f"x-note: {_yaml_escaped(everything)}\n"
        f"---\n\n# Body heading\n\nBody {everything} end\n",
        encoding="utf-8",
    )
    terminal, _ = _start(tmp_path)
    try:
        terminal.expect_text("evil ␛]52;c;cHduZWQ=", "Body heading", "Claude Code subagent")
        terminal.expect_text("── Read-only")  # the form's editors are built
        terminal.press("r")  # the raw file view (the tree has the focus)
        terminal.expect_text("Raw file")
        terminal.expect_text("␛]8;;https://e␛\\")
        terminal.press("r")
        terminal.expect_gone("Raw file")
        screen = terminal.text()
        assert "␛[2J" in screen and "<U+009B>31m" in screen
    finally:
        terminal.close()
    assert _leaks(bytes(terminal.raw)) == []


def _agent_with_a_payload_file_name(tmp_path: Path) -> tuple[Terminal, Path]:
    agents = tmp_path / "repo" / ".claude" / "agents"
    agents.mkdir(parents=True)
    name = "b" + "".join(v for v in PAYLOADS.values() if "/" not in v) + ".md"
    path = agents / name
    path.write_text("---\nname: bfile\ndescription: Payload in the file name.\n---\n\nHi\n")
    (agents / "a-first.md").write_text("---\nname: a-first\ndescription: First.\n---\n\nA\n")
    terminal, _ = _start(tmp_path)
    terminal.expect_text("a-first", "bfile", "Claude Code subagent")
    terminal.press(DOWN)
    terminal.expect_text("Payload in the file name.", "── Read-only")
    return terminal, path


def test_payload_file_name_in_the_save_toast_never_reaches_the_terminal(tmp_path: Path) -> None:
    terminal, path = _agent_with_a_payload_file_name(tmp_path)
    try:
        before = len(terminal.raw)
        terminal.press(TAB)  # the frontmatter pane
        terminal.type_at_end_of("bfile", "x", after=40)  # bfilex: still a valid name
        terminal.expect_text("unsaved")
        assert _leaks(bytes(terminal.raw)) == [], "leaked before the save"
        terminal.press(CTRL_S)
        terminal.expect_text("Saved")
        terminal.settle()
        assert "name: bfilex\n" in path.read_text()
    finally:
        terminal.close()
    assert before > 0
    assert _leaks(bytes(terminal.raw)) == []


def test_payload_file_name_in_the_delete_toast_never_reaches_the_terminal(
    tmp_path: Path,
) -> None:
    terminal, path = _agent_with_a_payload_file_name(tmp_path)
    try:
        terminal.press(DELETE)
        terminal.expect_text("Delete this file?")
        assert _leaks(bytes(terminal.raw)) == [], "leaked before the delete"
        terminal.press("y")
        terminal.expect(lambda _s: not os.path.lexists(path), "the file deleted")
        terminal.expect_text("moved to the trash")
        terminal.settle()
    finally:
        terminal.close()
    assert _leaks(bytes(terminal.raw)) == []


def test_payload_in_a_broken_symlink_target_never_reaches_the_terminal(tmp_path: Path) -> None:
    agents = tmp_path / "repo" / ".claude" / "agents"
    agents.mkdir(parents=True)
    os.symlink(
        PAYLOADS["OSC 52 clipboard"] + PAYLOADS["CSI erase screen"] + "gone", agents / "c.md"
    )
    terminal, _ = _start(tmp_path)
    try:
        terminal.expect_text("Broken symlink")
        terminal.settle()
    finally:
        terminal.close()
    assert _leaks(bytes(terminal.raw)) == []
