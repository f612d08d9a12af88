"""Diagnostics and verdicts: what agentui tells a person about a file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How much a diagnostic matters."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class YamlVerdict(StrEnum):
    """How the frontmatter reads as YAML."""

    STRICT = "strict"
    """Valid YAML: every strict parser reads it the same way."""
    RECOVERED = "recovered"
    """Not valid YAML; agentui recovered the fields."""
    NONE = "none"
    """The file has no frontmatter block."""
    UNREADABLE = "unreadable"
    """The file could not be read as text (see the diagnostics for why)."""


class ClaudeCodeVerdict(StrEnum):
    """How Claude Code will see the file."""

    LOADS = "loads"
    LOADS_AFTER_QUOTING = "loads-after-quoting"
    LOADS_WITHOUT_METADATA = "loads-without-metadata"
    IGNORED = "ignored"
    NOT_APPLICABLE = "n/a"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about a file.

    Attributes:
        severity: error, warning or info.
        code: a stable identifier, for scripts and tests.
        message: a sentence a person understands.
        line: 1-based line in the file, where known.
        column: 1-based column in the file, where known.
    """

    severity: Severity
    code: str
    message: str
    line: int | None = None
    column: int | None = None

    def to_json(self) -> dict[str, object]:
        """Return the JSON shape used by ``agentui check --format json``."""
        return {
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "line": self.line,
            "column": self.column,
        }


def error(
    code: str, message: str, line: int | None = None, column: int | None = None
) -> Diagnostic:
    """Build an error diagnostic."""
    return Diagnostic(Severity.ERROR, code, message, line, column)


def warning(
    code: str, message: str, line: int | None = None, column: int | None = None
) -> Diagnostic:
    """Build a warning diagnostic."""
    return Diagnostic(Severity.WARNING, code, message, line, column)


def info(code: str, message: str, line: int | None = None, column: int | None = None) -> Diagnostic:
    """Build an informational diagnostic."""
    return Diagnostic(Severity.INFO, code, message, line, column)
