"""The report for support, offered on the test step after a failure: written
in the background, then the note says where the file is (it holds no password)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import work
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from screens.widgets import plain

if TYPE_CHECKING:
    from a5wizard.secret_store import SecretStore
    from screens.app import WizardApp


class ReportNote(Static):
    """Writes the report for support and shows where it went, or why it did not."""

    class Done(Message):
        """The report was written (ok) or could not be."""

        def __init__(self, ok: bool) -> None:
            super().__init__()
            self.ok = ok

    def write(self, app: WizardApp) -> None:
        """Start writing the report for the app's config (or its sandbox)."""
        self.update("")
        self._write(app.config, app.secret_store, app.transcript_folder())

    @work(thread=True, exclusive=True, group="report")
    def _write(
        self, config: Path, store: SecretStore | None, transcripts: Path
    ) -> None:
        """In a thread: the report reads the config, secret store and transcripts."""
        from a5wizard.report import write_report

        try:
            path = write_report(config, store=store, transcripts=transcripts)
        except OSError as error:
            where = error.filename or "the reports folder"
            reason = error.strerror or str(error)
            self.app.call_from_thread(self._failed, f"{where}: {reason}")
            return
        self.app.call_from_thread(self._written, path)

    def _written(self, path: Path) -> None:
        shown = cast("WizardApp", self.app).show_path(path)
        self.update(
            Content.assemble(
                ("Report for support saved: ", "bold"),
                plain(shown),
                "\nIt holds no password. Send this file to support.",
            )
        )
        self.call_after_refresh(self.scroll_visible, animate=False)
        self.post_message(self.Done(ok=True))

    def _failed(self, reason: str) -> None:
        self.update(
            Content.assemble(("✘ The report was not saved: ", "bold"), plain(reason))
        )
        self.call_after_refresh(self.scroll_visible, animate=False)
        self.post_message(self.Done(ok=False))
