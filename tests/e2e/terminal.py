"""Drive the installed agentui in a real pseudo-terminal and read its screen (ptyprocess + pyte)."""

from __future__ import annotations

import os
import select
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ptyprocess
import pyte

# Keys as a terminal sends them.
UP = "\x1b[A"
DOWN = "\x1b[B"
RIGHT = "\x1b[C"
LEFT = "\x1b[D"
TAB = "\t"
SHIFT_TAB = "\x1b[Z"
ENTER = "\r"
ESCAPE = "\x1b"
BACKSPACE = "\x7f"
DELETE = "\x1b[3~"
HOME = "\x1b[H"
END = "\x1b[F"
F1 = "\x1bOP"
F2 = "\x1bOQ"
CTRL_B = "\x02"
CTRL_P = "\x10"
CTRL_Q = "\x11"
CTRL_S = "\x13"
CTRL_U = "\x15"
CTRL_Z = "\x1a"


def agentui_command() -> list[str]:
    """The installed console script, next to this Python."""
    script = Path(sys.executable).parent / "agentui"
    if script.exists():
        return [str(script)]
    found = shutil.which("agentui")
    return [found] if found else [sys.executable, "-m", "agentui"]


class Terminal:
    """agentui running in a pseudo-terminal, with a pyte screen following its output.

    Attributes:
        raw: every byte agentui wrote to the terminal, for checks on what reaches it.
    """

    def __init__(
        self,
        args: list[str],
        cwd: Path,
        env: dict[str, str],
        size: tuple[int, int] = (120, 40),
    ):
        columns, rows = size
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        full_env = {
            **os.environ,
            **env,
            "TERM": "xterm-256color",
            "COLUMNS": str(columns),
            "LINES": str(rows),
        }
        self.process = ptyprocess.PtyProcess.spawn(
            agentui_command() + args, cwd=str(cwd), env=full_env, dimensions=(rows, columns)
        )

    def text(self) -> str:
        """The screen as text, one line per row."""
        return "\n".join(self.screen.display)

    def pump(self, seconds: float = 0.05) -> None:
        """Read whatever output is ready."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self.process.isalive():
                self._drain()
                return
            try:
                ready, _, _ = select.select([self.process.fd], [], [], 0.02)
                if ready:
                    self._feed(self.process.read(65536))
            except EOFError:
                return

    def _feed(self, data: bytes) -> None:
        self.raw.extend(data)
        self.stream.feed(data)

    def _drain(self) -> None:
        """Read what a process that ended left in the terminal."""
        while True:
            try:
                ready, _, _ = select.select([self.process.fd], [], [], 0)
                if not ready:
                    return
                data = self.process.read(65536)
            except (EOFError, OSError):
                return
            if not data:
                return
            self._feed(data)

    def settle(self, quiet: float = 0.15, timeout: float = 5.0) -> None:
        """Read output until agentui has written nothing for ``quiet`` seconds: the keys sent
        so far are handled and drawn (a blinking cursor still leaves quiet gaps)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.isalive():
            size = len(self.raw)
            self.pump(quiet)
            if len(self.raw) == size:
                return
        raise AssertionError(f"agentui never went quiet for {quiet} s:\n{self.text()}")

    def wait_for(self, condition: Callable[[str], bool], timeout: float = 20.0) -> bool:
        """Pump output until ``condition(screen text)`` holds or ``timeout`` passes."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(0.05)
            if condition(self.text()):
                return True
        return False

    def expect(self, condition: Callable[[str], bool], what: str, timeout: float = 15.0) -> None:
        """Like ``wait_for``, but fail with ``what`` and the screen when it does not happen."""
        if not self.wait_for(condition, timeout):
            raise AssertionError(f"not within {timeout} s: {what}\n{self.text()}")

    def expect_text(self, *pieces: str, timeout: float = 15.0) -> None:
        """Wait until every piece of text is on screen."""
        self.expect(lambda s: all(p in s for p in pieces), f"{pieces!r} on screen", timeout)

    def expect_gone(self, *pieces: str, timeout: float = 10.0) -> None:
        """Wait until none of the pieces of text is on screen."""
        self.expect(lambda s: not any(p in s for p in pieces), f"{pieces!r} gone", timeout)

    def send(self, keys: str) -> None:
        """Type keys (raw bytes as text, e.g. '\\x11' for ctrl+q)."""
        self.process.write(keys.encode())

    def press(self, *keys: str, pause: float = 0.05) -> None:
        """Press keys one after another, reading the output in between."""
        for key in keys:
            self.send(key)
            self.pump(pause)

    def find(
        self, needle: str, row_has: str = "", row_lacks: str = "", after: int = 0
    ) -> tuple[int, int] | None:
        """Where ``needle`` starts on screen (column, row), right of column ``after``, on the
        first row that also shows ``row_has`` and not ``row_lacks``; None when not shown."""
        for row, line in enumerate(self.screen.display):
            column = line.find(needle, after)
            if column < 0 or row_has not in line or (row_lacks and row_lacks in line):
                continue
            return column, row
        return None

    def press_until(
        self, keys: tuple[str, ...], condition: Callable[[str], bool], what: str, tries: int = 10
    ) -> None:
        """Press ``keys`` until ``condition(screen text)`` holds (for keys that do nothing
        until a box has the focus, and are harmless to repeat)."""
        for _ in range(tries):
            self.press(*keys)
            if self.wait_for(condition, timeout=1.0):
                return
        raise AssertionError(f"pressing {keys!r} never gave: {what}\n{self.text()}")

    def expect_box_focused(self, needle: str, timeout: float = 10.0) -> None:
        """Wait until the bordered text box showing ``needle`` has the focus: its border is
        the only one drawn in the highlight colour."""

        def border(row: int) -> object:
            line = self.screen.display[row]
            return self.screen.buffer[row][line.index("▊")].fg

        def focused(_screen: str) -> bool:
            rows = [  # the middle row of each box, not its top or bottom edge
                y
                for y, line in enumerate(self.screen.display)
                if "▊" in line and line[line.index("▊") + 1 : line.index("▊") + 2] not in "▔▁"
            ]
            mine = [y for y in rows if needle in self.screen.display[y]]
            if not mine:
                return False
            others = {border(y) for y in rows if y not in mine}
            return bool(others) and border(mine[0]) not in others

        self.expect(focused, f"the box showing {needle!r} focused", timeout)

    def type_text(self, text: str) -> None:
        """Type ``text`` into the focused box, then read the output."""
        self.send(text)
        self.pump(0.05)

    def click_text(
        self,
        needle: str,
        at: int = 0,
        timeout: float = 10.0,
        row_has: str = "",
        row_lacks: str = "",
        after: int = 0,
    ) -> None:
        """Click (SGR mouse report) on character ``at`` of ``needle`` where it shows (see
        ``find`` for the other arguments)."""

        def where() -> tuple[int, int] | None:
            return self.find(needle, row_has, row_lacks, after)

        self.expect(lambda _s: where() is not None, f"{needle!r} to click", timeout)
        found = where()
        assert found is not None
        assert where is not None
        column, row = found[0] + at + 1, found[1] + 1
        self.send(f"\x1b[<0;{column};{row}M\x1b[<0;{column};{row}m")
        self.pump(0.05)

    def type_at_end_of(self, value: str, typed: str, after: int = 0, tries: int = 5) -> None:
        """Click just after ``value`` in a one-line text box and type ``typed`` there.

        The box's row shows ``value`` followed by blanks, right of column ``after``, and no
        ``✓`` (agentui's header and tree rows have one). A click, not a count of Tab presses:
        a form rebuilt meanwhile (the live view catching up) would swallow the keys.
        """
        for _ in range(tries):
            self.click_text(value + " ", at=len(value), row_lacks="✓", after=after)
            self.type_text(typed)
            if self.wait_for(lambda s: value + typed in s, timeout=2):
                return
        raise AssertionError(f"typing after {value!r} never showed:\n{self.text()}")

    def wait_exit(self, timeout: float = 10.0) -> bool:
        """Wait for agentui to end by itself; True when it did."""
        deadline = time.monotonic() + timeout
        while self.process.isalive() and time.monotonic() < deadline:
            self.pump(0.05)
        return not self.process.isalive()

    def close(self) -> None:
        """Quit agentui (ctrl+q) and make sure the process is gone."""
        if self.process.isalive():
            self.send(CTRL_Q)
            deadline = time.monotonic() + 5
            while self.process.isalive() and time.monotonic() < deadline:
                self.pump(0.1)
        if self.process.isalive():
            self.process.terminate(force=True)


def temporary_setup(base: Path) -> tuple[Path, Path, dict[str, str]]:
    """A repository, a home folder and the environment that keeps agentui inside them.

    Returns:
        The repository root, the home folder and environment variables for ``Terminal``.
    """
    repo = base / "repo"
    (repo / ".git").mkdir(parents=True)
    home = base / "home"
    home.mkdir()
    env = {
        "HOME": str(home),
        "AGENTUI_CONFIG_DIR": str(base / "config"),
        "XDG_DATA_HOME": str(base / "data"),  # the trash
        "XDG_CONFIG_HOME": str(base / "xdg-config"),
        "TMPDIR": str(base),  # where --demo copies its agents
    }
    return repo, home, env
