"""Where the model's time per file goes, step by step, beside python-frontmatter's load.

Usage: python benchmarks/model_profile.py [--agents 1000] [--seed 0]

Needs python-frontmatter (``pip install python-frontmatter``). Generates the corpus of
generate.py in a temporary folder, then times each step of ``agentui.model.files.load``
on its own over every file (best of five passes, microseconds per file): reading the bytes,
the content hash kept for change detection, decoding, splitting the file into its parts,
the strict YAML parse, the whole parse (split, YAML, Claude Code's reading, entries,
diagnostics), the validation alone, and the whole load; then python-frontmatter's load and
PyYAML's C loader alone on the same frontmatter blocks.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from agentui.model import files  # noqa: E402
from agentui.model.document import parse_document  # noqa: E402
from agentui.model.split import split_text  # noqa: E402
from agentui.model.validate import validate  # noqa: E402
from agentui.model.yamlsafe import YamlProblem, safe_parse  # noqa: E402

PASSES = 5


def per_file(step: Callable[[Any], object], items: Iterable[Any]) -> float:
    """Best of ``PASSES`` passes, in microseconds per item."""
    items = list(items)
    for item in items:  # warm-up
        step(item)
    best = float("inf")
    for _ in range(PASSES):
        start = time.perf_counter()
        for item in items:
            step(item)
        best = min(best, (time.perf_counter() - start) / len(items))
    return best * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()
    import frontmatter

    with tempfile.TemporaryDirectory() as folder:
        paths = generate(Path(folder) / "repo", options.agents, options.seed).files()
        read = [files._read_regular(p) for p in paths]
        texts = [files.decode(data) for data, _ in read]
        blocks = [split_text(t).frontmatter_text for t in texts]
        documents = [parse_document(t) for t in texts]

        def strict(block: str) -> None:
            try:
                safe_parse(block)
            except YamlProblem:
                pass

        def c_loader(block: str) -> None:
            try:
                yaml.CSafeLoader(block).get_single_data()
            except yaml.YAMLError:
                pass

        def python_frontmatter(path: Path) -> None:
            try:
                frontmatter.load(path)
            except Exception:  # invalid YAML raises
                pass

        rows = [
            ("read the bytes (stat, open, read)", per_file(files._read_regular, paths)),
            ("content hash and snapshot", per_file(lambda r: files._snapshot(r[1], r[0]), read)),
            ("decode", per_file(files.decode, [data for data, _ in read])),
            ("split into BOM, frontmatter, body", per_file(split_text, texts)),
            ("strict YAML parse (safe_parse)", per_file(strict, blocks)),
            ("validation alone", per_file(validate, documents)),
            ("whole parse (parse_document)", per_file(parse_document, texts)),
            ("whole load (files.load)", per_file(files.load, paths)),
            ("python-frontmatter: frontmatter.load", per_file(python_frontmatter, paths)),
            ("PyYAML C loader alone on the block", per_file(c_loader, blocks)),
        ]
    print(f"{options.agents:,} generated agent files, best of {PASSES} passes")
    print(f"{'step':45s} {'µs/file':>8s}")
    for label, micros in rows:
        print(f"{label:45s} {micros:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
