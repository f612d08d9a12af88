"""Where agents live: the scopes Claude Code, GitHub Copilot and OpenCode read, in order."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from agentui.model.discovery import is_agent_file_name, iter_agent_files
from agentui.model.schema import Kind


@dataclass(frozen=True, slots=True)
class Scope:
    """A place agents are read from.

    Attributes:
        label: the name shown to people, as the tool names it (``Project``, ``User``...).
        kind: which tool reads it.
        folder: the folder the agents are under.
        precedence: lower wins when two agents of one kind share a name.
        read_only: whether agentui must not write there (plugins: an update replaces them).
        plugin: the plugin's name, for plugin scopes (agents show as ``plugin:agent``).
        files: an explicit list of files (a plugin manifest's ``agents``), else None.
        recursive: whether sub-folders are read too.
        detect_kind: whether each file's kind is guessed from its path and fields
            (a plain folder or file given on the command line).
        shown_as: the folder as people read it (``.claude/agents``, ``~/.claude/agents``).
        anchor: the repository, home or plugin folder the scope belongs to; watching never
            climbs above it.
    """

    label: str
    kind: Kind
    folder: Path
    precedence: int
    read_only: bool = False
    plugin: str | None = None
    files: tuple[Path, ...] | None = None
    recursive: bool = True
    detect_kind: bool = False
    shown_as: str = ""
    anchor: Path | None = None

    def agent_files(self) -> list[Path]:
        """The scope's agent files that exist now (a missing folder has none)."""
        if self.files is not None:
            return [f for f in self.files if f.exists() or f.is_symlink()]
        if not self.folder.is_dir():
            return []
        if self.recursive:
            files = list(iter_agent_files(self.folder))
        else:
            files = sorted(
                p for p in self.folder.iterdir() if is_agent_file_name(p.name) and not p.is_dir()
            )
        if self.kind is Kind.COPILOT and self.label.startswith("Copilot"):
            files = [f for f in files if f.name.endswith(".agent.md")] or files
        return files


def _plugin_scopes(home: Path) -> list[Scope]:
    manifest = home / ".claude" / "plugins" / "installed_plugins.json"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    plugins = data.get("plugins") if isinstance(data, dict) else None
    if not isinstance(plugins, dict):
        return []
    scopes: list[Scope] = []
    for full_name, installs in sorted(plugins.items()):
        name = str(full_name).split("@", 1)[0]
        for install in installs if isinstance(installs, list) else [installs]:
            if not isinstance(install, dict) or not isinstance(install.get("installPath"), str):
                continue
            root = Path(install["installPath"]).expanduser()
            scopes.append(_plugin_scope(name, root))
    return scopes


def _plugin_scope(name: str, root: Path) -> Scope:
    files: tuple[Path, ...] | None = None
    try:
        manifest = json.loads((root / ".claude-plugin" / "plugin.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = None
    listed = manifest.get("agents") if isinstance(manifest, dict) else None
    if isinstance(listed, str):
        listed = [listed]
    if isinstance(listed, list):
        paths = [(root / str(item)).resolve() for item in listed if isinstance(item, str)]
        expanded: list[Path] = []
        for path in paths:
            if path.is_dir():
                expanded.extend(iter_agent_files(path))
            else:
                expanded.append(path)
        files = tuple(expanded)
    return Scope(
        f"Plugin {name}", Kind.CLAUDE_CODE, root / "agents", 2, True, name, files, anchor=root
    )


def _shown(folder: Path, root: Path, home: Path) -> str:
    for base, prefix in ((root, ""), (home, "~/")):
        try:
            return prefix + str(folder.relative_to(base))
        except ValueError:
            continue
    return str(folder)


def repository_scopes(root: Path, home: Path) -> list[Scope]:
    """Every scope in reach from a repository, in Claude Code's precedence order, then the
    other tools' scopes."""
    return [
        replace(
            s,
            shown_as=_shown(s.folder, root, home),
            anchor=s.anchor or (root if s.folder.is_relative_to(root) else home),
        )
        for s in _repository_scopes(root, home)
    ]


def _repository_scopes(root: Path, home: Path) -> list[Scope]:
    scopes = [
        Scope("Project", Kind.CLAUDE_CODE, root / ".claude" / "agents", 0),
        Scope("User", Kind.CLAUDE_CODE, home / ".claude" / "agents", 1),
        *_plugin_scopes(home),
        Scope("Copilot project", Kind.COPILOT, root / ".github" / "agents", 0, recursive=False),
        Scope("Copilot user", Kind.COPILOT, home / ".copilot" / "agents", 1, recursive=False),
    ]
    for index, base in enumerate((root / ".opencode", home / ".config" / "opencode")):
        where = "project" if index == 0 else "user"
        for sub in ("agent", "agents"):
            scopes.append(Scope(f"OpenCode {where}", Kind.OPENCODE, base / sub, index))
    return scopes


def scopes_for_path(target: Path, home: Path) -> list[Scope]:
    """The scopes to show for ``agentui PATH``.

    A repository (or any folder holding ``.claude``, ``.github`` or ``.opencode``) gets
    every scope; another folder is one scope of its own; a file is a scope of one file.
    """
    target = target.resolve()
    if target.is_file():
        from agentui.model.document import detect_kind

        return [
            Scope(
                "File",
                detect_kind(target),
                target.parent,
                0,
                files=(target,),
                detect_kind=True,
                shown_as=target.parent.name,
                anchor=target.parent,
            )
        ]
    if any((target / marker).exists() for marker in (".git", ".claude", ".github", ".opencode")):
        return repository_scopes(target, home)
    from agentui.model.document import detect_kind

    return [
        Scope(
            "Folder",
            detect_kind(target / "x.md"),
            target,
            0,
            detect_kind=True,
            shown_as=target.name,
            anchor=target,
        )
    ]
