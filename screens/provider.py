"""Step: choose the mail provider, which prefills the server settings and picks
the checklist."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from a5wizard.providers import MAIN_PROVIDER_KEYS, PROVIDERS, Provider
from screens.base import WizardScreen
from screens.sandbox_view import (
    SANDBOX_CHOICE,
    fill_server,
    other_in_sandbox_note,
    sandbox_details,
    sandbox_option,
)
from screens.widgets import ActionBar, MarkedOptionList

PASSWORD_WORDS = {
    "app_password": "app password",
    "account_password": "account password",
    "oauth2_only": "OAuth2 sign-in only",
}


def server_words(provider: Provider) -> str:
    """The provider's server in a few words, for the list."""
    if not provider.server:
        return "you type the server"
    return f"{provider.server}:{provider.port}"


def provider_details(provider: Provider) -> Content:
    """What to know about a provider before choosing it."""
    lines = [Content.assemble((provider.name, "bold"))]
    if provider.server:
        security = "STARTTLS" if provider.tls == "starttls" else "TLS (SSL)"
        lines.append(
            Content(
                f"Server {provider.server}, port {provider.port}, "
                f"{security if provider.secure else 'no encryption'}."
            )
        )
    password = PASSWORD_WORDS[provider.password_kind]
    lines.append(Content(f"Password: {password}. {provider.password_hint}"))
    if provider.limits:
        lines.append(Content(f"Limits: {provider.limits}"))
    lines.extend(Content(note) for note in provider.notes)
    return Content("\n").join(lines)


class ProviderScreen(WizardScreen):
    """Which provider hosts the mailbox that sends the mail."""

    STEP: ClassVar[str] = "provider"
    HELP = (
        "Provider: the company or server that hosts the mailbox Artsystem5 sends "
        "from. Choosing one fills in its server, port and security for you and "
        "picks the checklist of things to do at the provider.\n\n"
        "Gmail and Office 365 cover most galleries. Choose Other for any other "
        "host or an in-house server; you type its settings on the Account step.\n\n"
        "Up and Down move through the list; the box below tells what each needs."
    )

    def compose(self) -> ComposeResult:
        """The main providers first, then the catalogue's other presets."""
        yield from self.compose_frame()
        with VerticalScroll():
            yield Static(
                "Where is the mailbox that sends the mail?", classes="question"
            )
            yield MarkedOptionList(*self._options(), id="providers")
            yield Static(id="provider-details", classes="details")
        with ActionBar():
            yield Button("Next", id="next", variant="primary")

    def _options(self) -> list[Option | None]:
        options: list[Option | None] = []
        sandbox = self.wizard.sandbox
        if sandbox is not None:
            options += [sandbox_option(sandbox), None]
        for key in MAIN_PROVIDER_KEYS:
            options.append(self._option(PROVIDERS[key]))
        options.append(None)
        for key, provider in PROVIDERS.items():
            if key not in MAIN_PROVIDER_KEYS:
                options.append(self._option(provider))
        return options

    @staticmethod
    def _option(provider: Provider) -> Option:
        text = Content.assemble(
            (provider.name.ljust(36), "bold"), server_words(provider)
        )
        return Option(text, id=provider.key)

    def on_mount(self) -> None:
        """Highlight the provider chosen before (Gmail for a new account)."""
        super().on_mount()
        providers = self.query_one("#providers", OptionList)
        chosen = self.draft.provider_choice if self.draft.provider_chosen else ""
        if not chosen:
            chosen = SANDBOX_CHOICE if self.wizard.sandbox is not None else "gmail"
        try:
            providers.highlighted = providers.get_option_index(chosen)
        except LookupError:
            providers.highlighted = 0
        providers.focus()
        self._show_details()

    def on_option_list_option_highlighted(
        self, event: OptionList.OptionHighlighted
    ) -> None:
        """Describe the highlighted provider."""
        event.stop()
        self._show_details()

    def _show_details(self) -> None:
        option = self.query_one("#providers", OptionList).highlighted_option
        if option is None:
            return
        key, sandbox = str(option.id), self.wizard.sandbox
        if sandbox is not None and key == SANDBOX_CHOICE:
            details = sandbox_details(sandbox)
        else:
            details = provider_details(PROVIDERS[key])
            if sandbox is not None and key == "other":
                details = Content("\n").join([details, other_in_sandbox_note()])
        self.query_one("#provider-details", Static).update(details)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a provider chooses it and moves on."""
        event.stop()
        self._choose(str(event.option.id))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Next chooses the highlighted provider."""
        event.stop()
        option = self.query_one("#providers", OptionList).highlighted_option
        if option is not None:
            self._choose(str(option.id))

    def _choose(self, key: str) -> None:
        sandbox = self.wizard.sandbox
        if sandbox is not None and key == SANDBOX_CHOICE:
            self.draft.choose_provider("other", choice=key, fill=sandbox.prefill)
        elif sandbox is not None and key == "other":
            self.draft.choose_provider(key, fill=partial(fill_server, sandbox))
        else:
            self.draft.choose_provider(key)
        self.wizard.go_next("provider")
