"""Three-way merge of an agent's unsaved edits into the file as changed on disk.

The merge works field by field from the base (the file as it was read): when the fields I
changed and the fields they changed are different ones, my changes are applied to THEIR
file with the surgical edits of ``agentui.model.edit``, so their formatting, comments and
key order are kept. When we both changed one field differently, there is no merge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from agentui.model.document import AgentDocument
from agentui.model.edit import EditError, remove_field, replace_body, set_field

PROMPT = "the prompt"
"""How the body is named among the changed fields."""

_ABSENT = object()


@dataclass(frozen=True, slots=True)
class Merge:
    """The outcome of a three-way merge.

    Attributes:
        document: their file with my changes applied (its snapshot is theirs), or None when
            there is no merge.
        mine: the fields I changed from the base (``PROMPT`` for the body).
        theirs: the fields they changed from the base.
        problem: why there is no merge, in one sentence, or None.
    """

    document: AgentDocument | None
    mine: tuple[str, ...]
    theirs: tuple[str, ...]
    problem: str | None = None


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same types (YAML's ``1`` and ``true`` are not the same)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return bool(a == b)


def changed_fields(base: AgentDocument, other: AgentDocument) -> list[str]:
    """The fields whose value differs between two versions, in the order they appear.

    Args:
        base: the version as read.
        other: a later version.

    Returns:
        The keys added, removed or changed, then ``PROMPT`` when the body differs.
    """
    keys = dict.fromkeys([*base.fields, *other.fields])
    changed = [
        key
        for key in keys
        if not _same(base.fields.get(key, _ABSENT), other.fields.get(key, _ABSENT))
    ]
    if base.body != other.body:
        changed.append(PROMPT)
    return changed


def _agree(mine: AgentDocument, theirs: AgentDocument, key: str) -> bool:
    """Whether we both made the same change to ``key``."""
    if key == PROMPT:
        return mine.body == theirs.body
    return _same(mine.fields.get(key, _ABSENT), theirs.fields.get(key, _ABSENT))


def _listing(keys: list[str]) -> str:
    return ", ".join(keys[:-1]) + " and " + keys[-1] if len(keys) > 1 else keys[0]


def three_way(base: AgentDocument, mine: AgentDocument, theirs: AgentDocument) -> Merge:
    """Merge my edits and their change to one agent, when they touch different fields.

    Args:
        base: the file as read when the edits began (the buffer's saved document).
        mine: the edited version.
        theirs: the file as now on disk.

    Returns:
        The merge; ``document`` is None and ``problem`` says why when a field was changed
        differently by both, duplicated, or could not be written without changing another.
    """
    mine_changed = changed_fields(base, mine)
    their_changed = changed_fields(base, theirs)
    if not theirs.readable or not mine.readable:
        problem = "the file on disk cannot be read as text"
        return Merge(None, tuple(mine_changed), tuple(their_changed), problem)
    overlap = [k for k in mine_changed if k in their_changed and not _agree(mine, theirs, k)]
    if overlap:
        problem = f"you and the file on disk both changed {_listing(overlap)}"
        return Merge(None, tuple(mine_changed), tuple(their_changed), problem)
    merged = theirs
    for key in mine_changed:
        if key in their_changed:
            continue  # the same change on both sides: theirs already has it
        try:
            if key == PROMPT:
                merged = replace_body(merged, mine.body)
            elif key in mine.fields:
                merged = set_field(merged, key, mine.fields[key])
            elif merged.entry(key):
                merged = remove_field(merged, key)
        except EditError as exc:
            problem = f"{key} cannot be applied to the file on disk: {exc}"
            return Merge(None, tuple(mine_changed), tuple(their_changed), problem)
    return Merge(merged, tuple(mine_changed), tuple(their_changed))
