"""A second floor for first paint: agentui's first screen built from Textual's own widgets.

Usage: python benchmarks/widgets_floor.py FOLDER (ctrl+q quits)

A bare Textual app with none of agentui's code: a Header, an Input, a Tree holding the first
60 agent files under FOLDER/.claude/agents (files of a folder first, then its sub-folders,
by name, as agentui lists them; each named by its ``name:`` line, read without a YAML
parser), a Markdown widget with the first agent's prompt, and a Footer. Its first paint is
what any app pays to show that screen with these widgets; agentui's first paint beyond it is
agentui's own work (reading and judging the files, its form, its styles).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Input, Markdown, Tree

FIRST = 60
"""Agent files read before the first frame (agentui's first batch)."""
NAME_LINE = re.compile(r"^name:[ \t]*(.+?)[ \t]*$", re.MULTILINE)


def first_files(folder: Path, count: int) -> list[Path]:
    """The first ``count`` ``.md`` files under ``folder``: a folder's files, then its
    sub-folders, each by name."""
    found: list[Path] = []

    def walk(current: Path) -> None:
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if len(found) >= count:
                return
            if entry.is_file() and entry.name.endswith(".md"):
                found.append(Path(entry.path))
        for entry in entries:
            if len(found) < count and entry.is_dir():
                walk(Path(entry.path))

    walk(folder)
    return found


def read(path: Path) -> tuple[str, str]:
    """The name and the body of an agent file, without a YAML parser."""
    text = path.read_text(encoding="utf-8", errors="replace")
    parts = text.split("\n---", 1)
    match = NAME_LINE.search(parts[0])
    body = parts[1].split("\n", 1)[1] if len(parts) > 1 and "\n" in parts[1] else text
    return (match.group(1) if match else path.stem), body


class WidgetsFloorApp(App[None]):
    """agentui's first screen, drawn with Textual's widgets only."""

    CSS = """
    #tree-side { width: 38; border: round $primary; }
    #right { width: 1fr; }
    #preview { border: round $primary; height: 1fr; }
    """

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.agents = [read(p) for p in first_files(folder / ".claude" / "agents", FIRST)]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical(id="tree-side"):
                yield Input(placeholder="Filter")
                tree: Tree[None] = Tree("Project")
                tree.show_root = False
                for name, _ in self.agents:
                    tree.root.add_leaf(name)
                tree.root.expand()
                yield tree
            with Vertical(id="right"):
                yield Markdown(self.agents[0][1] if self.agents else "", id="preview")
        yield Footer()


if __name__ == "__main__":
    WidgetsFloorApp(Path(sys.argv[1] if len(sys.argv) > 1 else ".")).run()
