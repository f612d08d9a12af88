"""What a Pilot-driven app draws: its text and the styles under each character."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.style import Style
from textual.app import App


@dataclass(frozen=True, slots=True)
class Cell:
    """A run of characters drawn with one style."""

    x: int
    y: int
    text: str
    style: Style | None


def cells(app: App[object]) -> Iterator[Cell]:
    """Every styled run on the topmost screen, toasts and dialogs included."""
    strips = app.screen._compositor.render_strips()
    for y, strip in enumerate(strips):
        x = 0
        for segment in strip:
            yield Cell(x, y, segment.text, segment.style)
            x += segment.cell_length


def screen_text(app: App[object]) -> str:
    """The topmost screen as text, one line per row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def find_text(app: App[object], needle: str) -> tuple[int, int] | None:
    """Where ``needle`` starts on screen (column, row), or None."""
    for y, line in enumerate(screen_text(app).splitlines()):
        x = line.find(needle)
        if x >= 0:
            return x, y
    return None


def injected_actions(app: App[object]) -> list[str]:
    """Click actions and links on screen that came from file text (agentui adds none)."""
    found: list[str] = []
    for cell in cells(app):
        style = cell.style
        if style is None:
            continue
        click = (style.meta or {}).get("@click")
        if click and "app.quit" in str(click):
            found.append(f"@click={click} on {cell.text!r} at {cell.x},{cell.y}")
        if style.link and "evil" in style.link:
            found.append(f"link={style.link} on {cell.text!r} at {cell.x},{cell.y}")
        if style.bold and cell.text.strip() in ("B", "x"):
            found.append(f"bold markup applied to {cell.text!r} at {cell.x},{cell.y}")
    return found
