"""Strict, bounded YAML parsing with PyYAML's safe loader (the C one where installed).

Guards that PyYAML lacks: duplicate keys are an error, alias expansion is bounded
(the "billion laughs" file is rejected before anything walks it), and nesting depth is
checked before the C parser sees the text (libyaml's composer recurses and can crash
the process on very deep input).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The fastest safe loader available: libyaml's when PyYAML was built with it."""

MAX_DEPTH = 400
"""Deepest nesting accepted; real frontmatter rarely goes past 6."""
MAX_EXPANDED_NODES = 100_000
"""Most nodes a document may expand to through aliases."""

_BRACKETS = re.compile(r"[\[\]{}]")


class YamlProblem(Exception):
    """The text is not YAML agentui will accept.

    Attributes:
        code: a stable diagnostic code.
        message: what is wrong, for a person.
        line: 0-based line in the parsed text, where known.
        column: 0-based column, where known.
    """

    def __init__(
        self,
        code: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
        index: int | None = None,
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.index = index


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parsed YAML document.

    Attributes:
        data: the constructed value (None for an empty document).
        node: the composed root node, for source positions.
    """

    data: Any
    node: Node | None


def _estimate_depth(text: str) -> int:
    """Over-estimate the nesting depth of a YAML text without parsing it."""
    flow = 0
    deepest_flow = 0
    if "[" in text or "{" in text:
        for match in _BRACKETS.finditer(text):
            if match.group(0) in "[{":
                flow += 1
                deepest_flow = max(deepest_flow, flow)
            else:
                flow = max(0, flow - 1)
    deepest_line = 0
    if len(text) > 2 * MAX_DEPTH:
        for line in text.splitlines():
            tokens = line.count("- ") + line.count(": ") + line.count("? ")
            deepest_line = max(deepest_line, tokens)
    return deepest_flow + deepest_line


def _check_graph(root: Node) -> None:
    """Reject duplicate keys, runaway alias expansion, cycles and excessive depth."""
    expanded: dict[int, int] = {}
    in_progress: set[int] = set()
    stack: list[tuple[Node, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, children_done = stack.pop()
        ident = id(node)
        if children_done:
            in_progress.discard(ident)
            total = 1 + sum(expanded[id(child)] for child in _children(node))
            if total > MAX_EXPANDED_NODES and total > 10 * len(expanded):
                raise YamlProblem(
                    "yaml-alias-bomb",
                    "Aliases in this YAML expand to more than "
                    f"{MAX_EXPANDED_NODES:,} values; agentui does not read it.",
                    node.start_mark.line,
                    node.start_mark.column,
                    node.start_mark.index,
                )
            expanded[ident] = total
            continue
        if ident in expanded:
            continue
        if ident in in_progress:
            raise YamlProblem(
                "yaml-recursive-alias",
                "An alias refers to the value that contains it.",
                node.start_mark.line,
                node.start_mark.column,
            )
        if depth > MAX_DEPTH:
            raise YamlProblem("yaml-too-deep", f"YAML nested more than {MAX_DEPTH} levels deep.")
        if isinstance(node, MappingNode):
            _check_duplicate_keys(node)
        in_progress.add(ident)
        stack.append((node, depth, True))
        for child in _children(node):
            stack.append((child, depth + 1, False))


def _check_tree(root: Node) -> None:
    """``_check_graph`` for a document without aliases: duplicate keys and depth only.

    Without aliases no node is reached twice, so nothing expands and nothing loops. Nodes are
    visited in ``_check_graph``'s order, so the same problem is reported first.
    """
    stack: list[tuple[Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise YamlProblem("yaml-too-deep", f"YAML nested more than {MAX_DEPTH} levels deep.")
        if isinstance(node, MappingNode):
            _check_duplicate_keys(node)
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def _check_duplicate_keys(node: MappingNode) -> None:
    seen: dict[str, Node] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.value == "<<":
            continue
        key = key_node.value
        if key in seen:
            first = seen[key].start_mark.line + 1
            raise YamlProblem(
                "yaml-duplicate-key",
                f"The key {key!r} appears twice (first on line {first} of the block); "
                "YAML tools disagree on which value wins.",
                key_node.start_mark.line,
                key_node.start_mark.column,
                key_node.start_mark.index,
            )
        seen[key] = key_node


def safe_parse(text: str) -> Parsed:
    """Parse one YAML document strictly and safely.

    Args:
        text: the YAML text.

    Returns:
        The constructed data and its root node.

    Raises:
        YamlProblem: the text is not valid YAML, or is valid but unsafe to use.
    """
    if _estimate_depth(text) > MAX_DEPTH:
        raise YamlProblem("yaml-too-deep", f"YAML nested more than {MAX_DEPTH} levels deep.")
    loader = SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or "not valid YAML"
            raise YamlProblem(
                "yaml-invalid",
                _describe_problem(problem),
                mark.line if mark else None,
                mark.column if mark else None,
                mark.index if mark else None,
            ) from None
        except yaml.YAMLError as exc:
            raise YamlProblem("yaml-invalid", str(exc)) from None
        if node is None:
            return Parsed(None, None)
        if "*" in text:
            _check_graph(node)  # an alias may be there (a "*" can start one)
        else:
            _check_tree(node)
        try:
            data = loader.construct_document(node)
        except yaml.constructor.ConstructorError as exc:
            mark = exc.problem_mark
            raise YamlProblem(
                "yaml-unsupported-tag",
                f"{exc.problem}; agentui reads YAML safely and never runs tags.",
                mark.line if mark else None,
                mark.column if mark else None,
                mark.index if mark else None,
            ) from None
        except (RecursionError, MemoryError, ValueError, OverflowError) as exc:
            raise YamlProblem("yaml-invalid", f"the YAML could not be built: {exc}") from None
        return Parsed(data, node)
    finally:
        loader.dispose()


def _describe_problem(problem: str) -> str:
    """Turn PyYAML's wording into a sentence a person can act on."""
    hints = {
        "mapping values are not allowed": (
            "a value contains ': ' without quotes (YAML reads it as a new key)"
        ),
        "could not find expected ':'": (
            "a line continues the previous value without being indented"
        ),
        "found character '\\t' that cannot start any token": "a tab is used for indentation",
    }
    for known, hint in hints.items():
        if known in problem:
            return f"{hint} ({problem})"
    return problem
