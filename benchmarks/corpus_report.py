"""Corpus report: verdicts, round trips and read speed over a folder of real agent files.

Usage: python benchmarks/corpus_report.py ../shared/corpus
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from agentui.model.edit import set_field
from agentui.model.files import load, save_bytes


def main(folder: str) -> None:
    files = sorted(p for p in Path(folder).rglob("*.md") if p.name != "README.md")
    start = time.perf_counter()
    docs = [load(p) for p in files]
    elapsed = time.perf_counter() - start
    verdicts = Counter((str(d.kind), str(d.yaml), str(d.claude_code)) for d in docs)
    print(f"files read: {len(docs)} in {elapsed:.2f} s ({len(docs) / elapsed:,.0f} files/s)")
    for (kind, yaml_verdict, claude), count in sorted(verdicts.items()):
        print(f"  {count:4d}  {kind:12s} yaml={yaml_verdict:10s} claude_code={claude}")
    codes = Counter(x.code for d in docs for x in d.diagnostics)
    print("diagnostics:", ", ".join(f"{c} {n}" for c, n in codes.most_common()))
    noop_writes = model_one_line = strict_kept = 0
    with tempfile.TemporaryDirectory() as tmp:
        for source, doc in zip(files, docs, strict=True):
            copy = Path(tmp) / "a.md"
            shutil.copyfile(source, copy)
            before = copy.stat()
            save_bytes(copy, load(copy).to_bytes(), doc.snapshot)
            after = copy.stat()
            noop_writes += (before.st_ino, before.st_mtime_ns) != (after.st_ino, after.st_mtime_ns)
            edited = set_field(
                doc, "model", "opus" if doc.fields.get("model") != "opus" else "haiku"
            )
            old, new = doc.text.splitlines(), edited.text.splitlines()
            model_one_line += sum(1 for x in new if x not in old) == 1
            hard = set_field(doc, "description", 'x: [y] # z\n"yes"\n')
            strict_kept += doc.yaml != "strict" or hard.yaml == "strict"
    print(f"no-op saves that wrote: {noop_writes}")
    print(f"model edits adding exactly one new line: {model_one_line}/{len(docs)}")
    print(f"strict files still strict after a hard description: {strict_kept}/{len(docs)}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus")
