"""The editing session: one buffer per agent with unsaved edits, and saving them."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from agentui.model.buffer import AgentBuffer
from agentui.model.document import AgentDocument, Snapshot
from agentui.model.files import ConflictError, create_file, save_bytes


class EditSession:
    """Unsaved edits of every agent, kept while the user moves between agents."""

    def __init__(self) -> None:
        self.buffers: dict[Path, AgentBuffer] = {}
        self._locks: dict[Path, threading.Lock] = {}
        self._guard = threading.Lock()

    def buffer(self, path: Path, document: AgentDocument) -> AgentBuffer:
        """The buffer of ``path``, opened on ``document`` when there is none yet."""
        found = self.buffers.get(path)
        if found is None:
            found = AgentBuffer.open(path, document)
            self.buffers[path] = found
        return found

    def get(self, path: Path) -> AgentBuffer | None:
        """The buffer of ``path``, if one is open."""
        return self.buffers.get(path)

    def dirty(self) -> list[AgentBuffer]:
        """Buffers with unsaved edits."""
        return [b for b in self.buffers.values() if b.dirty]

    def set_field(self, path: Path, document: AgentDocument, key: str, value: Any) -> AgentBuffer:
        """Set a field of an agent (raises EditError for a value that cannot be written)."""
        buffer = self.buffer(path, document)
        buffer.set_field(key, value)
        return buffer

    def remove_field(self, path: Path, document: AgentDocument, key: str) -> AgentBuffer:
        """Remove a field of an agent."""
        buffer = self.buffer(path, document)
        buffer.remove_field(key)
        return buffer

    def discard(self, path: Path) -> None:
        """Drop the buffer of ``path`` and its edits."""
        self.buffers.pop(path, None)

    def reopen(self, path: Path, document: AgentDocument) -> AgentBuffer:
        """Replace the buffer of ``path`` with the file as now read (edits dropped)."""
        self.buffers[path] = AgentBuffer.open(path, document)
        return self.buffers[path]

    def recreate(self, path: Path) -> Snapshot:
        """Write the buffer of a file deleted on disk, never over a file recreated meanwhile.

        Raises:
            ConflictError: another file appeared at ``path``.
            SaveError: the file could not be created.
        """
        with self._guard:
            lock = self._locks.setdefault(path, threading.Lock())
        with lock:
            buffer = self.buffers[path]
            current = buffer.current
            if path.exists() or path.is_symlink():
                raise ConflictError(f"{path} was created again on disk")
            snapshot = create_file(path, current.to_bytes())
            buffer.mark_saved(snapshot)
            return snapshot

    def save(
        self,
        path: Path,
        *,
        force: bool = False,
        folder: Path | None = None,
        confirmed_target: Path | None = None,
        warnings: list[str] | None = None,
    ) -> Snapshot:
        """Write the buffer of ``path`` (blocking: call it from a worker).

        Saves of one file are serialised; each writes the buffer as it is when its turn
        comes, so the last edit always lands.

        Args:
            path: the agent file.
            force: write even if the file changed on disk since it was read.
            folder: the agents folder of ``path`` (see ``files.save_bytes``).
            confirmed_target: the resolved target outside ``folder`` the user agreed to.
            warnings: receives what the saved file could not keep (group, attributes).

        Raises:
            ConflictError: the file changed on disk since it was read.
            TargetOutsideError: ``path`` leads outside ``folder``, not confirmed.
            ReadOnlyError: the file or its folder may not be written.
            SaveError: the save did not happen; the file is untouched.
        """
        with self._guard:
            lock = self._locks.setdefault(path, threading.Lock())
        with lock:
            buffer = self.buffers[path]
            current = buffer.current
            snapshot = save_bytes(
                path,
                current.to_bytes(),
                buffer.snapshot,
                force=force,
                folder=folder,
                confirmed_target=confirmed_target,
                warnings=warnings,
            )
            if buffer.current is current:
                buffer.mark_saved(snapshot)
            else:
                buffer.saved = current.with_snapshot(snapshot)
            return snapshot
