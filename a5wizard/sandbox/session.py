"""One run of the sandbox: a built-in mail server on loopback with its own
certificate authority and login, a throwaway config folder and an in-memory
secret store, so the real config and the system keyring are never touched."""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from a5wizard.mailserver import Behaviour, LocalCA, LocalMailServer, ReceivedMessage
from a5wizard.mailserver.lifecycle import StartStop
from a5wizard.model import GLOBAL, Account, GlobalAccount, UserAccount
from a5wizard.sandbox.mailbox import MailboxMessage, mailbox_message
from a5wizard.sandbox.scenarios import Scenario, behaviour_for, get_scenario
from a5wizard.secret import Secret
from a5wizard.secret_store import MemoryStore

SANDBOX_LOGIN = "gallery@sandbox.a5wizard.test"
"""The username of the sandbox's mail server login."""
SANDBOX_PROVIDER = "other"
"""The provider key a sandbox account is saved with (the sandbox is no preset)."""
CONFIG_NAME = "config.yaml"
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i look-alikes


def new_password(groups: int = 4, size: int = 4) -> str:
    """A random password easy to read off the screen and type, e.g. "k7dm-q2xp"."""
    return "-".join(
        "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(size))
        for _ in range(groups)
    )


def _utc_now() -> datetime:
    """The current time in UTC (when a message arrived)."""
    return datetime.now(UTC)


class Sandbox(StartStop):
    """The built-in mail server plus a throwaway config folder and secret store."""

    def __init__(
        self,
        *,
        on_message: Callable[[MailboxMessage], None] | None = None,
        password: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.username = SANDBOX_LOGIN
        self.password = password or new_password()
        self.store = MemoryStore()
        self.on_message = on_message
        """Called on the server's thread with each message received."""
        self._clock = clock or _utc_now
        self._scenario: Scenario | None = None
        self._server: LocalMailServer | None = None
        self._folder: Path | None = None
        self._ca_file: Path | None = None
        self._mailbox: list[MailboxMessage] = []
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        state = f"{self.host}:{self.port}" if self.running else "stopped"
        return f"<Sandbox {state} username={self.username!r} password=<on screen>>"

    def start(self) -> Sandbox:
        """Make the folder, trust file and server; returns self."""
        if self.running:
            raise RuntimeError("the sandbox is already running")
        self._folder = Path(tempfile.mkdtemp(prefix="a5wizard-sandbox-"))
        try:
            ca = LocalCA()
            self._ca_file = ca.write_ca_file(self._folder)
            server = LocalMailServer(self._behaviour(), ca, on_receive=self._received)
            self._server = server.start()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server and remove the folder with everything in it."""
        server, self._server = self._server, None
        try:
            if server is not None:
                server.stop()
        finally:
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
            self._ca_file = None

    @property
    def running(self) -> bool:
        """True between start() and stop()."""
        return self._server is not None

    @property
    def host(self) -> str:
        """The server's address (loopback)."""
        return self._running_server().host

    @property
    def port(self) -> int:
        """The server's port, free when the sandbox started."""
        return self._running_server().port

    @property
    def folder(self) -> Path:
        """The throwaway folder holding the config, trust file and transcripts."""
        if self._folder is None:
            raise RuntimeError("the sandbox is not running")
        return self._folder

    @property
    def ca_file(self) -> Path:
        """PEM file of the sandbox's own certificate authority."""
        if self._ca_file is None:
            raise RuntimeError("the sandbox is not running")
        return self._ca_file

    @property
    def config(self) -> Path:
        """The sandbox's config file (created when an account is first saved)."""
        return self.folder / CONFIG_NAME

    @property
    def transcript_dir(self) -> Path:
        """Where the sandbox's check transcripts go (inside its folder)."""
        return self.folder / "transcripts"

    @property
    def secret(self) -> Secret:
        """The sandbox password as a Secret, for the check and the secret store."""
        return Secret(self.password)

    @property
    def scenario(self) -> Scenario | None:
        """The failure being played back, or None when the server behaves."""
        return self._scenario

    def play(self, scenario_id: str | None) -> Scenario | None:
        """Play back a failure scenario from now on (None: behave normally)."""
        scenario = None if scenario_id is None else get_scenario(scenario_id)
        self._scenario = scenario
        self._running_server().set_behaviour(self._behaviour())
        return scenario

    def messages(self) -> list[MailboxMessage]:
        """Messages received so far, oldest first."""
        with self._lock:
            return list(self._mailbox)

    def prefill(self, account: Account) -> None:
        """Fill an account with the sandbox server and login (provider "other")."""
        account.provider = SANDBOX_PROVIDER
        account.server = self.host
        account.port = self.port
        account.secure = True
        account.tls = "starttls"
        account.cafile = str(self.ca_file)
        account.auth = "password"
        account.username = self.username
        account.reply_to = self.username

    def sandbox_account(self, key: str = GLOBAL) -> Account:
        """A new account for this key (global or a user), prefilled."""
        account: Account = GlobalAccount() if key == GLOBAL else UserAccount()
        self.prefill(account)
        return account

    def _running_server(self) -> LocalMailServer:
        if self._server is None:
            raise RuntimeError("the sandbox is not running")
        return self._server

    def _behaviour(self) -> Behaviour:
        return behaviour_for(self._scenario, self.username, self.password)

    def _received(self, received: ReceivedMessage) -> None:
        """Server thread: add the message to the mailbox and tell the listener."""
        with self._lock:
            message = mailbox_message(len(self._mailbox) + 1, received, self._clock())
            self._mailbox.append(message)
        if self.on_message is not None:
            self.on_message(message)
