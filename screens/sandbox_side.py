"""The wizard app's sandbox side: the practice server's mark on every screen,
its mailbox and failure playback on F3 and F4, its in-memory secret store and
its own transcript folder. Without a sandbox, none of it shows."""

from __future__ import annotations

import logging
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from screens.widgets import StepHeader

if TYPE_CHECKING:
    from a5wizard.sandbox import MailboxMessage, Sandbox
    from a5wizard.secret_store import SecretStore

SANDBOX_HELP = (
    "Sandbox: this run uses a practice mail server on this computer, a "
    "throwaway config and an in-memory password store; nothing real is "
    "touched. Its password is on the first screen. The Sandbox provider fills "
    "in everything else. F3 shows the mail it received; F4 makes it answer "
    "like Gmail or Office 365 do when something is wrong."
)


class MailArrived(Message):
    """The sandbox's mail server received a message (posted from its thread)."""

    def __init__(self, mail: MailboxMessage) -> None:
        super().__init__()
        self.mail = mail


class SandboxSide(App[int]):
    """What the app does differently when it runs on a sandbox."""

    SANDBOX_BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f3", "mailbox", "Mailbox"),
        Binding("f4", "play_failure", "Play a failure"),
    ]
    """Keys shown in every footer in sandbox mode (the app lists them after F1)."""
    SANDBOX_ACTIONS = ("mailbox", "play_failure")

    def __init__(self, sandbox: Sandbox | None) -> None:
        super().__init__()
        self.sandbox = sandbox
        if sandbox is not None:
            sandbox.on_message = self._mail_arrived

    @property
    def mode_mark(self) -> str:
        """The mark shown on every screen's header (SANDBOX in sandbox mode)."""
        if self.sandbox is None:
            return ""
        scenario = self.sandbox.scenario
        return "SANDBOX" if scenario is None else f"SANDBOX · playing: {scenario.title}"

    @property
    def secret_store(self) -> SecretStore | None:
        """The sandbox's in-memory store, or None for the config's own store."""
        return self.sandbox.store if self.sandbox is not None else None

    def transcript_folder(self) -> Path:
        """Where check transcripts go (the sandbox keeps its own)."""
        if self.sandbox is not None:
            return self.sandbox.transcript_dir
        from a5wizard.paths import transcript_dir

        return transcript_dir()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The mailbox and failure playback exist only in sandbox mode."""
        if action in self.SANDBOX_ACTIONS:
            return self.sandbox is not None
        return True

    def action_mailbox(self) -> None:
        """Show the sandbox's mailbox; the same key closes it."""
        from screens.mailbox import MailboxScreen

        if isinstance(self.screen, MailboxScreen):
            self.pop_screen()
        elif self.sandbox is not None and not self._showing(MailboxScreen):
            self.push_screen(MailboxScreen(self.sandbox))

    def action_play_failure(self) -> None:
        """Choose a failure for the sandbox's server to play back."""
        from screens.playback import PlaybackScreen

        sandbox = self.sandbox
        if sandbox is None or self._showing(PlaybackScreen):
            return

        def chosen(scenario_id: str | None) -> None:
            if scenario_id is not None:
                self.play(scenario_id or None)

        current = sandbox.scenario.id if sandbox.scenario else ""
        self.push_screen(PlaybackScreen(current), chosen)

    def play(self, scenario_id: str | None) -> None:
        """Make the sandbox play back a failure (None: behave normally)."""
        if self.sandbox is None:
            return
        scenario = self.sandbox.play(scenario_id)
        for screen in self.screen_stack:
            for header in screen.query(StepHeader):
                header.set_mark(self.mode_mark)
        if scenario is None:
            self.notify("The sandbox's mail server behaves normally again.")
        else:
            self.notify(
                f"The sandbox now plays: {scenario.title}. Run a test to see "
                "the diagnosis."
            )

    def _showing(self, screen_type: type[Screen[Any]]) -> bool:
        return any(isinstance(s, screen_type) for s in self.screen_stack)

    def _mail_arrived(self, mail: MailboxMessage) -> None:
        """Server thread: hand the message to the app's own thread."""
        self.post_message(MailArrived(mail))

    def on_mail_arrived(self, event: MailArrived) -> None:
        """Refresh an open mailbox and say a message came in."""
        from screens.mailbox import MailboxScreen
        from screens.test_send import TestSendScreen

        for screen in self.screen_stack:
            if isinstance(screen, MailboxScreen):
                screen.show_messages()
        # The test step says where its own message went; elsewhere, tell.
        if not isinstance(self.screen, MailboxScreen | TestSendScreen):
            self.notify(
                f"Message {event.mail.number} arrived in the sandbox mailbox: "
                "F3 shows it."
            )


@contextmanager
def quiet_mail_log() -> Iterator[None]:
    """Keep aiosmtpd's session log (tracebacks on TLS failures, on purpose in
    the failure playback) from printing over the screen."""
    log = logging.getLogger("mail.log")
    level = log.level
    log.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        log.setLevel(level)


@contextmanager
def exit_on_hangup(app: App[int]) -> Iterator[None]:
    """A closed terminal (SIGHUP) or a kill (SIGTERM) ends the app the normal
    way, so the sandbox after it is stopped and its folder removed."""
    numbers = [getattr(signal, name, None) for name in ("SIGHUP", "SIGTERM")]
    caught = [number for number in numbers if number is not None]

    def end(number: int, frame: object) -> None:
        app.exit(128 + number)

    previous = {number: signal.signal(number, end) for number in caught}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
