"""Agents as files: create, duplicate, rename, move and delete, never overwriting anything."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from agentui.model.document import AgentDocument, parse_document
from agentui.model.edit import EditError, set_field
from agentui.model.files import SaveError, create_file
from agentui.model.render import double_quoted, plain_ok
from agentui.model.schema import CLAUDE_NAME_RE

MAX_NAME_LENGTH = 64
RESERVED_NAMES = {"con", "prn", "aux", "nul"} | {
    f"{p}{i}" for p in ("com", "lpt") for i in range(1, 10)
}


class OperationError(Exception):
    """A file operation that did not happen; nothing on disk changed."""


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be an agent's name and file name, or None when it can."""
    if not name:
        return "A name is required."
    if len(name.encode("utf-8")) > MAX_NAME_LENGTH:
        return f"At most {MAX_NAME_LENGTH} characters."
    if any(not ch.isascii() for ch in name):
        odd = next(ch for ch in name if not ch.isascii())
        return f"Only ASCII letters: {unicodedata.name(odd, hex(ord(odd)))!s} is not one."
    if not CLAUDE_NAME_RE.match(name):
        return "Use lowercase letters, digits and single hyphens, e.g. code-reviewer."
    if name in RESERVED_NAMES:
        return f"'{name}' is a reserved file name on Windows."
    return None


def target_path(folder: Path, name: str, suffix: str = ".md") -> Path:
    """The file for agent ``name`` in ``folder``, checked to stay inside it.

    Raises:
        OperationError: the name is not valid or would leave the folder.
    """
    problem = name_problem(name)
    if problem:
        raise OperationError(problem)
    if "\0" in name or "/" in name or "\\" in name or ":" in name or os.path.isabs(name):
        raise OperationError("A name cannot contain a path.")
    target = folder / f"{name}{suffix}"
    if target.parent.resolve() != folder.resolve():
        raise OperationError("The file would land outside the agents folder.")
    return target


def _scalar(value: str) -> str:
    return value if plain_ok(value) else double_quoted(value)


def new_agent_text(
    name: str,
    description: str,
    *,
    model: str | None = None,
    color: str | None = None,
    tools: list[str] | None = None,
    body: str = "",
) -> str:
    """The text of a new Claude Code agent file."""
    lines = ["---", f"name: {_scalar(name)}", f"description: {_scalar(description)}"]
    if tools:
        lines.append(f"tools: {_scalar(', '.join(tools))}")
    if model:
        lines.append(f"model: {_scalar(model)}")
    if color:
        lines.append(f"color: {_scalar(color)}")
    lines += ["---", "", body or f"You are {name}. Describe how this agent works here.", ""]
    return "\n".join(lines)


def create_agent(folder: Path, name: str, text: str) -> Path:
    """Write a new agent file ``<name>.md`` in ``folder`` (created if missing), never
    overwriting.

    Raises:
        OperationError: the name is invalid or the file exists.
    """
    target = target_path(folder, name)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        create_file(target, text.encode("utf-8"))
    except SaveError as exc:
        raise OperationError(str(exc)) from None
    return target


def _renamed(document: AgentDocument, new_name: str) -> AgentDocument:
    if document.name is None and "name" not in document.fields:
        return document
    try:
        return set_field(document, "name", new_name)
    except EditError as exc:
        raise OperationError(f"Cannot change the name: {exc}") from None


def duplicate_agent(document: AgentDocument, folder: Path, new_name: str) -> Path:
    """Copy an agent under a new name (the ``name`` field changes too)."""
    return create_agent(folder, new_name, _renamed(document, new_name).text)


def rename_agent(document: AgentDocument, path: Path, new_name: str) -> Path:
    """Rename an agent: the ``name`` field and the file name together.

    The new file is written first; the old one is removed only after that succeeded.

    Raises:
        OperationError: the new name is invalid or taken; nothing changed.
    """
    renamed = _renamed(document, new_name)
    target = target_path(
        path.parent, new_name, ".agent.md" if path.name.endswith(".agent.md") else ".md"
    )
    if target == path:
        raise OperationError("That is already its name.")
    try:
        create_file(target, renamed.to_bytes())
    except SaveError as exc:
        raise OperationError(str(exc)) from None
    _remove(path)
    return target


def move_agent(document: AgentDocument, path: Path, folder: Path) -> Path:
    """Move an agent file to another scope's folder, never overwriting.

    Raises:
        OperationError: a file of that name exists there; nothing changed.
    """
    target = folder / path.name
    if target.parent.resolve() != folder.resolve() if folder.exists() else False:
        raise OperationError("The file would land outside the agents folder.")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        create_file(target, document.to_bytes())
    except SaveError as exc:
        raise OperationError(str(exc)) from None
    _remove(path)
    return target


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise OperationError(
            f"The new file was written but {path} could not be removed: {exc}"
        ) from None


def delete_agent(path: Path) -> str:
    """Delete an agent file: to the system trash where one exists.

    Returns:
        "trash" or "deleted", saying where it went.

    Raises:
        OperationError: it could not be removed.
    """
    try:
        from send2trash import send2trash  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - send2trash is a dependency
        send2trash = None
    if send2trash is not None:
        try:
            send2trash(str(path))
            return "trash"
        except Exception:  # noqa: BLE001 - any trash failure falls back to unlinking
            pass
    try:
        path.unlink()
    except OSError as exc:
        raise OperationError(f"Could not delete {path.name}: {exc.strerror or exc}") from None
    return "deleted"


def reread(document: AgentDocument) -> AgentDocument:
    """The document parsed again from its own text (after an edit elsewhere)."""
    return parse_document(
        document.text, document.path, kind=document.kind, snapshot=document.snapshot
    )
