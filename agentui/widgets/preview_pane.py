"""The preview pane: the prompt rendered as Markdown, the raw file, or the prompt being edited."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Markdown, TextArea

from agentui.model.catalog import AgentRecord
from agentui.model.document import AgentDocument
from agentui.model.text import visible

PREVIEW_DELAY = 0.25
"""Seconds of quiet typing before the rendered preview follows the edited prompt."""
SELECT_DELAY = 0.06
"""Seconds a selection must rest before its prompt is rendered (arrowing stays fast)."""


class PreviewPane(Vertical):
    """The body as Markdown; ``r`` shows the raw file, ``b`` edits the prompt."""

    class LinkRequested(Message):
        """The user clicked a link in the prompt."""

        def __init__(self, href: str) -> None:
            super().__init__()
            self.href = href

    class BodyEdited(Message):
        """The prompt's text changed in the editor."""

        def __init__(self, body: str) -> None:
            super().__init__()
            self.body = body

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.record: AgentRecord | None = None
        self.mode = "preview"
        self._timer: Timer | None = None
        self._render_timer: Timer | None = None
        self.rendered: str | None = None
        """The body last handed to the Markdown widget."""
        self.rendered_text: str | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="markdown-scroll"):
            yield Markdown("", id="markdown", open_links=False)
        yield TextArea("", id="raw", read_only=True, language="markdown", soft_wrap=True)
        yield TextArea(
            "", id="body-editor", language="markdown", soft_wrap=True, tab_behavior="indent"
        )

    def on_mount(self) -> None:
        self.border_title = "Preview"
        self._show_mode()

    def show(
        self,
        record: AgentRecord | None,
        document: AgentDocument | None = None,
        *,
        wait: bool = False,
    ) -> None:
        """Show ``record`` (as ``document`` when edited; None clears the pane).

        Args:
            record: the agent.
            document: its edited version, when it has one.
            wait: render the prompt only once the selection rests (while arrowing).
        """
        self.record = record
        doc = document or (record.document if record else None)
        body = doc.body if doc else ""
        if doc is not None and not doc.readable:
            body = "*This file cannot be shown: it is not readable text.*"
        if self._render_timer is not None:
            self._render_timer.stop()
            self._render_timer = None
        if wait and self.rendered is not None:
            self._render_timer = self.set_timer(SELECT_DELAY, lambda: self.render_body(body))
        else:
            self.render_body(body)
        self.query_one("#markdown-scroll", VerticalScroll).scroll_home(animate=False)
        raw = self.query_one("#raw", TextArea)
        raw.load_text(visible(doc.text, keep_breaks=True) if doc else "")
        editor = self.query_one("#body-editor", TextArea)
        editor.load_text(doc.body if doc and doc.readable else "")
        if self.mode == "edit" and (doc is None or not doc.readable):
            self.set_mode("preview")

    def render_body(self, body: str) -> None:
        """Render ``body`` as Markdown (control characters made visible).

        Renders run one after another in a worker, so callers (and tests) can wait for them.
        """
        self._render_timer = None
        self.rendered = body
        self.run_worker(
            self._render_markdown(visible(body, keep_breaks=True)), group="preview-render"
        )

    async def _render_markdown(self, text: str) -> None:
        if text == self.rendered_text:
            return
        self.rendered_text = text
        await self.query_one("#markdown", Markdown).update(text)

    @property
    def pending(self) -> bool:
        """Whether a render is waiting for the selection to rest."""
        return self._render_timer is not None

    def update_raw(self, document: AgentDocument) -> None:
        """Refresh the raw view after an edit."""
        self.query_one("#raw", TextArea).load_text(visible(document.text, keep_breaks=True))

    def set_mode(self, mode: str) -> None:
        """``preview``, ``raw`` or ``edit``."""
        self.mode = mode
        self._show_mode()
        if mode == "edit":
            self.query_one("#body-editor", TextArea).focus()

    def _show_mode(self) -> None:
        self.query_one("#markdown-scroll").display = self.mode in ("preview", "edit")
        self.query_one("#raw", TextArea).display = self.mode == "raw"
        self.query_one("#body-editor", TextArea).display = self.mode == "edit"
        self.set_class(self.mode == "edit", "-editing")
        self.border_title = {
            "preview": "Preview",
            "raw": "Raw file (read-only)",
            "edit": "Prompt (editing) · preview below",
        }[self.mode]

    def toggle_raw(self) -> bool:
        """Switch between the rendered prompt and the raw file text; returns the new state."""
        self.set_mode("preview" if self.mode == "raw" else "raw")
        return self.mode == "raw"

    @property
    def raw(self) -> bool:
        """Whether the raw view is shown."""
        return self.mode == "raw"

    @on(TextArea.Changed, "#body-editor")
    def _edited(self, event: TextArea.Changed) -> None:
        event.stop()
        if self.mode != "edit":
            return
        text = event.text_area.text
        self.post_message(self.BodyEdited(text))
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(PREVIEW_DELAY, lambda: self.render_body(text))

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.post_message(self.LinkRequested(event.href))
