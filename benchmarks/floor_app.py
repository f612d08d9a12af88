"""The floor for first paint: a bare Textual app that draws one Label and nothing else.

Usage: python benchmarks/floor_app.py [TEXT] (ctrl+q quits)
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Label


class FloorApp(App[None]):
    """One Label: what any Textual app pays before its first frame."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Label(self.text)


if __name__ == "__main__":
    FloorApp(sys.argv[1] if len(sys.argv) > 1 else "floor ready").run()
