"""Command palette: "open agent…" over every agent in reach.

Agent names and paths come from files, so every string handed to the palette is a
``Content`` built from plain text: Textual would read a ``str`` as markup, where ``[/``
raises and ``[@click=…]`` becomes an action.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from agentui.model.catalog import AgentRecord
from agentui.model.text import one_line

if TYPE_CHECKING:
    from agentui.screens.main import MainScreen

NAME_LIMIT = 80
"""Most characters of an agent name a hit shows."""
PATH_LIMIT = 120
"""Most characters of a path a hit shows."""


def hit_title(record: AgentRecord) -> str:
    """The plain text of a hit: what the fuzzy matcher compares with the query."""
    return f"Open agent: {one_line(record.name, NAME_LIMIT)}"


def hit_display(title: str, record: AgentRecord, matcher: Matcher | None = None) -> Content:
    """A hit as literal content: the title (fuzzy matches marked) over the agent's path.

    The path is part of the display rather than the hit's ``help``, which Textual parses as
    markup.

    Args:
        title: the hit's plain text (``hit_title``).
        record: the agent.
        matcher: the query's matcher, to mark the characters that matched.

    Returns:
        Content that shows every character as itself.
    """
    content = Content(title)
    if matcher is not None:
        score, offsets = matcher.fuzzy_search.match(matcher.query, title)
        if score:
            for offset in offsets:
                if not title[offset].isspace():
                    content = content.stylize(matcher.match_style, offset, offset + 1)
    path = Content(one_line(record.relative_path, PATH_LIMIT)).stylize_before("dim")
    return Content("\n").join([content, path])


class AgentCommands(Provider):
    """Open any agent by name."""

    def _records(self) -> list[AgentRecord]:
        from agentui.screens.main import MainScreen

        screen = self.screen
        return list(screen.records) if isinstance(screen, MainScreen) else []

    def _open(self, record: AgentRecord) -> None:
        from agentui.screens.main import MainScreen

        screen: MainScreen | None = self.screen if isinstance(self.screen, MainScreen) else None
        if screen is not None:
            screen.open_record(record)

    async def discover(self) -> Hits:
        for record in self._records():
            title = hit_title(record)
            yield DiscoveryHit(hit_display(title, record), partial(self._open, record), text=title)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for record in self._records():
            title = hit_title(record)
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    hit_display(title, record, matcher),
                    partial(self._open, record),
                    text=title,
                )
