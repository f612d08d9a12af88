"""Themes: bundled YAML files and the user's own, loaded into Textual themes."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

from agentui.model.yamlsafe import YamlProblem, safe_parse

COLOR_KEYS = (
    "primary", "secondary", "accent", "foreground", "background", "surface", "panel",
    "success", "warning", "error",
)  # fmt: skip


@dataclass(slots=True)
class ThemeLoadResult:
    """Themes that loaded, and a reason for each file that did not."""

    themes: list[Theme] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)


def theme_from_text(text: str, source: str) -> Theme:
    """Build a Textual theme from a theme file's YAML.

    Raises:
        ValueError: the file is not a valid theme; the message says why.
    """
    try:
        data: Any = safe_parse(text).data
    except YamlProblem as problem:
        raise ValueError(f"not valid YAML ({problem.message})") from None
    if not isinstance(data, dict):
        raise ValueError("not a map of theme settings")
    name = data.get("name") or Path(source).stem
    if not isinstance(name, str) or not name.strip():
        raise ValueError("'name' must be text")
    colors: dict[str, str] = {}
    for key in COLOR_KEYS:
        value = data.get(key)
        if value is None:
            continue
        try:
            Color.parse(str(value))
        except ColorParseError:
            raise ValueError(f"'{key}' is not a colour: {value!r}") from None
        colors[key] = str(value)
    if "primary" not in colors:
        raise ValueError("'primary' is required")
    variables = data.get("variables") or {}
    if not isinstance(variables, dict):
        raise ValueError("'variables' must be a map")
    return Theme(
        name=name,
        primary=colors["primary"],
        secondary=colors.get("secondary"),
        accent=colors.get("accent"),
        foreground=colors.get("foreground"),
        background=colors.get("background"),
        surface=colors.get("surface"),
        panel=colors.get("panel"),
        success=colors.get("success"),
        warning=colors.get("warning"),
        error=colors.get("error"),
        dark=bool(data.get("dark", True)),
        variables={str(k): str(v) for k, v in variables.items()},
    )


def _load_files(files: list[tuple[str, str]], result: ThemeLoadResult) -> None:
    for source, text in files:
        try:
            result.themes.append(theme_from_text(text, source))
        except ValueError as exc:
            result.failures.append((source, str(exc)))


def load_themes(user_dir: Path | None) -> ThemeLoadResult:
    """Load the bundled themes, then the user's (blocking: small files, read once).

    Returns:
        The themes and the failures, together, so one message can list every failure.
    """
    result = ThemeLoadResult()
    bundled = resources.files("agentui.themes")
    files = [
        (entry.name, entry.read_text(encoding="utf-8"))
        for entry in sorted(bundled.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".yaml")
    ]
    _load_files(files, result)
    if user_dir is not None and user_dir.is_dir():
        user_files: list[tuple[str, str]] = []
        for path in sorted(user_dir.glob("*.yaml")):
            try:
                user_files.append((path.name, path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError) as exc:
                result.failures.append((path.name, f"unreadable ({exc})"))
        _load_files(user_files, result)
    return result
