"""``agentui check``: judge agent files the way Claude Code and strict tools will read them."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from agentui.model.diagnostics import Severity
from agentui.model.discovery import default_check_folders, iter_agent_files
from agentui.model.document import AgentDocument
from agentui.model.files import load
from agentui.model.validate import duplicate_names


def json_value(value: Any) -> Any:
    """A value as read, in JSON form (dates as ISO strings)."""
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_value(v) for v in value]
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def collect(paths: Sequence[str], cwd: Path, home: Path) -> tuple[list[Path], list[str]]:
    """Expand the PATH arguments into files; report arguments that do not exist."""
    files: list[Path] = []
    missing: list[str] = []
    targets = [Path(p) for p in paths] or [
        f for f in default_check_folders(cwd, home) if f.is_dir()
    ]
    for target in targets:
        if target.is_dir():
            files.extend(iter_agent_files(target))
        elif target.exists() or target.is_symlink():
            files.append(target)
        else:
            missing.append(str(target))
    return files, missing


def check_documents(files: Iterable[Path]) -> list[AgentDocument]:
    """Load every file and add the diagnostics that need them all (shared names)."""
    docs = [load(f) for f in files]
    for index, diag in duplicate_names(docs).items():
        docs[index] = replace(docs[index], diagnostics=docs[index].diagnostics + (diag,))
    return docs


def to_json(doc: AgentDocument) -> dict[str, Any]:
    """The JSON object of one file."""
    return {
        "path": str(doc.path),
        "kind": str(doc.kind),
        "name": doc.name,
        "description": doc.description,
        "fields": json_value(doc.fields),
        "yaml": str(doc.yaml),
        "claude_code": str(doc.claude_code),
        "diagnostics": [x.to_json() for x in doc.diagnostics],
    }


def _visible(text: str) -> str:
    """Text safe for a terminal: control characters shown as escapes."""
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


def write_text(docs: list[AgentDocument], out: TextIO) -> None:
    """One line per file with its verdicts, its diagnostics, then a summary line."""
    severities: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    for doc in docs:
        verdict = str(doc.yaml)
        if doc.claude_code.value != "n/a":
            verdict += f", Claude Code: {doc.claude_code}"
        out.write(f"{_visible(str(doc.path))}: {verdict} ({doc.kind})\n")
        verdicts[str(doc.yaml)] += 1
        for diag in doc.diagnostics:
            severities[str(diag.severity)] += 1
            where = f"{diag.line}:{diag.column or 1}" if diag.line else "-"
            out.write(f"  {where} {diag.severity} [{diag.code}] {_visible(diag.message)}\n")
    parts = ", ".join(f"{n} {v}" for v, n in sorted(verdicts.items()))
    noun = "file" if len(docs) == 1 else "files"
    out.write(
        f"{len(docs)} {noun} ({parts or 'none'}): {severities['error']} errors, "
        f"{severities['warning']} warnings\n"
    )


def run_check(paths: Sequence[str], fmt: str, strict: bool, out: TextIO, err: TextIO) -> int:
    """Run ``agentui check``; returns the exit code."""
    files, missing = collect(paths, Path.cwd(), Path(os.path.expanduser("~")))
    for name in missing:
        err.write(f"agentui check: {_visible(name)}: no such file or folder\n")
    docs = check_documents(files)
    if fmt == "json":
        json.dump([to_json(doc) for doc in docs], out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        if not paths and not docs:
            err.write("agentui check: no agents found in .claude/agents/ or ~/.claude/agents/\n")
        write_text(docs, out)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    if missing or any(x.severity in failing for doc in docs for x in doc.diagnostics):
        return 1
    return 0
