"""The footer of key bindings, rebuilt only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's footer, which rebuilds all its keys whenever focus or bindings may have
    changed (several times while the app starts); this one skips rebuilding the same keys."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[Hashable, ...] | None = None
        """The keys of the last rebuild asked for."""

    def _keys(self, screen: Screen[object]) -> tuple[Hashable, ...]:
        """Everything the footer draws from the screen's bindings."""
        return tuple(
            (
                key,
                binding.key,
                binding.action,
                binding.description,
                binding.tooltip,
                binding.show,
                id(binding.group),
                self.app.get_key_display(binding),
                enabled,
                tooltip,
            )
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            # Footer rebuilds in these conditions only.
            keys = self._keys(screen)
            if keys == self._shown:
                return
            self._shown = keys
        super().bindings_changed(screen)
