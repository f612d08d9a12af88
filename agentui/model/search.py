"""Finding agents by what a person types: names first, then paths, then descriptions.

A name or a path matches when it holds the query's letters in order (``dbmig`` finds
``db-migration-helper``); a description only when it holds the query as typed, so that a
few letters scattered through a long description do not match. Each agent's search text
is lowercased once, and a query that extends the previous one searches only the agents
that matched it.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

NAME_EXACT = 1000.0
NAME_START = 900.0
NAME_WORD = 800.0
NAME_INSIDE = 700.0
NAME_LETTERS = 500.0
PATH_INSIDE = 400.0
PATH_LETTERS = 300.0
DESCRIPTION = 200.0
"""Scores of the ways to match, best first; within one way, closer matches score higher."""

_WORD_BREAKS = frozenset(" -_.:/@")


@dataclass(frozen=True, slots=True)
class SearchText:
    """What an agent is found by, lowercased.

    Attributes:
        name: the name tools know it by.
        path: the file's path under its scope's folder.
        description: the ``description`` field.
    """

    name: str
    path: str
    description: str

    @classmethod
    def of(cls, name: str, path: str, description: str | None) -> SearchText:
        """The search text of an agent."""
        return cls(name.lower(), path.lower(), (description or "").lower())


@dataclass(frozen=True, slots=True)
class Match:
    """An agent that matches a query.

    Attributes:
        index: the agent's position in the searched list.
        score: how well it matches (higher is better).
        name_offsets: the characters of the name that match, to highlight.
    """

    index: int
    score: float
    name_offsets: tuple[int, ...]


def _letters(query: str, text: str) -> tuple[int, ...] | None:
    """Where the query's letters are found in order in ``text`` (leftmost), or None."""
    offsets: list[int] = []
    position = 0
    for letter in query:
        position = text.find(letter, position)
        if position < 0:
            return None
        offsets.append(position)
        position += 1
    return tuple(offsets)


def _closeness(offsets: tuple[int, ...]) -> float:
    """Between 0 and 99: how tightly the matched letters sit together."""
    span = offsets[-1] - offsets[0] + 1
    return 99.0 * len(offsets) / span


def match(query: str, text: SearchText) -> tuple[float, tuple[int, ...]] | None:
    """How well one agent matches a lowercased query.

    Returns:
        The score and the name's matching offsets, or None when it does not match.
    """
    name = text.name
    at = name.find(query)
    if at >= 0:
        offsets = tuple(range(at, at + len(query)))
        # Shorter names first among equals: the query is more of them.
        shorter = 1.0 - min(len(name), 99) / 100
        if len(name) == len(query):
            return NAME_EXACT, offsets
        if at == 0:
            return NAME_START + shorter, offsets
        if name[at - 1] in _WORD_BREAKS:
            return NAME_WORD + shorter, offsets
        return NAME_INSIDE + shorter, offsets
    if len(query) > 1:
        letters = _letters(query, name)
        if letters is not None:
            return NAME_LETTERS + _closeness(letters), letters
    path = text.path
    if query in path:
        return PATH_INSIDE, ()
    if len(query) > 1:
        letters = _letters(query, path)
        if letters is not None:
            return PATH_LETTERS + _closeness(letters), ()
    at = text.description.find(query)
    if at >= 0:
        return DESCRIPTION + 99.0 / (1 + at / 100), ()
    return None


class Search:
    """Ranked, incremental search over a fixed list of agents.

    Args:
        texts: each agent's search text, in list order.
    """

    def __init__(self, texts: Sequence[SearchText]) -> None:
        self.texts = texts
        self._query = ""
        self._matches: list[Match] = []

    def find(self, query: str) -> list[Match]:
        """Every agent matching ``query`` (case-insensitive), in list order.

        A query that extends the previous one only looks at the agents that matched it:
        an agent that lacks ``ab`` also lacks ``abc``.
        """
        query = query.strip().lower()
        if not query:
            self._query, self._matches = "", []
            return []
        candidates: Sequence[int]
        if self._query and query.startswith(self._query):
            candidates = [m.index for m in self._matches]
        else:
            candidates = range(len(self.texts))
        found: list[Match] = []
        texts = self.texts
        for index in candidates:
            result = match(query, texts[index])
            if result is not None:
                found.append(Match(index, result[0], result[1]))
        self._query, self._matches = query, found
        return found


def best(matches: Sequence[Match], count: int) -> list[Match]:
    """The ``count`` best matches, best first (list order among equals)."""
    return heapq.nsmallest(count, matches, key=lambda m: (-m.score, m.index))
