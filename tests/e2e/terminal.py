"""Drive the installed agentui in a real pseudo-terminal and read its screen (ptyprocess + pyte)."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ptyprocess
import pyte


def agentui_command() -> list[str]:
    """The installed console script, next to this Python."""
    script = Path(sys.executable).parent / "agentui"
    if script.exists():
        return [str(script)]
    found = shutil.which("agentui")
    return [found] if found else [sys.executable, "-m", "agentui"]


class Terminal:
    """agentui running in a pseudo-terminal, with a pyte screen following its output."""

    def __init__(
        self, args: list[str], cwd: Path, env: dict[str, str], size: tuple[int, int] = (120, 40)
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
                return
            try:
                import select

                ready, _, _ = select.select([self.process.fd], [], [], 0.02)
                if ready:
                    data = self.process.read(65536)
                    self.raw.extend(data)
                    self.stream.feed(data)
            except EOFError:
                return

    def wait_for(self, condition: Callable[[str], bool], timeout: float = 20.0) -> bool:
        """Pump output until ``condition(screen text)`` holds or ``timeout`` passes."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(0.1)
            if condition(self.text()):
                return True
        return False

    def send(self, keys: str) -> None:
        """Type keys (raw bytes as text, e.g. '\\x11' for ctrl+q)."""
        self.process.write(keys.encode())

    def close(self) -> None:
        """Quit agentui (ctrl+q) and make sure the process is gone."""
        if self.process.isalive():
            self.send("\x11")
            deadline = time.monotonic() + 5
            while self.process.isalive() and time.monotonic() < deadline:
                self.pump(0.1)
        if self.process.isalive():
            self.process.terminate(force=True)
