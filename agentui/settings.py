"""User settings: read once at start, passed to the app, saved when they change."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from agentui.model.yamlsafe import YamlProblem, safe_parse

DEFAULT_THEME = "agentui-dark"


def default_config_dir() -> Path:
    """agentui's config folder: $AGENTUI_CONFIG_DIR, else the platform's user config folder."""
    override = os.environ.get("AGENTUI_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("agentui", appauthor=False))


@dataclass(slots=True)
class Settings:
    """What a user chose, kept between runs.

    Attributes:
        config_dir: where settings and user themes live.
        theme: the theme's name.
    """

    config_dir: Path = field(default_factory=default_config_dir)
    theme: str = DEFAULT_THEME

    @property
    def path(self) -> Path:
        """The settings file."""
        return self.config_dir / "settings.yaml"

    @property
    def themes_dir(self) -> Path:
        """The folder of user theme files."""
        return self.config_dir / "themes"

    @property
    def drafts_dir(self) -> Path:
        """Where drafts of unsaved edits are kept until they are saved or discarded."""
        return self.config_dir / "drafts"

    @classmethod
    def load(cls, config_dir: Path | None = None) -> Settings:
        """Read the settings file; a missing or broken one gives the defaults."""
        settings = cls(config_dir) if config_dir else cls()
        try:
            data = safe_parse(settings.path.read_text(encoding="utf-8")).data
        except (OSError, UnicodeDecodeError, YamlProblem):
            return settings
        if isinstance(data, dict) and isinstance(data.get("theme"), str):
            settings.theme = data["theme"]
        return settings

    def save(self) -> None:
        """Write the settings file (blocking: call it from a worker)."""
        self.config_dir.mkdir(parents=True, exist_ok=True)
        data = {k: v for k, v in asdict(self).items() if k != "config_dir"}
        temp = self.path.with_suffix(".yaml.agentui-tmp")
        temp.write_text(yaml.safe_dump(data, sort_keys=True), encoding="utf-8")
        os.replace(temp, self.path)
