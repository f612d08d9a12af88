"""The preview pane: the prompt rendered as Markdown, or the file's raw text."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Markdown, TextArea

from agentui.model.catalog import AgentRecord
from agentui.model.text import visible


class PreviewPane(Vertical):
    """The body as Markdown; ``r`` toggles a read-only view of the whole file's text."""

    class LinkRequested(Message):
        """The user clicked a link in the prompt."""

        def __init__(self, href: str) -> None:
            super().__init__()
            self.href = href

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.record: AgentRecord | None = None
        self.raw = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="markdown-scroll"):
            yield Markdown("", id="markdown", open_links=False)
        yield TextArea("", id="raw", read_only=True, language="markdown", soft_wrap=True)

    def on_mount(self) -> None:
        self.border_title = "Preview"
        self.query_one("#raw", TextArea).display = False

    def show(self, record: AgentRecord | None) -> None:
        """Show ``record``'s body (None clears the pane)."""
        self.record = record
        body = record.document.body if record else ""
        if record is not None and not record.document.readable:
            body = "*This file cannot be shown: it is not readable text.*"
        self.query_one("#markdown", Markdown).update(visible(body, keep_breaks=True))
        self.query_one("#markdown-scroll", VerticalScroll).scroll_home(animate=False)
        raw = self.query_one("#raw", TextArea)
        raw.load_text(visible(record.document.text, keep_breaks=True) if record else "")

    def toggle_raw(self) -> bool:
        """Switch between the rendered prompt and the raw file text; returns the new state."""
        self.raw = not self.raw
        self.query_one("#markdown-scroll").display = not self.raw
        self.query_one("#raw", TextArea).display = self.raw
        self.border_title = "Raw file (read-only)" if self.raw else "Preview"
        return self.raw

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.post_message(self.LinkRequested(event.href))
