"""The preview pane: the prompt rendered as Markdown, the raw file, or the prompt being edited.

A prompt or file too large to lay out quickly (``is_large``) is shown as literal text in a
virtualised view instead, with a notice, so that selecting it never freezes the app.
"""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Markdown, Static, TextArea

from agentui.model.catalog import AgentRecord
from agentui.model.document import AgentDocument
from agentui.model.text import visible
from agentui.widgets.plain_text import PlainText, literal_lines
from agentui.widgets.prompt_markdown import PromptMarkdown, first_screen

PREVIEW_DELAY = 0.25
"""Seconds of quiet typing before the rendered preview follows the edited prompt."""
SELECT_DELAY = 0.06
"""Seconds a selection must rest before its prompt is rendered (arrowing stays fast)."""
LARGE_TEXT_CHARS = 64_000
"""Longest text rendered as Markdown or loaded in a TextArea (about 0.3 s of layout)."""
LONG_LINE_CHARS = 20_000
"""Longest line rendered as Markdown or loaded in a TextArea: wrapping one costs more."""
UNREADABLE = "*This file cannot be shown: it is not readable text.*"


def is_large(text: str) -> bool:
    """Whether ``text`` is too large to render as Markdown or edit in a TextArea."""
    if len(text) > LARGE_TEXT_CHARS:
        return True
    return len(text) > LONG_LINE_CHARS and max(map(len, text.splitlines())) > LONG_LINE_CHARS


class PreviewPane(Vertical):
    """The body as Markdown; ``r`` shows the raw file, ``b`` edits the prompt."""

    class LinkRequested(Message):
        """The user clicked a link in the prompt."""

        def __init__(self, href: str) -> None:
            super().__init__()
            self.href = href

    class Drawn(Message):
        """A prompt's first screen is on the terminal."""

    class BodyEdited(Message):
        """The prompt's text changed in the editor."""

        def __init__(self, body: str) -> None:
            super().__init__()
            self.body = body

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.record: AgentRecord | None = None
        self.document: AgentDocument | None = None
        """The version shown (the edited one, when there are edits)."""
        self.mode = "preview"
        self._timer: Timer | None = None
        self._render_timer: Timer | None = None
        self.rendered: str | None = None
        """The body last handed to the Markdown widget."""
        self.rendered_text: str | None = None
        self.large_body = False
        """Whether the body shown is too large for Markdown (shown as plain text)."""
        self._plain_source: str | None = None
        self._plain_generation = 0
        self._raw_source: str | None = None
        self._editor_text: str | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="large-notice")
        with VerticalScroll(id="markdown-scroll"):
            yield PromptMarkdown("", id="markdown", open_links=False)
        yield PlainText(id="plain")

    def _text_area(self, name: str) -> TextArea:
        """The raw view (``raw``) or the prompt editor (``body-editor``).

        Both are mounted once first needed, or once the first prompt is drawn: each parses
        its text for highlighting, which the first paint should not wait for.
        """
        if not self.query("#raw"):
            self.mount(
                TextArea("", id="raw", read_only=True, language="markdown", soft_wrap=True),
                TextArea(
                    "", id="body-editor", language="markdown", soft_wrap=True, tab_behavior="indent"
                ),
            )
            self._show_mode()
        return self.query_one(f"#{name}", TextArea)

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
        self.document = doc
        body = doc.body if doc else ""
        if doc is not None and not doc.readable:
            body = UNREADABLE
        if self._render_timer is not None:
            self._render_timer.stop()
            self._render_timer = None
        if wait and self.rendered is not None:
            self._render_timer = self.set_timer(SELECT_DELAY, lambda: self.render_body(body))
        else:
            self.render_body(body)
        self.query_one("#markdown-scroll", VerticalScroll).scroll_home(animate=False)
        if self.mode == "edit" and (doc is None or not doc.readable or is_large(doc.body)):
            self.set_mode("preview")
        else:
            self._load_mode()

    def render_body(self, body: str) -> None:
        """Render ``body`` as Markdown (control characters made visible), or as plain text
        when it is large.

        Renders run in workers, so callers (and tests) can wait for them.
        """
        self._render_timer = None
        self.rendered = body
        self.large_body = is_large(body)
        if self.large_body:
            if self.mode != "raw":
                self._show_plain(body)
        else:
            self.run_worker(
                self._render_markdown(visible(body, keep_breaks=True)), group="preview-render"
            )
        self._show_mode()

    async def _render_markdown(self, text: str) -> None:
        if text == self.rendered_text:
            return
        self.rendered_text = text
        markdown = self.query_one("#markdown", PromptMarkdown)
        size = self.query_one("#markdown-scroll", VerticalScroll).scrollable_content_region.size
        head, tail = first_screen(text, size.width, size.height)
        with PromptMarkdown.code_coloured_later():
            # Appending to an empty document parses at once: no pause for a frame without it.
            rendering = markdown.update(head) if markdown.source else markdown.append(head)
        await rendering
        await self.wait_for_refresh()
        self.post_message(self.Drawn())
        markdown.colour_code()
        self._text_area("raw")
        # Then the rest, unless another prompt came meanwhile.
        if tail and self.rendered_text == text:
            await markdown.append(tail)

    def _show_plain(self, text: str) -> None:
        """Show ``text`` in the plain view; its lines are prepared in a thread."""
        if text == self._plain_source:
            return
        self._plain_source = text
        self._plain_generation += 1
        self.run_worker(self._load_plain(text, self._plain_generation), group="preview-render")

    async def _load_plain(self, text: str, generation: int) -> None:
        lines = await asyncio.to_thread(literal_lines, text)
        if generation == self._plain_generation:
            self.query_one("#plain", PlainText).set_lines(lines)
            await self.wait_for_refresh()
            self.post_message(self.Drawn())

    @property
    def pending(self) -> bool:
        """Whether a render is waiting for the selection to rest."""
        return self._render_timer is not None

    def update_raw(self, document: AgentDocument) -> None:
        """Refresh the raw view after an edit."""
        self.document = document
        if self.mode == "raw":
            self._load_mode()

    def _load_mode(self) -> None:
        """Load the raw view or the editor when shown (they are not kept up to date hidden)."""
        doc = self.document
        if self.mode == "raw":
            text = doc.text if doc else ""
            if is_large(text):
                self._show_plain(text)
            elif text != self._raw_source:
                self._text_area("raw").load_text(visible(text, keep_breaks=True))
            self._raw_source = text
        elif self.mode == "edit":
            body = doc.body if doc and doc.readable else ""
            if body != self._editor_text:
                self._editor_text = body
                self._text_area("body-editor").load_text(body)
        elif self.large_body and self.rendered is not None:
            self._show_plain(self.rendered)
        self._show_mode()

    def set_mode(self, mode: str) -> None:
        """``preview``, ``raw`` or ``edit``."""
        self.mode = mode
        self._load_mode()
        if mode == "edit":
            self._text_area("body-editor").focus()

    def _show_mode(self) -> None:
        raw_text = self.document.text if self.document and self.mode == "raw" else ""
        plain_raw = self.mode == "raw" and is_large(raw_text)
        plain = plain_raw or (self.mode != "raw" and self.large_body)
        self.query_one("#markdown-scroll").display = self.mode != "raw" and not plain
        self.query_one("#plain", PlainText).display = plain
        for raw in self.query("#raw"):
            raw.display = self.mode == "raw" and not plain
        for editor in self.query("#body-editor"):
            editor.display = self.mode == "edit"
        notice = self.query_one("#large-notice", Static)
        notice.display = plain
        if plain:
            what = "file" if plain_raw else "prompt"
            notice.update(
                Text(
                    f"Large {what} shown as plain text: Markdown and highlighting stop at "
                    f"{LARGE_TEXT_CHARS:,} characters, or a line of {LONG_LINE_CHARS:,}.",
                    style="italic",
                )
            )
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
        text = event.text_area.text
        if self.mode != "edit" or text == self._editor_text:
            return
        self._editor_text = text
        self.post_message(self.BodyEdited(text))
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(PREVIEW_DELAY, lambda: self.render_body(text))

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.post_message(self.LinkRequested(event.href))
