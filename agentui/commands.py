"""Command palette: "open agent…" over every agent in reach."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from agentui.model.catalog import AgentRecord
from agentui.model.text import one_line

if TYPE_CHECKING:
    from agentui.screens.main import MainScreen


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
            name = one_line(record.name, 80)
            yield DiscoveryHit(
                f"Open agent: {name}",
                partial(self._open, record),
                help=one_line(record.relative_path, 120),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for record in self._records():
            title = f"Open agent: {one_line(record.name, 80)}"
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self._open, record),
                    help=one_line(record.relative_path, 120),
                )
