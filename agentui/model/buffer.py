"""An agent being edited: the file as on disk, the edited version, and the undo history."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agentui.model.document import AgentDocument, Snapshot
from agentui.model.edit import remove_field, replace_body, set_field


def text_diff(before: str, after: str, name: str) -> str:
    """A unified diff of two versions of a file (empty when they are equal)."""
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"{name} (on disk)",
            tofile=f"{name} (edited)",
        )
    )


@dataclass(slots=True)
class AgentBuffer:
    """Unsaved edits to one agent file.

    Attributes:
        path: the file.
        saved: the document as on disk (its snapshot is the save-time check).
        current: the document with the edits applied.
        undo_stack: earlier versions, most recent last, each with the field it changed.
    """

    path: Path
    saved: AgentDocument
    current: AgentDocument
    undo_stack: list[tuple[str, AgentDocument]] = field(default_factory=list)
    redo_stack: list[tuple[str, AgentDocument]] = field(default_factory=list)

    @classmethod
    def open(cls, path: Path, document: AgentDocument) -> AgentBuffer:
        """A buffer with no edits yet."""
        return cls(path, document, document)

    @property
    def dirty(self) -> bool:
        """Whether the edited text differs from the file as read."""
        return self.current.text != self.saved.text

    @property
    def snapshot(self) -> Snapshot | None:
        """The state on disk the edits are based on."""
        return self.saved.snapshot

    def _push(self, key: str, document: AgentDocument) -> bool:
        if document is self.current or document.text == self.current.text:
            return False
        last_key = self.undo_stack[-1][0] if self.undo_stack else None
        if last_key != key or key == "":
            self.undo_stack.append((key, self.current))
        self.redo_stack.clear()
        self.current = document
        return True

    def set_field(self, key: str, value: Any) -> bool:
        """Set a field; consecutive edits of one field undo together.

        Returns:
            Whether the text changed.

        Raises:
            EditError: the value cannot be written; nothing changes.
        """
        return self._push(key, set_field(self.current, key, value))

    def remove_field(self, key: str) -> bool:
        """Remove a field (nothing happens when it is absent)."""
        if key not in self.current.fields and not self.current.entry(key):
            return False
        return self._push(f"-{key}", remove_field(self.current, key))

    def replace_body(self, body: str) -> bool:
        """Replace the prompt; consecutive body edits undo together."""
        if body == self.current.body:
            return False
        return self._push("\0body", replace_body(self.current, body))

    def apply(self, document: AgentDocument, key: str = "") -> bool:
        """Take a whole new version (make portable, an external editor), undoable alone."""
        return self._push(key, document)

    def undo(self) -> bool:
        """Go back one edit; False when there is nothing to undo."""
        if not self.undo_stack:
            return False
        key, previous = self.undo_stack.pop()
        self.redo_stack.append((key, self.current))
        self.current = previous
        return True

    def redo(self) -> bool:
        """Redo the last undone edit."""
        if not self.redo_stack:
            return False
        key, following = self.redo_stack.pop()
        self.undo_stack.append((key, self.current))
        self.current = following
        return True

    def mark_saved(self, snapshot: Snapshot) -> None:
        """The edits are on disk now, as ``snapshot``."""
        self.saved = self.current.with_snapshot(snapshot)
        self.current = self.saved

    def diff(self) -> str:
        """The pending edits as a unified diff."""
        return text_diff(self.saved.text, self.current.text, self.path.name)
