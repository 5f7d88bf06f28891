"""The sandbox: a built-in mail server, a throwaway config and an in-memory
secret store, so the whole wizard can be tried (and failures rehearsed)
without a mail account and without touching the real config or keyring."""

from a5wizard.sandbox.mailbox import MailboxMessage
from a5wizard.sandbox.scenarios import (
    SCENARIOS,
    Scenario,
    UnknownScenario,
    get_scenario,
)
from a5wizard.sandbox.session import SANDBOX_LOGIN, SANDBOX_PROVIDER, Sandbox

__all__ = [
    "SANDBOX_LOGIN",
    "SANDBOX_PROVIDER",
    "SCENARIOS",
    "MailboxMessage",
    "Sandbox",
    "Scenario",
    "UnknownScenario",
    "get_scenario",
]
