"""Every real agent file in $AGENTUI_CORPUS: read, no-op save, surgical edits.

Skipped unless AGENTUI_CORPUS names a folder (``.ci/run`` points it at ../shared/corpus).
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from agentui.model.diagnostics import ClaudeCodeVerdict, YamlVerdict
from agentui.model.edit import set_field
from agentui.model.files import load, save_bytes

CORPUS = os.environ.get("AGENTUI_CORPUS", "")
pytestmark = pytest.mark.skipif(
    not CORPUS or not Path(CORPUS).is_dir(), reason="AGENTUI_CORPUS does not name a folder"
)
HARD = ["x: [y] # z", "yes", "1.10", "multi\nline\n", "*a", "é ✓ \"q\" 'q'", "", " lead"]


def corpus_files() -> list[Path]:
    root = Path(CORPUS)
    return sorted(p for p in root.rglob("*.md") if p.name != "README.md")


def changed(before: str, after: str) -> tuple[list[str], list[str]]:
    minus: list[str] = []
    plus: list[str] = []
    for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0):
        if line.startswith("-") and not line.startswith("---"):
            minus.append(line)
        elif line.startswith("+") and not line.startswith("+++"):
            plus.append(line)
    return minus, plus


def test_every_corpus_file(tmp_path: Path) -> None:
    files = corpus_files()
    assert len(files) > 100
    failures: list[str] = []
    for source in files:
        copy = tmp_path / "agent.md"
        shutil.copyfile(source, copy)
        doc = load(copy)
        name = source.relative_to(CORPUS)
        if not doc.readable:
            failures.append(f"{name}: unreadable")
            continue
        before = copy.stat()
        save_bytes(copy, doc.to_bytes(), doc.snapshot)
        after = copy.stat()
        if (before.st_ino, before.st_mtime_ns) != (after.st_ino, after.st_mtime_ns):
            failures.append(f"{name}: a no-op save wrote the file")
        model = set_field(doc, "model", "opus" if doc.fields.get("model") != "opus" else "haiku")
        minus, plus = changed(doc.text, model.text)
        assert doc.split is not None
        old = doc.entry("model")
        own = [doc.split.lines[i].text for e in old for i in range(e.first, e.last)]
        if len(plus) != 1 or not plus[0].startswith("+model:") or len(minus) > max(1, len(own)):
            failures.append(f"{name}: setting model changed {minus + plus}")
        elif any(line[1:].rstrip("\r\n") not in own for line in minus):
            failures.append(f"{name}: setting model changed other lines {minus}")
        for value in HARD:
            edited = set_field(doc, "description", value)
            if edited.fields.get("description") != value:
                failures.append(f"{name}: description {value!r} read back wrong")
            if doc.yaml is YamlVerdict.STRICT and edited.yaml is not YamlVerdict.STRICT:
                failures.append(f"{name}: description {value!r} broke strict YAML")
        copy.unlink()
    assert not failures, "\n".join(failures[:30])


def test_seeds_that_are_invalid_yaml_come_out_recovered() -> None:
    seeds = Path(CORPUS) / "seeds"
    if not seeds.is_dir():
        pytest.skip("no seeds folder")
    recovered = [load(p) for p in sorted(seeds.glob("*.md"))]
    invalid = [d for d in recovered if d.yaml is YamlVerdict.RECOVERED]
    assert len(invalid) == 4
    for doc in invalid:
        assert doc.claude_code is ClaudeCodeVerdict.LOADS_AFTER_QUOTING
        assert doc.name and "engineer" in doc.name
        assert doc.description and doc.description.startswith("Use this agent")
        assert doc.fields["model"] in ("sonnet", "opus", "inherit")
        assert doc.fields["color"] in ("purple", "red", "orange")


def test_every_invalid_corpus_file_can_be_made_portable() -> None:
    from agentui.model.portable import make_portable

    failures = []
    for source in corpus_files():
        doc = load(source)
        if doc.yaml is not YamlVerdict.RECOVERED:
            continue
        portable = make_portable(doc)
        if portable.yaml is not YamlVerdict.STRICT or portable.body != doc.body:
            failures.append(str(source))
    assert not failures, failures[:10]
