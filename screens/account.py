"""Step: the account's fields, prefilled from the provider and checked by the
core rule set as the person types or leaves a field."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select

from a5wizard.draft import FIELD_LABELS
from a5wizard.model import GLOBAL_ONLY_FIELDS, TlsMode
from a5wizard.validation import Problem, errors
from screens.base import WizardScreen
from screens.sandbox_view import SANDBOX_CHOICE
from screens.widgets import (
    ActionBar,
    FieldMessage,
    Note,
    StatusLine,
    TickBox,
    plain,
)

TLS_CHOICES: list[tuple[str, str]] = [
    ("Follow the port (465: TLS, others: STARTTLS)", "auto"),
    ("STARTTLS (usually port 587)", "starttls"),
    ("TLS from the start, SSL (usually port 465)", "ssl"),
]
EXTRA_LABELS = {"tls": "Encryption", "cafile": "CA file (optional)"}
FORM_MESSAGE = "form"


class AccountScreen(WizardScreen):
    """Server, port, security, username, password and the other fields."""

    STEP: ClassVar[str] = "account"
    HELP = (
        "Account: the values Artsystem5 needs, for the scope you chose. The "
        "provider filled in the server, port and security; change them only if "
        "the provider told you other values.\n\n"
        "The password is hidden; Ctrl+R shows or hides it. For Gmail, paste the "
        "16-letter app password (spaces don't matter). Office 365 requires the "
        "reply-to address to be the username, so that field follows the "
        "username.\n\n"
        "Problems show under their field as you type. Next goes on only when "
        "there are no errors; warnings (!) don't stop you.\n\n"
        "CA file: only for an in-house server whose certificate comes from your "
        "own certificate authority: the path of that authority's PEM file."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "toggle_password", "Show/hide password"),
    ]

    def __init__(self, focus: str | None = None) -> None:
        super().__init__(focus)
        self._touched: set[str] = set()
        self._show_all = False

    def compose(self) -> ComposeResult:
        """One row per field in the order of Artsystem5's form."""
        draft = self.draft
        provider = draft.provider
        yield from self.compose_frame()
        with VerticalScroll(id="form"):
            yield Note(
                plain(
                    f"Provider: {provider.name}. Typed into Artsystem5 under "
                    f"{draft.form_name()}."
                )
            )
            yield FieldMessage(id=f"{FORM_MESSAGE}-message", classes="wide")
            yield from self._text_row("server")
            yield from self._text_row("port")
            with Horizontal(classes="field"):
                yield Label("", classes="label")
                yield TickBox(
                    "Secure Connection", value=draft.account.secure, id="secure"
                )
            yield FieldMessage(id="secure-message")
            yield from self._text_row("username", hint=provider.username_hint)
            yield from self._text_row("password", hint=self._password_hint())
            reply_hint = (
                "Office 365: kept equal to the username, or it refuses the mail."
                if draft.reply_to_follows_username
                else "Where replies go; usually the username's address."
            )
            yield from self._text_row(
                "reply_to", hint=reply_hint, locked=draft.reply_to_follows_username
            )
            yield from self._text_row("bcc", hint="Optional: a copy of every mail.")
            if draft.scope == "global":
                for name in GLOBAL_ONLY_FIELDS:
                    yield from self._text_row(name)
            with Horizontal(classes="field"):
                yield Label(EXTRA_LABELS["tls"], classes="label")
                yield Select(
                    TLS_CHOICES,
                    value=draft.account.tls or "auto",
                    allow_blank=False,
                    id="tls",
                )
            yield FieldMessage(id="tls-message")
            yield from self._text_row("cafile")
        with ActionBar():
            yield StatusLine(id="status")
            yield Button("Next", id="next", variant="primary")

    def _text_row(
        self, name: str, hint: str = "", locked: bool = False
    ) -> ComposeResult:
        label = FIELD_LABELS.get(name) or EXTRA_LABELS[name]
        with Horizontal(classes="field"):
            yield Label(label, classes="label")
            yield Input(
                value=self.draft.text_of(name),
                password=name == "password",
                placeholder=self._placeholder(name),
                id=name,
                disabled=locked,
            )
        if hint:
            yield Note(hint, classes="hint", markup=False)
        yield FieldMessage(id=f"{name}-message")

    def _password_hint(self) -> str:
        sandbox = self.wizard.sandbox
        if sandbox is not None and self.draft.provider_choice == SANDBOX_CHOICE:
            return f"Type the sandbox's password: {sandbox.password}"
        return self.draft.provider.password_hint

    def _placeholder(self, name: str) -> str:
        if name == "password" and self.draft.has_stored_password:
            return "leave empty to keep the saved password"
        if name == "cafile":
            return "only for a private certificate authority"
        return ""

    def on_mount(self) -> None:
        """Focus the field asked for, else the first empty one."""
        super().on_mount()
        result = self.draft.last_result
        if self.focus_target and result is not None and result.diagnosis:
            self._show_all = True
            self.query_one(f"#{FORM_MESSAGE}-message", FieldMessage).show(
                f"The test failed: {result.diagnosis.title} Change the field "
                "with the cursor, then test again.",
                "warning",
            )
        self._refresh_messages()
        if self.focus_requested():
            return
        for field in self.query(Input):
            if not field.value and not field.disabled:
                field.focus()
                return
        self.query_one("#server", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Store each keystroke in the draft and re-check."""
        event.stop()
        name = event.input.id or ""
        if self.draft.text_of(name) == event.value:
            return
        self.draft.set_text(name, event.value)
        self._touched.add(name)
        if name == "username" and self.draft.reply_to_follows_username:
            self.query_one("#reply_to", Input).value = self.draft.account.reply_to
            self._touched.add("reply_to")
        self._refresh_messages()

    def on_input_blurred(self, event: Input.Blurred) -> None:
        """Leaving a field shows its problems even if nothing was typed."""
        self._touched.add(event.input.id or "")
        self._refresh_messages()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """Secure Connection ticked or not."""
        event.stop()
        if event.value != self.draft.account.secure:
            self.draft.set_secure(event.value)
            self._touched.add("secure")
            self._refresh_messages()

    def on_select_changed(self, event: Select.Changed) -> None:
        """Encryption mode chosen."""
        event.stop()
        value = event.value
        tls: TlsMode | None = value if value in ("ssl", "starttls") else None  # type: ignore[assignment]
        if tls != self.draft.account.tls:
            self.draft.set_tls(tls)
            self._touched.add("tls")
            self._refresh_messages()

    def _refresh_messages(self) -> list[Problem]:
        problems = self.draft.problems()
        shown: dict[str, Problem] = {}
        for problem in sorted(problems, key=lambda p: p.severity != "error"):
            name = problem.field if self._has_row(problem.field) else FORM_MESSAGE
            if name == FORM_MESSAGE and self.focus_target and not errors([problem]):
                continue
            shown.setdefault(name, problem)
        for message in self.query(FieldMessage):
            name = (message.id or "").removesuffix("-message")
            problem = shown.get(name)
            visible = self._show_all or name in self._touched or name == FORM_MESSAGE
            shows_error = problem is not None and visible
            if problem is not None and visible:
                message.show(problem.message, problem.severity)
            elif name != FORM_MESSAGE or not self.focus_target:
                message.clear()
            self._mark_field(name, shows_error and problem.severity == "error")
        return problems

    def _mark_field(self, name: str, wrong: bool) -> None:
        """Frame a field with an error heavily, so it shows without colour."""
        for field in self.query(f"#{name}"):
            field.set_class(wrong, "-problem")

    def _has_row(self, name: str) -> bool:
        return bool(self.query(f"#{name}-message"))

    def action_toggle_password(self) -> None:
        """Show or hide the password."""
        field = self.query_one("#password", Input)
        field.password = not field.password

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Next only when no field has an error."""
        event.stop()
        self._show_all = True
        found = errors(self._refresh_messages())
        if not found:
            self.wizard.go_next("account")
            return
        count = len({p.field for p in found})
        self.query_one("#status", StatusLine).say(
            f"{count} field{'s' if count > 1 else ''} to correct (marked ✘)."
        )
        first = found[0].field
        target = self.query(f"#{first}")
        if target:
            target.first().focus()
