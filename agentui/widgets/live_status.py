"""One line under the panes saying that live updates are paused, and why."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from agentui.model.text import one_line


class LiveStatus(Static):
    """Hidden while the file watcher runs; shown while it waits to be restarted."""

    def show_paused(self, reason: str, retry_s: float, check_s: float) -> None:
        """Say that live updates are paused.

        Args:
            reason: why the watcher stopped (an error message from the watcher).
            retry_s: seconds until the next restart.
            check_s: how often files are still checked meanwhile.
        """
        text = Text()
        text.append("Live updates paused: ", style="bold")
        text.append(one_line(reason, 120))
        text.append(f". Restarting in {retry_s:g} s; files are checked every {check_s:g} s.")
        self.update(text)
        self.display = True

    def show_running(self) -> None:
        """Live updates run again: hide the line."""
        self.update("")
        self.display = False
