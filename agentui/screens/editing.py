"""Actions on agents as files, and on the prompt: mixed into the main screen.

Each action asks what it needs in a dialog, then calls the model; the model never
overwrites a file and checks every target stays inside its scope folder.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import SuspendNotSupported
from textual.message import Message

from agentui.model.catalog import AgentRecord
from agentui.model.edit import EditError
from agentui.model.files import TargetOutsideError
from agentui.model.operations import (
    OperationError,
    create_agent,
    delete_agent,
    duplicate_agent,
    move_agent,
    name_problem,
    new_agent_text,
    rename_agent,
)
from agentui.model.portable import make_portable
from agentui.model.schema import Kind
from agentui.model.text import one_line, visible
from agentui.screens.dialogs import ConfirmScreen, DiffScreen, NameScreen, NewAgent, NewAgentScreen

if TYPE_CHECKING:
    from agentui.screens.main import MainScreen


GONE = {"trash": "moved to the trash"}
"""How a deleted file went, by ``delete_agent``'s answer (else it was deleted for good)."""


class EditingActions:
    """The main screen's file and prompt actions."""

    class OperationEnded(Message):
        """A file operation run in a thread ended: ``result`` is what it returned, or
        ``error`` why nothing changed."""

        def __init__(
            self,
            result: object,
            error: OperationError | None,
            done: str | Callable[[Any], str],
            after: Callable[[], None] | None,
        ) -> None:
            super().__init__()
            self.result = result
            self.error = error
            self.done = done
            self.after = after

    def _screen(self) -> MainScreen:
        return self  # type: ignore[return-value]

    def _writable(self) -> AgentRecord | None:
        screen = self._screen()
        record = screen.current
        if record is None:
            screen.notify("Select an agent first.", markup=False)
            return None
        if not screen.editable(record):
            why = (
                "a plugin's agents are replaced by its updates"
                if record.scope.read_only
                else ("the file is not readable text")
            )
            screen.notify(f"This agent is read-only: {why}.", severity="warning", markup=False)
            return None
        return record

    def _clean(self, record: AgentRecord, what: str) -> bool:
        screen = self._screen()
        buffer = screen.session.get(record.path)
        if buffer is not None and buffer.dirty:
            screen.notify(
                f"Save or undo the unsaved edits of {one_line(record.path.name, 120)} "
                f"before you {what}.",
                severity="warning",
                markup=False,
            )
            return False
        return True

    def _folder_for(self, label: str) -> Path | None:
        for scope in self._screen().scopes:
            if scope.label == label and scope.kind is Kind.CLAUDE_CODE and not scope.read_only:
                return scope.folder
        return None

    def action_diff(self) -> None:
        """Show the selected agent's unsaved edits as a diff."""
        screen = self._screen()
        record = screen.current
        if record is None:
            return
        buffer = screen.session.get(record.path)
        diff = buffer.diff() if buffer is not None else ""
        screen.app.push_screen(DiffScreen(f"Unsaved changes: {record.relative_path}", diff))

    def action_edit_body(self) -> None:
        """Edit the prompt in place; the preview follows as you type."""
        screen = self._screen()
        record = self._writable()
        if record is None:
            return
        from agentui.widgets.preview_pane import PreviewPane, is_large

        pane = screen.query_one("#preview-pane", PreviewPane)
        if pane.mode == "edit":
            pane.set_mode("preview")
            return
        body = screen.buffer_for(record).current.body
        if is_large(body):
            screen.notify(
                "This prompt is too large to edit here; edit it with e ($EDITOR).",
                severity="warning",
                markup=False,
            )
            return
        if visible(body, keep_breaks=True) != body:
            screen.notify(
                "This prompt holds control characters; edit it with e ($EDITOR).",
                severity="warning",
                markup=False,
            )
            return
        pane.set_mode("edit")

    def action_external_editor(self) -> None:
        """Open the file in $VISUAL or $EDITOR, then read it again."""
        screen = self._screen()
        record = self._writable()
        if record is None or not self._clean(record, "open it in another editor"):
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        try:
            with screen.app.suspend():
                subprocess.call([*shlex.split(editor), str(record.path)])
        except SuspendNotSupported:
            screen.notify("This terminal cannot hand over to another editor.", markup=False)
            return
        except OSError as exc:
            screen.notify(visible(f"Could not run {editor}: {exc}"), severity="error", markup=False)
            return
        screen.reload_from_disk(record)

    def action_make_portable(self) -> None:
        """Rewrite only the broken values so strict YAML and Claude Code read the same."""
        screen = self._screen()
        record = self._writable()
        if record is None:
            return
        buffer = screen.buffer_for(record)
        try:
            portable = make_portable(buffer.current)
        except EditError as exc:
            screen.notify(
                f"Cannot make this file portable: {visible(str(exc))}.",
                severity="warning",
                markup=False,
            )
            return
        if portable is buffer.current:
            screen.notify("This file is already valid YAML.", markup=False)
            return
        from agentui.model.buffer import text_diff

        diff = text_diff(buffer.current.text, portable.text, record.path.name)
        question = Text("Make portable: rewrite only these values?\n\n", style="bold")
        for line in diff.splitlines()[2:]:
            style = "green" if line.startswith("+") else "red" if line.startswith("-") else "dim"
            question.append(visible(line)[:400] + "\n", style=style)

        def answered(yes: bool | None) -> None:
            if yes:
                buffer.apply(portable, "\0portable")
                screen.show_record(record, immediate=True)
                screen.refresh_dirty()
                screen.notify("Rewritten: press ctrl+s to save.", markup=False)

        screen.app.push_screen(ConfirmScreen(question, yes="Rewrite"), answered)

    def action_new_agent(self) -> None:
        """Create an agent in the project or user scope."""
        screen = self._screen()
        labels = [label for label in ("Project", "User") if self._folder_for(label) is not None]
        if not labels:
            screen.notify("No project or user agents folder is in reach here.", markup=False)
            return

        def check(scope: str, name: str) -> str | None:
            problem = name_problem(name)
            if problem:
                return problem
            folder = self._folder_for(scope)
            if folder is not None and (folder / f"{name}.md").exists():
                return f"{scope} already has {name}.md."
            return None

        def created(values: NewAgent | None) -> None:
            if values is None:
                return
            folder = self._folder_for(values.scope)
            assert folder is not None
            text = new_agent_text(
                values.name,
                values.description,
                model=values.model,
                color=values.color,
                tools=values.tools or None,
            )
            self._run(lambda: create_agent(folder, values.name, text), f"Created {values.name}.md.")

        screen.app.push_screen(NewAgentScreen(labels, check), created)

    def _run(
        self,
        operation: Callable[[], object],
        done: str | Callable[[Any], str],
        after: Callable[[], None] | None = None,
    ) -> None:
        """Run a file operation in a thread. Then, on the event loop: ``after`` and the
        message ``done`` (or ``done(result)``), and the agents listed again with the path it
        returned selected; or why nothing changed."""
        self._operate(operation, done, after)

    @work(thread=True, group="file-operation", description="change agent files")
    def _operate(
        self,
        operation: Callable[[], object],
        done: str | Callable[[Any], str],
        after: Callable[[], None] | None,
    ) -> None:
        screen = self._screen()
        try:
            result = operation()
        except OperationError as exc:
            screen.post_message(self.OperationEnded(None, exc, done, after))
        else:
            screen.post_message(self.OperationEnded(result, None, done, after))

    def on_editing_actions_operation_ended(self, event: OperationEnded) -> None:
        screen = self._screen()
        if event.error is not None:
            screen.notify(
                visible(str(event.error)), title="Nothing changed", severity="error", markup=False
            )
            return
        if event.after is not None:
            event.after()
        text = event.done if isinstance(event.done, str) else event.done(event.result)
        screen.notify(visible(text), markup=False, timeout=4)
        screen.load_agents(select=event.result if isinstance(event.result, Path) else None)

    def _ask_name(self, title: str, initial: str, record: AgentRecord, act: object) -> None:
        screen = self._screen()

        def check(name: str) -> str | None:
            problem = name_problem(name)
            if problem:
                return problem
            if (record.path.parent / f"{name}.md").exists():
                return f"{name}.md already exists here."
            return None

        def answered(name: str | None) -> None:
            if name:
                act(name)  # type: ignore[operator]

        screen.app.push_screen(NameScreen(Text(title, style="bold"), initial, check), answered)

    def save_copy(self, record: AgentRecord) -> None:
        """Write the unsaved version to a new file under a new name; the original then shows
        the file on disk."""
        screen = self._screen()
        document = screen.buffer_for(record).current

        def copy(name: str) -> None:
            def saved() -> None:
                screen.session.discard(record.path)
                record.conflict = None
                record.deleted_on_disk = False

            self._run(
                lambda: duplicate_agent(document, record.path.parent, name),
                f"Your version is saved as {name}.md.",
                saved,
            )

        self._ask_name("Save your version as:", f"{record.file_stem}-mine", record, copy)

    def _record_at(self, path: Path) -> AgentRecord | None:
        return next((r for r in self._screen().records if r.path == path), None)

    def offer_copy(self, path: Path, reason: str) -> None:
        """After a save refused for good (a read-only file or folder), offer to save the
        edits as a new agent in the same folder."""
        screen = self._screen()
        record = self._record_at(path)
        if record is None:
            return
        question = Text(f"{one_line(path.name, 120)} was not saved\n\n", style="bold")
        question.append(f"{visible(reason)}.\nNothing was written; your edits are kept.\n\n")
        question.append("Save your version as a new agent in the same folder?")

        def answered(yes: bool | None) -> None:
            if yes:
                self.save_copy(record)

        screen.app.push_screen(ConfirmScreen(question, yes="Save as copy"), answered)

    def confirm_target(self, path: Path, outside: TargetOutsideError, force: bool) -> None:
        """Ask before a save writes to where an agent file really leads, when that is
        outside its agents folder or not a Markdown file; the target is shown in full."""
        screen = self._screen()
        record = self._record_at(path)
        if record is None:
            return
        question = Text("Saving ", style="bold")
        question.append(one_line(record.relative_path, 200), style="bold")
        question.append(" writes to another file:\n\n", style="bold")
        question.append(visible(str(outside.target)), style="bold reverse")
        reason = visible(outside.reason)
        question.append(f"\n\n{reason[:1].upper()}{reason[1:]}. ")
        question.append("Write your edits to that file?")

        def answered(yes: bool | None) -> None:
            if yes:
                screen._save(record, force, outside.target)
            else:
                screen.notify(
                    f"{one_line(path.name, 120)}: nothing was written; your edits are kept.",
                    title="Not saved",
                    severity="warning",
                    markup=False,
                )

        screen.app.push_screen(ConfirmScreen(question, yes="Write to it"), answered)

    def action_duplicate_agent(self) -> None:
        """Copy the selected agent under a new name, in the same folder."""
        record = self._writable()
        if record is None:
            return
        document = self._screen().buffer_for(record).current
        self._ask_name(
            f"Duplicate {visible(record.name)} as:",
            f"{record.file_stem}-copy",
            record,
            lambda name: self._run(
                lambda: duplicate_agent(document, record.path.parent, name),
                f"Duplicated as {name}.md.",
            ),
        )

    def action_rename_agent(self) -> None:
        """Rename the selected agent: its name field and its file together."""
        record = self._writable()
        if record is None or not self._clean(record, "rename it"):
            return

        def rename(name: str) -> None:
            self._run(
                lambda: rename_agent(record.document, record.path, name),
                f"Renamed to {name}.",
                lambda: self._screen().session.discard(record.path),
            )

        self._ask_name(f"Rename {visible(record.name)} to:", record.file_stem, record, rename)

    def action_move_agent(self) -> None:
        """Move the selected agent between the project and user scopes."""
        screen = self._screen()
        record = self._writable()
        if record is None or not self._clean(record, "move it"):
            return
        target_label = {"Project": "User", "User": "Project"}.get(record.scope.label)
        folder = self._folder_for(target_label) if target_label else None
        if folder is None or target_label is None:
            screen.notify(
                "Only project and user agents move between those two scopes.", markup=False
            )
            return
        question = Text(f"Move {one_line(record.path.name, 120)} to the {target_label} scope?\n\n")
        question.append(visible(str(folder / record.path.name)), style="bold")

        def answered(yes: bool | None) -> None:
            if yes:
                self._run(
                    lambda: move_agent(record.document, record.path, folder),
                    f"Moved to {target_label}.",
                    lambda: screen.session.discard(record.path),
                )

        screen.app.push_screen(ConfirmScreen(question, yes="Move"), answered)

    def action_delete_agent(self) -> None:
        """Delete the selected agent's file, after a confirmation naming it."""
        screen = self._screen()
        record = self._writable()
        if record is None:
            return
        question = Text("Delete this file?\n\n")
        question.append(visible(str(record.path)), style="bold")
        question.append("\n\nIt goes to the system trash where there is one.", style="dim")

        def answered(yes: bool | None) -> None:
            if yes:
                name = one_line(record.path.name, 120)
                self._run(
                    lambda: delete_agent(record.path),
                    lambda where: f"{name} {GONE.get(where, 'deleted')}.",
                    lambda: screen.session.discard(record.path),
                )

        screen.app.push_screen(ConfirmScreen(question, yes="Delete"), answered)
