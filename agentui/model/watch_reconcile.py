"""Deciding what changed from the files themselves, given paths that may have changed."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

from agentui.model.discovery import is_agent_file_name, iter_agent_files
from agentui.model.files import is_temp_name
from agentui.model.watch_state import Change, FileState, file_state


def within(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or anywhere under it."""
    return path == folder or folder in path.parents


def _walk_roots(folder: Path, scope: tuple[Path, ...] | None) -> list[Path]:
    """The folders to walk to see every in-scope agent file under ``folder``."""
    if scope is None:
        return [folder]
    roots: list[Path] = []
    for scope_folder in scope:
        if within(scope_folder, folder):
            roots.append(scope_folder)
        elif within(folder, scope_folder):
            roots.append(folder)
    return [r for r in dict.fromkeys(roots) if not any(within(r, o) and r != o for o in roots)]


def agent_files_in(folder: Path, scope: tuple[Path, ...] | None) -> Iterator[Path]:
    """Every in-scope agent file under ``folder`` on disk now (none if it is not a folder)."""
    for root in _walk_roots(folder, scope):
        yield from iter_agent_files(root)


class Reconciler:
    """Decides what changed from the files themselves (stat and content hash), never from
    event kinds.

    It is not thread-safe: call it from one thread at a time.
    """

    def __init__(
        self,
        known: Mapping[Path, FileState] | None = None,
        *,
        folders: Iterable[Path] | None = None,
    ) -> None:
        """Start from the states already known, typically those of the loaded files.

        Args:
            known: path to state; ``FileState.from_snapshot`` builds one from a loaded
                document without reading the file again.
            folders: the scope folders. When given, a file outside all of them is never
                reported unless it is known (a watched parent such as ``.claude`` also holds
                ``CLAUDE.md`` and commands). Paths must be spelled as the watcher spells them.
        """
        self._known: dict[Path, FileState] = {p: s for p, s in (known or {}).items() if s.exists}
        self._expected: dict[Path, str] = {}
        self._scope = (
            tuple(Path(os.path.abspath(f)) for f in folders) if folders is not None else None
        )

    @property
    def known(self) -> Mapping[Path, FileState]:
        """The states known now, read-only."""
        return MappingProxyType(self._known)

    def track(self, state: FileState) -> None:
        """Record a path's state, e.g. after loading it; a missing state forgets the path."""
        if state.exists:
            self._known[state.path] = state
        else:
            self._known.pop(state.path, None)

    def forget(self, path: Path) -> None:
        """Stop knowing a path and drop any expected write to it."""
        self._known.pop(path, None)
        self._expected.pop(path, None)

    def expect_write(self, path: Path, sha256: str) -> None:
        """Announce agentui's own save, before writing, so its echo is not a change.

        The next state of ``path`` with this hash is taken silently and the expectation is
        consumed. A state with another hash is reported as usual (and drops the expectation),
        so an external write right after the save is still seen.

        Args:
            path: the path as watched.
            sha256: hex digest of the bytes being written.
        """
        self._expected[path] = sha256

    def reconcile(self, paths: Iterable[Path]) -> list[Change]:
        """Compare the candidate paths of one batch with the disk.

        Agent file names are looked at directly; temporary names are ignored; any other path
        is taken as a folder that may have appeared, vanished or moved, so every agent file
        under it on disk and every known path under it is looked at.

        Args:
            paths: the batch's candidate paths.

        Returns:
            The changes, sorted by path.
        """
        files: set[Path] = set()
        folders: list[Path] = []
        for path in paths:
            path = Path(path)
            if is_agent_file_name(path.name):
                files.add(path)
            elif not is_temp_name(path.name):
                folders.append(path)
        files.update(self._under(folders))
        return self._compare(files)

    def rescan(self, folders: Iterable[Path]) -> list[Change]:
        """Compare everything under ``folders`` with what is known.

        For the polling fallback, periodic checks, a folder created late, or after a burst.
        Known paths under the folders that vanished are reported deleted.

        Args:
            folders: the folders to walk, recursively.

        Returns:
            The changes, sorted by path.
        """
        return self._compare(self._under(list(folders)))

    def _under(self, folders: list[Path]) -> set[Path]:
        found: set[Path] = set()
        for folder in folders:
            found.update(p for p in self._known if within(p, folder))
            found.update(agent_files_in(folder, self._scope))
        return found

    def _in_scope(self, path: Path) -> bool:
        return self._scope is None or any(within(path, f) for f in self._scope)

    def _compare(self, paths: Iterable[Path]) -> list[Change]:
        changes: list[Change] = []
        for path in sorted(paths):
            old = self._known.get(path)
            if old is None and not self._in_scope(path):
                continue
            change = self._compare_one(path, old)
            if change is not None:
                changes.append(change)
        return changes

    def _compare_one(self, path: Path, old: FileState | None) -> Change | None:
        now = file_state(path, old)
        if not now.exists:
            if old is None:
                return None
            del self._known[path]
            return Change(path, "deleted", now, old)
        self._known[path] = now
        expected = self._expected.get(path)
        if expected is not None:
            if now.regular and now.sha256 == expected:
                del self._expected[path]
                return None
            if old is None or not now.same_content(old):
                del self._expected[path]
        if old is None:
            return Change(path, "added", now)
        if now.same_content(old):
            return None
        return Change(path, "modified", now, old)
