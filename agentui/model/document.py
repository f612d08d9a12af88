"""The agent document: one file's parts, fields, verdicts and diagnostics."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Any

from yaml.nodes import MappingNode

from agentui.model import diagnostics as d
from agentui.model.claude_code import quote_problematic_values
from agentui.model.diagnostics import ClaudeCodeVerdict, Diagnostic, YamlVerdict
from agentui.model.entries import Entry, entries_from_node, read_entry_value, scan_entries
from agentui.model.schema import Kind, schema_for
from agentui.model.split import BOM, Split, split_text
from agentui.model.yamlsafe import Parsed, YamlProblem, safe_parse

MAX_FRONTMATTER_CHARS = 1024 * 1024
"""Frontmatter larger than this is not parsed."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a file was when it was read, to notice later changes.

    Attributes:
        dev: device number.
        ino: inode number.
        size: size in bytes.
        mtime_ns: modification time in nanoseconds.
        mode: permission bits.
        sha256: hex digest of the bytes.
    """

    dev: int
    ino: int
    size: int
    mtime_ns: int
    mode: int
    sha256: str


@dataclass(frozen=True, slots=True)
class AgentDocument:
    """One agent file as agentui understands it. Immutable: edits return a new document.

    Attributes:
        path: where the file lives (None for text not read from disk).
        kind: which tool the file is written for.
        split: the file's parts; None when the file could not be read as text.
        yaml: how the frontmatter reads as YAML.
        claude_code: how Claude Code will see the file.
        fields: every frontmatter key with its value as read (recovered for broken YAML).
        entries: where each key's lines are.
        diagnostics: everything worth telling about the file.
        snapshot: the file on disk when it was read, for the save-time check.
    """

    path: PurePath | None
    kind: Kind
    split: Split | None
    yaml: YamlVerdict
    claude_code: ClaudeCodeVerdict
    fields: dict[str, Any]
    entries: tuple[Entry, ...]
    diagnostics: tuple[Diagnostic, ...]
    snapshot: Snapshot | None = None
    fenced_text: str = field(default="", repr=False)

    @property
    def text(self) -> str:
        """The whole file as text, BOM included."""
        if self.split is None:
            return ""
        return (BOM if self.split.bom else "") + self.split.text

    def to_bytes(self) -> bytes:
        """The file's bytes as they would be written."""
        return self.text.encode("utf-8")

    @property
    def body(self) -> str:
        """The Markdown prompt after the frontmatter."""
        return self.split.body if self.split else ""

    @property
    def name(self) -> str | None:
        """The ``name`` field when it is a string."""
        value = self.fields.get("name")
        return value if isinstance(value, str) else None

    @property
    def description(self) -> str | None:
        """The ``description`` field when it is a string."""
        value = self.fields.get("description")
        return value if isinstance(value, str) else None

    @property
    def display_name(self) -> str:
        """The name to show: the ``name`` field, else the file name without extension."""
        if self.name:
            return self.name
        if self.path is None:
            return "(untitled)"
        file_name = self.path.name
        for suffix in (".agent.md", ".md"):
            if file_name.endswith(suffix):
                return file_name[: -len(suffix)]
        return file_name

    @property
    def readable(self) -> bool:
        """Whether the file was read as text."""
        return self.split is not None

    def entry(self, key: str) -> list[Entry]:
        """Every entry for ``key`` (more than one when the key is duplicated)."""
        return [e for e in self.entries if e.key == key]

    @property
    def errors(self) -> list[Diagnostic]:
        """The error diagnostics."""
        return [x for x in self.diagnostics if x.severity is d.Severity.ERROR]

    def with_snapshot(self, snapshot: Snapshot | None) -> AgentDocument:
        """A copy recording ``snapshot`` as the state on disk."""
        return replace(self, snapshot=snapshot)


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What a list of agents shows of a document, small enough to keep for thousands.

    The text, the fields and the diagnostics stay with the document, which is read again
    when it is needed.

    Attributes:
        kind: which tool the file is written for.
        yaml: how the frontmatter reads as YAML.
        claude_code: how Claude Code will see the file.
        readable: whether the file was read as text.
        has_errors: whether any diagnostic is an error.
        name: the ``name`` field when it is a string.
        description: the ``description`` field when it is a string.
        color: the ``color`` field when it is a string.
        display_name: the name to show.
        snapshot: the file on disk when it was read.
    """

    kind: Kind
    yaml: YamlVerdict
    claude_code: ClaudeCodeVerdict
    readable: bool
    has_errors: bool
    name: str | None
    description: str | None
    color: str | None
    display_name: str
    snapshot: Snapshot | None

    @classmethod
    def of(cls, document: AgentDocument) -> DocumentSummary:
        """The summary of ``document``."""
        color = document.fields.get("color")
        return cls(
            document.kind,
            document.yaml,
            document.claude_code,
            document.readable,
            any(x.severity is d.Severity.ERROR for x in document.diagnostics),
            document.name,
            document.description,
            color if isinstance(color, str) else None,
            document.display_name,
            document.snapshot,
        )


def detect_kind(path: PurePath | None, fields: dict[str, Any] | None = None) -> Kind:
    """Guess which tool a file is for, from its path and then its fields."""
    if path is not None:
        name = path.name
        if name.endswith(".agent.md") or name.endswith(".chatmode.md"):
            return Kind.COPILOT
        parts = [p.lower() for p in path.parts]
        if ".opencode" in parts or (
            "opencode" in parts and ("agent" in parts or "agents" in parts)
        ):
            return Kind.OPENCODE
        if ".claude" in parts:
            return Kind.CLAUDE_CODE
        if ".github" in parts and "agents" in parts:
            return Kind.COPILOT
        if name.startswith(".opencode"):
            return Kind.OPENCODE
    if fields:
        tools = fields.get("tools")
        if fields.get("mode") in ("primary", "subagent", "all") or (
            isinstance(tools, dict) and all(isinstance(v, bool) for v in tools.values())
        ):
            return Kind.OPENCODE
    return Kind.CLAUDE_CODE


def unreadable_document(
    path: PurePath | None, diagnostic: Diagnostic, kind: Kind | None = None
) -> AgentDocument:
    """A document for a file that could not be read as text."""
    kind = kind or detect_kind(path)
    verdict = (
        ClaudeCodeVerdict.IGNORED if kind is Kind.CLAUDE_CODE else ClaudeCodeVerdict.NOT_APPLICABLE
    )
    return AgentDocument(path, kind, None, YamlVerdict.UNREADABLE, verdict, {}, (), (diagnostic,))


def parse_document(
    text: str,
    path: PurePath | None = None,
    *,
    kind: Kind | None = None,
    snapshot: Snapshot | None = None,
) -> AgentDocument:
    """Read an agent file's text: split it, parse its frontmatter, judge it.

    Args:
        text: the decoded file, BOM included if it has one.
        path: where it came from (decides the kind with the fields).
        kind: force a kind instead of detecting it.
        snapshot: the state on disk when the text was read.

    Returns:
        The document; never raises for bad content.
    """
    from agentui.model.validate import validate

    split = split_text(text)
    diags: list[Diagnostic] = []
    fields: dict[str, Any] = {}
    entries: list[Entry] = []
    yaml_verdict = YamlVerdict.NONE
    loaded = ClaudeCodeVerdict.IGNORED
    first = split.first_frontmatter_line

    if split.unclosed:
        diags.append(d.error(
            "frontmatter-unclosed",
            "The '---' on line 1 opens a frontmatter block that is never closed by another "
            "'---' line; tools read the whole file as the prompt, with no fields.",
            1, 1,
        ))  # fmt: skip
    elif not split.has_frontmatter:
        late = next(
            (i for i, line in enumerate(split.first_lines(20)) if line.text.strip() == "---"), None
        )
        if late is not None and late > 0:
            diags.append(d.warning(
                "frontmatter-not-at-start",
                f"A '---' line on line {late + 1} looks like frontmatter, but frontmatter must "
                "start on the first line; tools read this file as having none.",
                late + 1, 1,
            ))  # fmt: skip
        else:
            diags.append(d.info("no-frontmatter", "The file has no frontmatter block.", 1, 1))
    elif len(split.frontmatter_text) > MAX_FRONTMATTER_CHARS:
        diags.append(d.error(
            "frontmatter-too-large",
            f"The frontmatter is over {MAX_FRONTMATTER_CHARS // 1024 // 1024} MiB; agentui "
            "does not parse it.",
            first + 1,
        ))  # fmt: skip
        yaml_verdict = YamlVerdict.UNREADABLE
    else:
        if split.closing_dashes > 3:
            diags.append(d.warning(
                "closing-fence-long",
                f"The frontmatter closes with {split.closing_dashes} dashes; most tools expect "
                "exactly '---'.",
                (split.close_line or 0) + 1, 1,
            ))  # fmt: skip
        yaml_verdict, loaded = _read_frontmatter(split, kind, path, fields, entries, diags)

    resolved_kind = kind or detect_kind(path, fields)
    if resolved_kind is not Kind.CLAUDE_CODE:
        loaded = ClaudeCodeVerdict.NOT_APPLICABLE
    elif loaded in (ClaudeCodeVerdict.LOADS, ClaudeCodeVerdict.LOADS_AFTER_QUOTING) and not (
        isinstance(fields.get("name"), str) and fields["name"]
    ):
        loaded = ClaudeCodeVerdict.IGNORED
    if yaml_verdict is YamlVerdict.RECOVERED:
        _adjust_yaml_severity(diags, resolved_kind, loaded)
    document = AgentDocument(
        path, resolved_kind, split, yaml_verdict, loaded, fields, tuple(entries), (), snapshot
    )
    diags.extend(validate(document))
    diags.sort(key=lambda x: (x.line or 0, x.column or 0))
    return replace(document, diagnostics=tuple(diags))


def _adjust_yaml_severity(diags: list[Diagnostic], kind: Kind, loaded: ClaudeCodeVerdict) -> None:
    """A block Claude Code reads after its retry is a warning for a Claude Code agent."""
    if kind is Kind.CLAUDE_CODE and loaded is not ClaudeCodeVerdict.LOADS_WITHOUT_METADATA:
        for index, diag in enumerate(diags):
            if diag.code == "yaml-invalid":
                diags[index] = replace(diag, severity=d.Severity.WARNING)


def _read_frontmatter(
    split: Split,
    kind: Kind | None,
    path: PurePath | None,
    fields: dict[str, Any],
    entries: list[Entry],
    diags: list[Diagnostic],
) -> tuple[YamlVerdict, ClaudeCodeVerdict]:
    """Parse the block strictly, then as Claude Code retries, then line by line."""
    first = split.first_frontmatter_line
    close = split.close_line or first
    try:
        parsed = safe_parse(split.frontmatter_text)
    except YamlProblem as problem:
        diags.append(_located(problem, split, "The frontmatter is not valid YAML: "))
    else:
        if _take_mapping(parsed, split, fields, entries, diags, split.frontmatter_text):
            return YamlVerdict.STRICT, ClaudeCodeVerdict.LOADS
        return YamlVerdict.STRICT, ClaudeCodeVerdict.IGNORED

    lines = split.frontmatter_lines
    retry = quote_problematic_values([(line.text, line.ending) for line in lines])
    if retry.quoted_lines:
        try:
            parsed = safe_parse(retry.text)
        except YamlProblem:
            pass
        else:
            if isinstance(parsed.data, dict) and _take_mapping(
                parsed, split, fields, entries, diags, retry.text, frozenset(retry.quoted_lines)
            ):
                for index in retry.quoted_lines:
                    line = lines[index]
                    if _line_needs_quoting(line.text):
                        key = line.text.split(":", 1)[0]
                        diags.append(d.warning(
                            "needs-quoting",
                            f"Claude Code reads '{key}' only after quoting its value; strict "
                            "YAML tools (GitHub Copilot, OpenCode, PyYAML) reject this file. "
                            "Quote the value to make the file portable.",
                            first + index + 1, len(key) + 3,
                        ))  # fmt: skip
                return YamlVerdict.RECOVERED, ClaudeCodeVerdict.LOADS_AFTER_QUOTING

    known = frozenset(schema_for(kind or detect_kind(path)).keys)
    head = split.head_lines
    for entry in scan_entries(head, first, close, known):
        value, _ = read_entry_value(entry, head)
        if entry.key in fields:
            diags.append(d.error(
                "yaml-duplicate-key",
                f"The key '{entry.key}' appears more than once; agentui shows the first value "
                "and will not edit this key until one is removed.",
                entry.first + 1, 1,
            ))  # fmt: skip
        else:
            fields[entry.key] = value
        entries.append(entry)
        runaway = [
            i for i in range(entry.first + 1, entry.last)
            if head[i].text and not head[i].text[0].isspace()
            and not head[i].text.startswith("#")
        ]  # fmt: skip
        if runaway:
            diags.append(d.info(
                "continuation-lines",
                f"Lines {runaway[0] + 1}-{runaway[-1] + 1} continue '{entry.key}' without "
                "indentation; agentui reads them as part of it, YAML does not.",
                runaway[0] + 1, 1,
            ))  # fmt: skip
    diags.append(d.error(
        "metadata-lost",
        "Claude Code cannot parse this frontmatter even after quoting values, so it sees no "
        "name, description, tools, model or color for this agent. Quote the value or "
        "indent the continuation lines.",
        first, 1,
    ))  # fmt: skip
    return YamlVerdict.RECOVERED, ClaudeCodeVerdict.LOADS_WITHOUT_METADATA


def _line_needs_quoting(text: str) -> bool:
    try:
        safe_parse(text)
    except YamlProblem:
        return True
    return False


def _take_mapping(
    parsed: Parsed,
    split: Split,
    fields: dict[str, Any],
    entries: list[Entry],
    diags: list[Diagnostic],
    parsed_text: str,
    rewritten: frozenset[int] = frozenset(),
) -> bool:
    """Record a parsed block's fields and entries; False when it is not a mapping."""
    first = split.first_frontmatter_line
    if parsed.data is None:
        return True
    if not isinstance(parsed.data, dict) or not isinstance(parsed.node, MappingNode):
        diags.append(d.error(
            "frontmatter-not-mapping",
            "The frontmatter is valid YAML but not a set of 'key: value' fields.",
            first + 1, 1,
        ))  # fmt: skip
        return False
    for key, value in parsed.data.items():
        fields[str(key)] = value
    if parsed.node.flow_style:
        diags.append(d.info(
            "frontmatter-flow",
            "The frontmatter is one '{...}' mapping; agentui shows it but edits only "
            "'key: value' lines.",
            first + 1, 1,
        ))  # fmt: skip
        return True
    found = entries_from_node(
        parsed.node, split.head_lines, first, split.close_line or first, parsed_text, rewritten
    )
    entries.extend(found)
    for entry in found:
        if entry.style == "plain" and entry.value_end is not None:
            tail = split.head_lines[entry.first].text[entry.value_end :]
            comment = tail.lstrip()
            if comment.startswith("#") and comment[1:2] not in ("", " "):
                diags.append(d.warning(
                    "comment-truncates",
                    f"YAML reads '{comment[:20]}' as a comment, so '{entry.key}' stops before "
                    "it. Quote the value to keep the whole text.",
                    entry.first + 1, entry.value_end + 1 + len(tail) - len(comment),
                ))  # fmt: skip
    return True


def _located(problem: YamlProblem, split: Split, prefix: str) -> Diagnostic:
    first = split.first_frontmatter_line
    line = first + problem.line + 1 if problem.line is not None else None
    column = problem.column + 1 if problem.column is not None else None
    head = split.head_lines
    if problem.index is not None and first < len(head):
        offset = head[first].start + problem.index
        starts = [x.start for x in head]
        index = bisect_right(starts, offset) - 1
        line, column = index + 1, offset - head[index].start + 1
    return d.error(problem.code, prefix + problem.message, line, column)
