"""Launching the interactive app: ``agentui [PATH] [--demo]``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from agentui import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agentui",
        description="Browse and edit coding-agent definition files. Subcommands: "
        "'agentui check', 'agentui set', 'agentui unset' (see 'agentui check --help').",
    )
    parser.add_argument(
        "path", nargs="?", metavar="PATH",
        help="a repository, a folder of agents or one agent file "
        "(default: the current folder's repository)",
    )  # fmt: skip
    parser.add_argument(
        "--demo", action="store_true",
        help="open a temporary copy of the bundled demo agents",
    )  # fmt: skip
    parser.add_argument("--version", action="version", version=f"agentui {__version__}")
    return parser


def run_app(args: Sequence[str]) -> int:
    """Open agentui on PATH (or the demo set); returns the exit code."""
    try:
        options = _parser().parse_args(list(args))
    except SystemExit as exc:
        return int(exc.code or 0)
    from agentui.model.discovery import find_repo_root
    from agentui.model.scopes import repository_scopes, scopes_for_path

    home = Path(os.path.expanduser("~"))
    if options.demo:
        from agentui.demo import make_demo

        repo, demo_home = make_demo()
        scopes = repository_scopes(repo, demo_home)
        subtitle = f"demo: {repo.parent}"
    elif options.path:
        target = Path(options.path)
        if not target.exists():
            sys.stderr.write(f"agentui: {options.path}: no such file or folder\n")
            return 2
        scopes = scopes_for_path(target, home)
        subtitle = str(target.resolve())
    else:
        root = find_repo_root(Path.cwd())
        scopes = repository_scopes(root, home)
        subtitle = str(root)
    from agentui.screens.first_agents import FirstAgents

    # Read the first agents while the app's modules load.
    first_agents = FirstAgents(scopes).start()
    from agentui.app import AgentUI
    from agentui.settings import Settings

    app = AgentUI(scopes, Settings.load(), subtitle=subtitle, first_agents=first_agents)
    app.run()
    if options.demo:
        print(f"The demo agents are in {repo.parent} (a temporary copy).")
    return app.return_code or 0  # 1 after a crash, 128 + N after signal N
