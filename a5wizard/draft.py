"""The account being set up or changed in the wizard: its scope, provider,
fields, password, checklist ticks and last check, kept between screens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Literal

from a5wizard.check.steps import CheckResult
from a5wizard.model import (
    GLOBAL,
    GLOBAL_ONLY_FIELDS,
    Account,
    GlobalAccount,
    SecretStoreKind,
    Settings,
    TlsMode,
    UserAccount,
)
from a5wizard.providers import ChecklistItem, Provider, apply_provider, get_provider
from a5wizard.secret import Secret

if TYPE_CHECKING:
    from a5wizard.validation import Problem

Scope = Literal["global", "individual"]
Step = Literal[
    "scope", "user", "provider", "checklist", "account", "review", "test", "saved"
]

GLOBAL_FORM = (
    "server",
    "port",
    "secure",
    "username",
    "password",
    "reply_to",
    "bcc",
    *GLOBAL_ONLY_FIELDS,
)
"""Fields of Artsystem5's Settings > Advanced, in the order the form shows them."""

USER_FORM = GLOBAL_FORM[:7]
"""Fields of Artsystem5's Settings > User Details, in the form's order."""

FIELD_LABELS = {
    "server": "Server",
    "port": "Port",
    "secure": "Secure Connection",
    "username": "Username",
    "password": "Password",
    "reply_to": "Reply-to",
    "bcc": "BCC",
    "from_name": "From name",
    "street": "Street",
    "city": "City",
    "country": "Country",
}

TEXT_FIELDS = ("server", "username", "reply_to", "bcc", *GLOBAL_ONLY_FIELDS)


def journey(scope: Scope | None) -> tuple[Step, ...]:
    """The wizard's steps for a scope, in order (the user step only for one user)."""
    steps: tuple[Step, ...] = ("scope", "provider", "checklist", "account")
    if scope == "individual":
        steps = ("scope", "user", "provider", "checklist", "account")
    return (*steps, "review", "test", "saved")


@dataclass(frozen=True)
class Revisit:
    """Where a diagnosis sends the person: a screen and, maybe, a field or item."""

    step: Step
    target: str | None = None


def parse_revisit(revisit: str | None) -> Revisit | None:
    """Turn a diagnosis' revisit value ("field:port", "checklist:x") into a place."""
    if not revisit:
        return None
    kind, _, target = revisit.partition(":")
    if kind == "field" and target:
        return Revisit("account", target)
    if kind == "checklist" and target:
        return Revisit("checklist", target)
    if kind == "provider":
        return Revisit("provider")
    return None


@dataclass
class Draft:
    """Everything entered so far for one account; nothing is saved until the end."""

    scope: Scope | None = None
    login: str = ""
    account: Account = field(default_factory=GlobalAccount)
    password: Secret | None = None
    stored_password: Secret | None = None
    has_stored_password: bool = False
    existing: bool = False
    ticks: dict[str, bool] = field(default_factory=dict)
    checklist_skipped: bool = False
    port_text: str = "587"
    store_kind: SecretStoreKind | None = None
    last_result: CheckResult | None = None
    changed: bool = False
    test_only: bool = False
    provider_chosen: bool = False
    provider_choice: str = ""
    """The choice made on the provider step: a provider key, or a preset such
    as the sandbox that fills an "other" account with more than a provider."""
    recipient: str = ""
    send_test: bool = True

    @classmethod
    def for_existing(cls, settings: Settings, key: str) -> Draft:
        """A draft holding a saved account, to edit or test it."""
        stored = settings.account(key)
        if stored is None:
            raise KeyError(key)
        return cls(
            scope="global" if key == GLOBAL else "individual",
            login="" if key == GLOBAL else key,
            account=replace(stored),
            has_stored_password=True,
            existing=True,
            provider_chosen=True,
            provider_choice=stored.provider,
            port_text=str(stored.port),
            store_kind=settings.secret_store,
        )

    @property
    def key(self) -> str:
        """The account key: GLOBAL or the user's login name."""
        return GLOBAL if self.scope != "individual" else self.login

    @property
    def provider(self) -> Provider:
        """The provider the account follows."""
        return get_provider(self.account.provider)

    @property
    def steps(self) -> tuple[Step, ...]:
        """The journey for this draft's scope."""
        return journey(self.scope)

    def choose_scope(self, scope: Scope) -> None:
        """Set the scope, turning the account into a global or user account."""
        if scope == self.scope:
            return
        if self.existing:
            self._forget_stored()
        self.scope = scope
        common = {f.name: getattr(self.account, f.name) for f in fields(Account)}
        if scope == "global":
            self.account = GlobalAccount(**common)
        else:
            self.account = UserAccount(**common)
        self._mark_changed()

    def choose_login(self, login: str) -> None:
        """Set the user whose own account this is."""
        if login != self.login:
            if self.existing:
                self._forget_stored()
            self.login = login
            self._mark_changed()

    def _mark_changed(self) -> None:
        """An entry changed: the draft is unsaved and the last test no longer holds."""
        self.changed = True
        self.last_result = None

    def _forget_stored(self) -> None:
        """The draft no longer names the saved account it was loaded from."""
        self.existing = False
        self.has_stored_password = False
        self.stored_password = None

    def choose_provider(
        self,
        key: str,
        *,
        choice: str | None = None,
        fill: Callable[[Account], None] | None = None,
    ) -> None:
        """Switch provider: prefill server, port and security, restart the checklist.

        choice names a preset that differs from the provider key (the sandbox);
        fill then prefills the account further after the provider's values.
        """
        choice = choice or key
        if choice == self.provider_choice and self.provider_chosen:
            return
        self.provider_chosen = True
        self.provider_choice = choice
        apply_provider(self.account, get_provider(key))
        if fill is not None:
            fill(self.account)
        self.port_text = str(self.account.port)
        self.ticks = {}
        self.checklist_skipped = False
        self.sync_reply_to()
        self._mark_changed()

    @property
    def reply_to_follows_username(self) -> bool:
        """Office 365 only sends when reply-to equals the username."""
        return self.account.provider == "office365"

    def sync_reply_to(self) -> None:
        """Keep reply-to equal to the username where the provider demands it."""
        if self.reply_to_follows_username:
            self.account.reply_to = self.account.username

    def set_text(self, name: str, value: str) -> None:
        """Store what was typed into a field (port kept as text until it parses)."""
        if name == "port":
            self.port_text = value
            digits = value.strip()
            if digits.isdigit():
                self.account.port = int(digits)
        elif name == "password":
            self.password = Secret(value) if value else None
        elif name == "cafile":
            self.account.cafile = value.strip() or None
        elif name in TEXT_FIELDS:
            setattr(self.account, name, value)
            if name == "username":
                self.sync_reply_to()
        else:
            raise KeyError(name)
        self._mark_changed()

    def set_secure(self, secure: bool) -> None:
        """Tick or untick Secure Connection."""
        self.account.secure = secure
        self._mark_changed()

    def set_tls(self, tls: TlsMode | None) -> None:
        """Choose implicit TLS, STARTTLS, or None to follow the port."""
        self.account.tls = tls
        self._mark_changed()

    def text_of(self, name: str) -> str:
        """What a field holds as typed (the password only for a masked input)."""
        if name == "port":
            return self.port_text
        if name == "password":
            return self.password.reveal() if self.password else ""
        if name == "cafile":
            return self.account.cafile or ""
        return str(getattr(self.account, name))

    def password_for_check(self) -> Secret | None:
        """The password as the server expects it (Gmail app passwords unspaced)."""
        from a5wizard.validation import normalise_password

        if self.password is None:
            return self.stored_password
        return Secret(normalise_password(self.account.provider, self.password.reveal()))

    def password_to_save(self) -> Secret | None:
        """The new password to store, or None to keep the one already saved."""
        return self.password

    def problems(self) -> list[Problem]:
        """Errors and warnings for the fields as they stand."""
        # Imported here: the rule set loads an e-mail syntax library that the
        # wizard's first screen does not need.
        from a5wizard.validation import Problem, normalise_password, validate_account

        port = self.port_text.strip()
        found: list[Problem] = []
        if not port.isdigit():
            found.append(Problem("port", "The port must be a whole number."))
        if self.password is not None:
            password: str | None = normalise_password(
                self.account.provider, self.password.reveal()
            )
        else:
            password = None if self.has_stored_password else ""
        for problem in validate_account(self.account, password=password):
            if problem.field == "port" and found:
                continue
            found.append(problem)
        return found

    def checklist_items(self) -> tuple[ChecklistItem, ...]:
        """The provider's checklist."""
        return self.provider.checklist

    def tick(self, item_id: str, ticked: bool) -> None:
        """Tick or untick one checklist item."""
        self.ticks[item_id] = ticked

    @property
    def checklist_done(self) -> bool:
        """Every item ticked, or the checklist explicitly skipped."""
        items = self.checklist_items()
        return self.checklist_skipped or all(self.ticks.get(i.id) for i in items)

    def default_recipient(self) -> str:
        """Where a test message goes unless the person says otherwise."""
        return self.account.reply_to or self.account.username

    def password_words(self, *, for_form: bool) -> str:
        """How the password is shown: never its value."""
        if self.password is not None:
            return "(the password you entered)" if for_form else "•" * 8
        if self.has_stored_password:
            return "(the password already saved)"
        return "(none entered)"

    def form_rows(self, *, for_form: bool = True) -> list[tuple[str, str]]:
        """Label and value of each field in the order of Artsystem5's form."""
        order = GLOBAL_FORM if self.scope == "global" else USER_FORM
        rows: list[tuple[str, str]] = []
        for name in order:
            if name == "password":
                value = self.password_words(for_form=for_form)
            elif name == "secure":
                value = "ticked" if self.account.secure else "not ticked"
            else:
                value = str(getattr(self.account, name))
            rows.append((FIELD_LABELS[name], value))
        return rows

    def form_name(self) -> str:
        """Where in Artsystem5 these values are typed."""
        if self.scope == "global":
            return "Settings > Advanced"
        return f"Settings > User Details (user {self.login})"
