"""``agentui set`` and ``agentui unset``: one surgical, atomic edit from the shell."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from agentui.model.edit import EditError, coerce_value, remove_field, set_field
from agentui.model.files import ConflictError, SaveError, load, save_bytes


def run_edit(file: str, field: str, value: str | None, out: TextIO, err: TextIO) -> int:
    """Set (``value`` given) or unset one field of one file; returns the exit code."""
    path = Path(file)
    if not path.exists() and not path.is_symlink():
        err.write(f"agentui: {file}: no such file\n")
        return 1
    document = load(path)
    if not document.readable:
        reason = document.diagnostics[0].message if document.diagnostics else "unreadable"
        err.write(f"agentui: {file}: {reason}\n")
        return 1
    try:
        if value is None:
            edited = remove_field(document, field)
        else:
            edited = set_field(document, field, coerce_value(document, field, value))
    except EditError as exc:
        err.write(f"agentui: {file}: {exc}\n")
        return 1
    if edited.text == document.text:
        out.write(f"{file}: '{field}' already has that value; nothing written\n")
        return 0
    warnings: list[str] = []
    try:
        save_bytes(path, edited.to_bytes(), document.snapshot, warnings=warnings)
    except ConflictError:
        err.write(
            f"agentui: {file}: changed on disk while agentui was editing it; nothing written\n"
        )
        return 1
    except SaveError as exc:
        err.write(f"agentui: {exc}\n")
        return 1
    before = document.text.splitlines()
    after = edited.text.splitlines()
    changed = sum(1 for a, b in zip(before, after, strict=False) if a != b) + abs(
        len(before) - len(after)
    )
    for warning in warnings:
        err.write(f"agentui: {file}: warning: {warning}\n")
    action = "removed" if value is None else "set"
    out.write(f"{file}: {action} '{field}' ({changed} line{'s' if changed != 1 else ''} changed)\n")
    return 0
