"""The ``agentui`` command: the app, and the headless ``check``, ``set`` and ``unset``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from agentui import __version__

SUBCOMMANDS = ("check", "set", "unset")


def _subcommand_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="agentui")
    parser.add_argument("--version", action="version", version=f"agentui {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser(
        "check",
        help="judge agent files as Claude Code and strict YAML tools read them",
        description="Read agent files and report how Claude Code and strict YAML tools see "
        "them. Exit 0 when no error, 1 when any error (with --strict, any warning), 2 for "
        "usage errors.",
    )
    check.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="files or folders (default: .claude/agents/ of the repository and ~/.claude/agents/)",
    )  # fmt: skip
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    set_ = sub.add_parser(
        "set",
        help="set one frontmatter field, changing only its lines",
        description="Set FIELD of FILE to VALUE, read as the field's type (a list field takes "
        "a comma-separated list). Only that field's lines change; the save is atomic.",
    )
    set_.add_argument("file", metavar="FILE")
    set_.add_argument("field", metavar="FIELD")
    set_.add_argument("value", metavar="VALUE")
    unset = sub.add_parser("unset", help="remove one frontmatter field, changing only its lines")
    unset.add_argument("file", metavar="FILE")
    unset.add_argument("field", metavar="FIELD")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    parser = _subcommand_parser()
    if not args or args[0] not in SUBCOMMANDS:
        if args and args[0] in ("--version", "-V"):
            print(f"agentui {__version__}")
            return 0
        from agentui.cli.launch import run_app

        return run_app(args)
    try:
        options = parser.parse_args(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if options.command == "check":
            from agentui.cli.check import run_check

            return run_check(options.paths, options.format, options.strict, sys.stdout, sys.stderr)
        from agentui.cli.edit import run_edit

        value = options.value if options.command == "set" else None
        return run_edit(options.file, options.field, value, sys.stdout, sys.stderr)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
