"""How the sandbox shows in the wizard: the panel with its server and the
password to type, and the "Sandbox" provider choice that fills an account."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static
from textual.widgets.option_list import Option

from screens.widgets import plain

if TYPE_CHECKING:
    from a5wizard.model import Account
    from a5wizard.sandbox import Sandbox

SANDBOX_CHOICE = "sandbox"
"""The provider step's id for the sandbox preset (saved as provider "other")."""
SANDBOX_NAME = "Sandbox (local practice server)"


def sandbox_panel(sandbox: Sandbox | None) -> Iterator[Static]:
    """The connection panel for the top of a screen; nothing outside the sandbox."""
    if sandbox is not None:
        yield Static(connection_panel(sandbox), id="sandbox-panel", classes="details")


def connection_panel(sandbox: Sandbox, *, port: int | None = None) -> Content:
    """The sandbox's server and login, the throwaway password shown on purpose.

    port overrides the port shown (snapshots need one that does not vary).
    """
    shown_port = sandbox.port if port is None else port
    return Content("\n").join(
        [
            Content.assemble(
                ("Sandbox: ", "bold"),
                "a practice mail server on this computer. Your real config and "
                "keyring are not touched.",
            ),
            Content.assemble(
                ("Server:   ", "bold"), plain(f"{sandbox.host}   port {shown_port}")
            ),
            Content.assemble(("Username: ", "bold"), plain(sandbox.username)),
            Content.assemble(
                ("Password: ", "bold"),
                plain(sandbox.password),
                "  (type it on the Account step)",
            ),
        ]
    )


def sandbox_option(sandbox: Sandbox) -> Option:
    """The provider list's sandbox entry."""
    text = Content.assemble(
        (SANDBOX_NAME.ljust(36), "bold"), f"{sandbox.host}:{sandbox.port}"
    )
    return Option(text, id=SANDBOX_CHOICE)


def sandbox_details(sandbox: Sandbox) -> Content:
    """What the sandbox choice fills in, and the password to type."""
    return Content("\n").join(
        [
            Content.assemble((SANDBOX_NAME, "bold")),
            Content.assemble(
                "Password to type on the Account step: ", (sandbox.password, "bold")
            ),
            Content(
                "Filled in for you: server, port, STARTTLS with the sandbox's own "
                "certificate, username and reply-to."
            ),
        ]
    )


def other_in_sandbox_note() -> Content:
    """What "Other" fills in when the wizard runs on the sandbox."""
    return Content(
        "In the sandbox, Other is set to the sandbox's server, port and "
        "certificate; you type the username and the rest."
    )


def fill_server(sandbox: Sandbox, account: Account) -> None:
    """Point an account at the sandbox's server, leaving its login to be typed."""
    filled = sandbox.sandbox_account()
    account.server = filled.server
    account.port = filled.port
    account.secure = filled.secure
    account.tls = filled.tls
    account.cafile = filled.cafile
