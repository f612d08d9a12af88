"""The agentui app: registers themes, installs the main screen, keeps the settings."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from rich.text import Text
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from agentui.commands import AgentCommands
from agentui.model.drafts import DraftStore
from agentui.model.scopes import Scope
from agentui.model.text import visible
from agentui.screens.dialogs import ConfirmScreen, HelpScreen
from agentui.screens.first_agents import FirstAgents
from agentui.screens.main import MainScreen
from agentui.settings import DEFAULT_THEME, Settings
from agentui.theming import load_themes


class AgentUI(App[None]):
    """Browse every agent in reach."""

    CSS_PATH = "app.tcss"
    TITLE = "agentui"
    COMMANDS = App.COMMANDS | {AgentCommands}
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", id="help"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(
        self,
        scopes: list[Scope],
        settings: Settings,
        *,
        subtitle: str = "",
        watch: bool = True,
        first_agents: FirstAgents | None = None,
    ) -> None:
        super().__init__()
        self.scopes = scopes
        self.first_agents = first_agents
        """The agents, when their reading started before the app (see ``agentui.cli``)."""
        self.settings = settings
        self.sub_title = subtitle
        self.watch_files = watch
        """Whether to follow the files as other tools change them."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a toast with control characters made visible: toasts quote file names and
        errors that quote paths, and a toast is drawn from any screen or thread."""
        super().notify(
            visible(message, keep_breaks=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def on_mount(self) -> None:
        result = load_themes(self.settings.themes_dir)
        for theme in result.themes:
            self.register_theme(theme)
        if result.failures:
            lines = "\n".join(f"{name}: {reason}" for name, reason in result.failures)
            self.notify(
                lines, title="Some themes did not load", severity="warning", markup=False, timeout=8
            )
        self._apply_theme(self.settings.theme)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        from agentui.screens.live import default_source

        self.push_screen(
            MainScreen(
                self.scopes,
                source_factory=default_source if self.watch_files else None,
                drafts=DraftStore(self.settings.drafts_dir),
                first_agents=self.first_agents,
            )
        )
        if self.watch_files:
            self.watch_themes()

    @work(exclusive=True, group="theme-watcher")
    async def watch_themes(self) -> None:
        """Re-apply user themes when their files change."""
        from watchfiles import awatch

        folder = self.settings.config_dir
        if not folder.is_dir():
            return
        try:
            async for _ in awatch(
                folder,
                step=50,
                debounce=200,
                recursive=True,
                watch_filter=lambda _change, path: path.endswith(".yaml") and "themes" in path,
            ):
                result = await asyncio.to_thread(load_themes, self.settings.themes_dir)
                for theme in result.themes:
                    self.register_theme(theme)
                if result.failures:
                    lines = "\n".join(f"{name}: {reason}" for name, reason in result.failures)
                    self.notify(
                        lines,
                        title="Some themes did not load",
                        severity="warning",
                        markup=False,
                        timeout=8,
                    )
                if self.theme in {theme.name for theme in result.themes}:
                    self.mutate_reactive(App.theme)
        except (OSError, RuntimeError):
            return

    def _apply_theme(self, name: str) -> None:
        if name in self.available_themes:
            self.theme = name
        else:
            self.theme = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != self.settings.theme:
            self.settings.theme = theme.name
            self._save_settings()

    @work(thread=True, exclusive=True, group="save-settings")
    def _save_settings(self) -> None:
        try:
            self.settings.save()
        except OSError as exc:
            self.call_from_thread(
                self.notify, f"Could not save settings: {exc}", severity="warning", markup=False
            )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            yield SystemCommand(
                "Filter agents", "Filter the tree as you type", screen.action_filter
            )
            yield SystemCommand(
                "Toggle raw view", "Show the file's raw text", screen.action_toggle_raw
            )
            yield SystemCommand(
                "Toggle tree pane", "Show or hide the agent tree", screen.action_toggle_tree
            )
            yield SystemCommand(
                "Toggle frontmatter pane",
                "Show or hide the fields",
                screen.action_toggle_frontmatter,
            )
        yield SystemCommand("Help", "Show the keys", self.action_help)

    async def action_quit(self) -> None:
        """Quit; with unsaved edits, ask first and list them."""
        screen = self.screen if isinstance(self.screen, MainScreen) else None
        if screen is None:
            for candidate in self.screen_stack:
                if isinstance(candidate, MainScreen):
                    screen = candidate
        dirty = screen.session.dirty() if screen is not None else []
        if not dirty:
            self.exit()
            return
        question = Text("Quit and lose the unsaved edits of:\n\n", style="bold")
        for buffer in dirty:
            question.append(f"  {visible(str(buffer.path))}\n")

        def answered(yes: bool | None) -> None:
            if yes:
                if screen is not None:
                    screen.discard_drafts()
                self.exit()

        if not isinstance(self.screen, ConfirmScreen):
            self.push_screen(ConfirmScreen(question, yes="Quit without saving"), answered)

    def action_help(self) -> None:
        """Show the help screen."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
