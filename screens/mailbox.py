"""The sandbox's mailbox: each message its mail server received, with the
envelope, the headers and the body, so the person sees what a recipient gets
and where the BCC copy went."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from a5wizard.text import clean
from screens.widgets import StepHeader, plain, rows_table

if TYPE_CHECKING:
    from a5wizard.sandbox import MailboxMessage, Sandbox
    from screens.app import WizardApp

NO_MAIL = (
    "No message yet. Run a test send on the Test send step: the message the "
    "sandbox's mail server receives shows here."
)


def received_time(message: MailboxMessage) -> str:
    """When the message arrived, e.g. "09:30:00 UTC"."""
    return message.received.strftime("%H:%M:%S UTC")


def recipients_words(message: MailboxMessage) -> str:
    """The envelope recipients in one line, the BCC copies marked."""
    hidden = set(message.hidden_recipients)
    return ", ".join(
        f"{r} (hidden copy)" if r in hidden else r for r in message.rcpt_tos
    )


def message_option(message: MailboxMessage) -> Option:
    """Number, time and subject; then the envelope's sender and recipients."""
    text = Content.assemble(
        (f"#{message.number}", "bold"),
        f"  {received_time(message)}  ",
        (clean(message.subject) or "(no subject)", "bold"),
        "\n    from ",
        plain(message.mail_from),
        "\n    to ",
        plain(recipients_words(message)),
    )
    return Option(text, id=f"message-{message.number}")


def message_text(message: MailboxMessage) -> Content:
    """The envelope, every header and the body of one message."""
    hidden = set(message.hidden_recipients)
    envelope = [("From", message.mail_from)]
    envelope += [("To", r) for r in message.rcpt_tos if r not in hidden]
    envelope += [("Hidden copy", r) for r in message.rcpt_tos if r in hidden]
    headers = [
        Content.assemble((f"{name}: ", "bold"), plain(value))
        for name, value in message.headers
    ]
    lines = [
        Content.assemble(
            ("Envelope", "bold"),
            " (a hidden copy, BCC, is in no header: recipients never see it)",
        ),
        rows_table(envelope, width=13),
        Content(""),
        Content.assemble(("Headers", "bold"), " (what the recipient's program gets)"),
        *headers,
        Content(""),
        Content.assemble(("Body", "bold"), f" ({message.size} bytes in all)"),
        Content(clean(message.body, keep_newlines=True)),
    ]
    return Content("\n").join(lines)


class MailboxScreen(Screen[None]):
    """Every message the sandbox received; the highlighted one in full below."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
    ]
    HELP = (
        "Mailbox: the messages the sandbox's mail server received, newest "
        "highlighted. Up and Down choose a message; Tab moves to its text, where "
        "the arrow keys scroll.\n\n"
        "The envelope is what the sending program told the server: the sender "
        "and every recipient, including the hidden copy (BCC), which appears in "
        "no header. The headers and body are what a recipient gets.\n\n"
        "Escape or F3 goes back to where you were."
    )

    def __init__(self, sandbox: Sandbox) -> None:
        super().__init__()
        self.sandbox = sandbox

    def compose(self) -> ComposeResult:
        """The list of messages and the highlighted message's text."""
        mark = cast("WizardApp", self.app).mode_mark
        yield StepHeader("a5wizard — Sandbox mailbox", mark)
        yield Footer(show_command_palette=False, compact=True)
        yield Static(id="mailbox-summary")
        yield OptionList(id="messages")
        with VerticalScroll(id="message"):
            yield Static(id="message-text")

    def on_mount(self) -> None:
        """Show what arrived so far, the newest message highlighted."""
        self.show_messages()
        self.query_one("#messages", OptionList).focus()

    def show_messages(self) -> None:
        """Fill the list again (a message arrived); highlight the newest."""
        messages = self.sandbox.messages()
        listed = self.query_one("#messages", OptionList)
        listed.clear_options()
        listed.add_options([message_option(m) for m in messages])
        listed.display = bool(messages)
        summary = self.query_one("#mailbox-summary", Static)
        if not messages:
            summary.update(NO_MAIL)
            self.query_one("#message-text", Static).update("")
            return
        count = len(messages)
        summary.update(
            f"{count} message{'s' if count > 1 else ''} received by the sandbox "
            "(Escape: back to the wizard)."
        )
        listed.highlighted = count - 1
        self._show(messages[-1])

    def on_option_list_option_highlighted(
        self, event: OptionList.OptionHighlighted
    ) -> None:
        """Show the highlighted message in full."""
        event.stop()
        number = int(str(event.option.id).removeprefix("message-"))
        for message in self.sandbox.messages():
            if message.number == number:
                self._show(message)

    def _show(self, message: MailboxMessage) -> None:
        self.query_one("#message-text", Static).update(message_text(message))
        self.query_one("#message", VerticalScroll).scroll_home(animate=False)

    def action_close(self) -> None:
        """Back to the wizard."""
        self.dismiss()
