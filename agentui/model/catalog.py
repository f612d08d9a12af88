"""All agents in reach, with shadowing and duplicate names worked out."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agentui.model.document import AgentDocument, DocumentSummary
from agentui.model.files import load
from agentui.model.scopes import Scope

KEPT_DOCUMENTS = 32
"""Whole documents kept in memory, the most recently used; any other is read again."""

_kept: OrderedDict[int, AgentRecord] = OrderedDict()
_kept_lock = threading.Lock()


class _WholeDocument:
    """``AgentRecord.document``: kept while recently used, else read from disk again.

    Thousands of agents' texts would fill the memory; the list needs only their summaries.
    """

    def __get__(self, record: AgentRecord | None, owner: Any = None) -> AgentDocument:
        if record is None:
            raise AttributeError("document")  # a dataclass field without a default
        document = record._document
        if document is None:
            scope = record.scope
            document = load(record.path, kind=None if scope.detect_kind else scope.kind)
            self.__set__(record, document)
        else:
            with _kept_lock:
                if id(record) in _kept:
                    _kept.move_to_end(id(record))
        return document

    def __set__(self, record: AgentRecord, document: AgentDocument) -> None:
        record._document = document
        record.summary = DocumentSummary.of(document)
        with _kept_lock:
            _kept[id(record)] = record
            _kept.move_to_end(id(record))
            while len(_kept) > KEPT_DOCUMENTS:
                _, oldest = _kept.popitem(last=False)
                oldest._document = None


@dataclass(eq=False, repr=False)
class AgentRecord:
    """One agent file in a scope.

    Attributes:
        scope: where it was found.
        path: the file.
        document: the file as read; only the most recently used records keep theirs in
            memory, the others read the file again when asked (blocking: a file read).
        summary: what the list of agents shows of the document, always kept.
        shadowed_by: the record that wins over this one (same name, higher precedence).
        duplicates: other files with the same name in the same scope.
        conflict: the file as changed on disk while it had unsaved edits (None when not).
        deleted_on_disk: the file was deleted while it had unsaved edits.
    """

    _document: AgentDocument | None = field(init=False, default=None, repr=False)
    """The whole document while kept (set before ``document``, which sets it)."""
    summary: DocumentSummary = field(init=False, repr=False)
    scope: Scope
    path: Path
    document: AgentDocument = _WholeDocument()  # type: ignore[assignment]
    shadowed_by: AgentRecord | None = None
    duplicates: list[Path] = field(default_factory=list)
    conflict: AgentDocument | None = None
    deleted_on_disk: bool = False

    def __repr__(self) -> str:
        # Never the document: reading it may read the file.
        return f"AgentRecord({str(self.path)!r}, scope={self.scope.label!r})"

    @property
    def in_memory(self) -> bool:
        """Whether ``document`` is kept in memory, so reading it does no IO."""
        return self._document is not None

    @property
    def name(self) -> str:
        """The name tools know the agent by (``plugin:agent`` for plugin agents)."""
        base = self.summary.display_name
        return f"{self.scope.plugin}:{base}" if self.scope.plugin else base

    @property
    def file_stem(self) -> str:
        """The file name without its agent suffix."""
        name = self.path.name
        for suffix in (".agent.md", ".md"):
            if name.endswith(suffix):
                return name[: -len(suffix)]
        return name

    @property
    def relative_path(self) -> str:
        """The path shown to people: under the scope's folder as people read it."""
        try:
            inside = self.path.relative_to(self.scope.folder)
        except ValueError:
            return str(self.path)
        return f"{self.scope.shown_as}/{inside}" if self.scope.shown_as else str(inside)


def link_records(records: list[AgentRecord]) -> list[AgentRecord]:
    """Mark shadowed agents and same-name files within a scope, in place."""
    by_name: dict[tuple[str, str], list[AgentRecord]] = defaultdict(list)
    for record in records:
        record.shadowed_by = None
        record.duplicates = []
        if record.summary.name:
            by_name[(str(record.scope.kind), record.name)].append(record)
    for group in by_name.values():
        if len(group) < 2:
            continue
        best = min(r.scope.precedence for r in group)
        winners = [r for r in group if r.scope.precedence == best]
        for record in group:
            if record.scope.precedence > best:
                record.shadowed_by = winners[0]
            same_scope = [r.path for r in group if r.scope == record.scope and r is not record]
            record.duplicates = same_scope
    return records


def load_catalog(scopes: list[Scope]) -> list[AgentRecord]:
    """Read every agent of every scope (blocking: call it from a worker)."""
    *_, (records, _complete) = iter_catalog(scopes, first=0)
    return records


def iter_catalog(
    scopes: list[Scope], *, first: int = 100
) -> Iterator[tuple[list[AgentRecord], bool]]:
    """Read every agent of every scope, yielding early so a screen can paint sooner.

    Args:
        scopes: the scopes, in precedence order.
        first: yield the first this-many agents before reading the rest (0: only at the end).

    Yields:
        (records so far, whether that is all of them): once after ``first`` agents, if there
        are more, then once with every agent, shadowing and duplicates worked out.
    """
    records: list[AgentRecord] = []
    seen: set[Path] = set()
    announced = first <= 0
    for scope in scopes:
        for path in scope.agent_files():
            key = path.absolute()
            if key in seen:
                continue
            seen.add(key)
            kind = None if scope.detect_kind else scope.kind
            document = load(path, kind=kind)
            if not document.readable and not os.path.lexists(path):
                continue  # deleted since the listing: not an agent any more (a broken link stays)
            records.append(AgentRecord(scope, path, document))
            if not announced and len(records) >= first:
                announced = True
                yield link_records(list(records)), False
    yield link_records(records), True
