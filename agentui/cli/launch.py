"""Launching the interactive app (``agentui [PATH]``)."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def run_app(args: Sequence[str]) -> int:
    """Open agentui on PATH. Until the app lands, this reports each agent as ``check`` does."""
    from agentui.cli.check import run_check

    paths = [a for a in args if not a.startswith("-")]
    return run_check(paths, "text", False, sys.stdout, sys.stderr)
