"""Helpers for the reliability tests: the app over temporary folders, and an unprivileged child."""

from __future__ import annotations

import inspect
import json
import os
import pwd
import shutil
import site
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from agentui.app import AgentUI
from agentui.model.scopes import repository_scopes
from agentui.settings import Settings
from tests.ui.conftest import settle

__all__ = ["settle"]

REPO_ROOT = Path(__file__).resolve().parents[2]


def agent_text(
    name: str, description: str = "Does things.", extra: str = "", body: str = ""
) -> str:
    """A simple Claude Code agent file."""
    return f"---\nname: {name}\ndescription: {description}\n{extra}---\n\n{body or 'Prompt.'}\n"


def write(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path``, creating its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def build_app(repo: Path, home: Path, config: Path, *, watch: bool = False) -> AgentUI:
    """The app over ``repo`` and ``home``, by default without the live watcher.

    Most of these tests are about what agentui shows and writes; the watcher has its own.
    """
    options: dict[str, Any] = {}
    if "watch" in inspect.signature(AgentUI).parameters:
        options["watch"] = watch
    return AgentUI(repository_scopes(repo, home), Settings.load(config), subtitle="test", **options)


# An unprivileged child process ----------------------------------------------------------

CHILD_PRELUDE = """
import json, os, site, sys
for _folder in {site_dirs!r}:
    site.addsitedir(_folder)  # .pth files too: an editable install maps agentui.themes
sys.path.insert(0, {repo!r})
"""


def unprivileged_user() -> tuple[int, int] | None:
    """The (uid, gid) to drop to: nobody's, when running as root; None when already not root."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam("nobody")
        return entry.pw_uid, entry.pw_gid
    except KeyError:
        return 65534, 65534


def _spare_group(exclude: set[int]) -> int:
    """A group id that is neither root's nor nobody's, for group-ownership tests."""
    for gid in (100, 4242, 31337):
        if gid not in exclude:
            return gid
    raise AssertionError("no spare group id")  # pragma: no cover


class Unprivileged:
    """Runs Python snippets as an unprivileged user, in a folder that user owns.

    Attributes:
        folder: a fresh folder the child can write in (its files belong to the child's user).
        uid, gid: the child's ids.
        spare_gid: a group the child is a member of, besides its own.
        foreign_gid: a group the child is not a member of.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        ids = unprivileged_user()
        self.dropping = ids is not None
        self.uid, self.gid = ids if ids is not None else (os.getuid(), os.getgid())
        self.spare_gid = _spare_group({0, self.gid}) if self.dropping else self.gid
        self.foreign_gid = 0
        self.python = sys.executable
        self.site_dirs: list[str] = []

    def own(self, path: Path, gid: int | None = None) -> Path:
        """Give ``path`` to the child's user (and ``gid``)."""
        if self.dropping:
            os.chown(path, self.uid, self.gid if gid is None else gid, follow_symlinks=False)
        return path

    def write(self, relative: str, data: bytes, mode: int = 0o644, gid: int | None = None) -> Path:
        """A file under ``folder``, owned by the child's user, with ``mode``."""
        path = self.folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        self.own(path.parent)
        path.write_bytes(data)
        self.own(path, gid)
        os.chmod(path, mode)
        return path

    def _drop(self) -> None:  # runs in the child, before exec
        os.setgroups([self.gid, self.spare_gid])
        os.setgid(self.gid)
        os.setuid(self.uid)

    def run(self, body: str, *args: str, timeout: float = 60) -> Any:
        """Run ``body`` (Python, with ``args`` in sys.argv[1:]) as the child; return what it
        printed last, as JSON."""
        code = CHILD_PRELUDE.format(repo=str(REPO_ROOT), site_dirs=self.site_dirs) + body
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.folder),
            "PYTHONDONTWRITEBYTECODE": "1",
            "LANG": "C.UTF-8",
            "XDG_DATA_HOME": str(self.folder / ".local-share"),
        }
        proc = subprocess.run(
            [self.python, "-s", "-c", code, *args],
            cwd=self.folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=self._drop if self.dropping else None,
        )
        if proc.returncode != 0:
            raise AssertionError(f"the unprivileged child failed:\n{proc.stdout}\n{proc.stderr}")
        return json.loads(proc.stdout.strip().splitlines()[-1])

    def usable(self) -> str | None:
        """Why the child cannot run agentui here, or None when it can.

        The test interpreter may live where the unprivileged user cannot go (a venv made
        from a Python under /root); then a system Python of the same version is tried,
        with this venv's packages on its path.
        """
        probe = "import agentui.model.files, textual, yaml\nprint(json.dumps(os.geteuid()))"
        failures: list[str] = []
        version = f"python{sys.version_info.major}.{sys.version_info.minor}"
        candidates: list[tuple[str, list[str]]] = [(sys.executable, [])]
        packages = site.getsitepackages()
        for folder in ("/usr/bin", "/usr/local/bin", "/bin"):
            interpreter = os.path.join(folder, version)
            if os.access(interpreter, os.X_OK):
                candidates.append((interpreter, packages))
        for python, site_dirs in candidates:
            self.python, self.site_dirs = python, site_dirs
            try:
                euid = self.run(probe)
            except (AssertionError, OSError, subprocess.SubprocessError) as exc:
                failures.append(f"{python}: {str(exc).strip()[-200:]}")
                continue
            if euid == 0:
                return "the child still runs as root"
            return None
        return f"cannot run agentui as uid {self.uid}: " + "; ".join(failures)


@contextmanager
def unprivileged_folder() -> Iterator[Unprivileged]:
    """A folder outside pytest's root-only tmp_path that an unprivileged child can use."""
    folder = Path(tempfile.mkdtemp(prefix="agentui-unprivileged-"))
    os.chmod(folder, 0o755)
    runner = Unprivileged(folder)
    runner.own(folder)
    try:
        yield runner
    finally:
        for root, dirs, _files in os.walk(folder):
            for name in dirs:
                os.chmod(os.path.join(root, name), 0o755)
        shutil.rmtree(folder, ignore_errors=True)
