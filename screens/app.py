"""The wizard app: holds the settings and the draft account, and moves between
the steps; each step is a screen of its own and the core does the work."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType

from a5wizard.config_file import ConfigError, load_settings
from a5wizard.model import Settings
from screens.base import WizardScreen
from screens.confirm import ConfirmScreen
from screens.help import HelpScreen
from screens.sandbox_side import (
    SANDBOX_HELP,
    SandboxSide,
    exit_on_hangup,
    quiet_mail_log,
)

if TYPE_CHECKING:
    from a5wizard.check.steps import CheckResult
    from a5wizard.draft import Draft, Step
    from a5wizard.last_checks import LastCheck
    from a5wizard.sandbox import Sandbox

STEP_SCREENS: dict[str, tuple[str, str]] = {
    "home": ("screens.home", "HomeScreen"),
    "scope": ("screens.scope", "ScopeScreen"),
    "user": ("screens.user", "UserScreen"),
    "provider": ("screens.provider", "ProviderScreen"),
    "checklist": ("screens.checklist", "ChecklistScreen"),
    "account": ("screens.account", "AccountScreen"),
    "review": ("screens.review", "ReviewScreen"),
    "test": ("screens.test_send", "TestSendScreen"),
    "saved": ("screens.saved", "SavedScreen"),
}
"""Each step's screen, imported when first shown so the first screen comes up
fast (later steps pull in validation, the keyring and the mail client)."""


def step_screen(step: str, focus: str | None = None) -> WizardScreen:
    """A new screen for a step."""
    module, name = STEP_SCREENS[step]
    screen_class: type[WizardScreen] = getattr(import_module(module), name)
    return screen_class(focus=focus)


def new_draft() -> Draft:
    """An empty draft (the draft module is loaded on first use)."""
    from a5wizard.draft import Draft

    return Draft()


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


class WizardApp(SandboxSide):
    """The a5wizard setup wizard for Artsystem5's outgoing email."""

    TITLE = "a5wizard"
    CSS_PATH = "wizard.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        *SandboxSide.SANDBOX_BINDINGS,
    ]

    def __init__(
        self,
        config: Path,
        *,
        sandbox: Sandbox | None = None,
        clock: Callable[[], datetime] = utc_now,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__(sandbox)
        self.config = config
        self.clock = clock
        self.cursor_blink = cursor_blink
        self.settings: Settings = load_settings(config)
        self._draft: Draft | None = None

    @property
    def draft(self) -> Draft:
        """The account being set up; made when first needed, so the first
        screen comes up without loading the draft's providers and checks."""
        if self._draft is None:
            self._draft = new_draft()
        return self._draft

    @draft.setter
    def draft(self, draft: Draft) -> None:
        self._draft = draft

    @property
    def draft_changed(self) -> bool:
        """Whether the draft holds entries that are not saved."""
        return self._draft is not None and self._draft.changed

    def on_mount(self) -> None:
        """Home when accounts exist, otherwise straight to the scope step."""
        first = "home" if self.settings.account_keys() else "scope"
        self.push_screen(step_screen(first))

    def show_path(self, path: Path | str) -> str:
        """A path for display, with the home folder shortened to ~."""
        text = str(path)
        home = str(Path.home())
        if home not in ("", "/") and text.startswith(home):
            return "~" + text[len(home) :]
        return text

    def last_check(self, result: CheckResult) -> LastCheck:
        """A check's outcome as kept in the list of last checks."""
        from a5wizard.last_checks import LastCheck
        from screens.check_view import check_summary

        when = self.clock().astimezone(UTC).isoformat(timespec="seconds")
        return LastCheck(when, result.ok, result.mode, check_summary(result))

    def reload_settings(self) -> None:
        """Read the config again (after a save or a removal)."""
        self.settings = load_settings(self.config)

    def go_to(self, step: str, focus: str | None = None) -> None:
        """Show a step, built afresh from the draft, optionally focusing a widget."""
        self.switch_screen(step_screen(step, focus))

    def go_next(self, current: Step) -> None:
        """Move to the step after the current one."""
        steps = self.draft.steps
        self.go_to(steps[steps.index(current) + 1])

    def go_back(self, current: str) -> None:
        """Move to the step before the current one, or home from the first."""
        steps = self.draft.steps
        if current == "home":
            self.action_quit()
            return
        if current in ("saved",) or self.draft.test_only or current == steps[0]:
            self.go_home()
            return
        self.go_to(steps[steps.index(current) - 1])  # type: ignore[arg-type]

    def go_home(self) -> None:
        """Back to the overview of accounts (or the scope step without any)."""
        if self.draft_changed:
            self.confirm(
                "Leave this account? What you entered for it is not saved.",
                "Leave",
                self._leave_draft,
            )
            return
        self._leave_draft()

    def _leave_draft(self) -> None:
        self.draft = new_draft()
        self.reload_settings()
        self.go_to("home" if self.settings.account_keys() else "scope")

    def start(self, draft: Draft, step: str) -> None:
        """Begin work on an account at the given step."""
        self.draft = draft
        self.go_to(step)

    def confirm(self, question: str, yes: str, then: Callable[[], object]) -> None:
        """Ask a yes/no question; run `then` only on yes."""

        def answered(yes_chosen: bool | None) -> None:
            if yes_chosen:
                then()

        self.push_screen(ConfirmScreen(question, yes), answered)

    def action_help(self) -> None:
        """Show help for the screen in front."""
        if isinstance(self.screen, HelpScreen):
            return
        screen = self.screen
        help_text = getattr(screen, "HELP", "") or "No help for this screen."
        if self.sandbox is not None:
            help_text += "\n\n" + SANDBOX_HELP
        self.push_screen(HelpScreen(help_text))

    def action_quit(self) -> None:  # type: ignore[override]
        """Quit, asking first when there are unsaved entries; never writes a config."""
        if self.draft_changed:
            self.confirm(
                "Quit without saving? Nothing you entered will be kept.",
                "Quit",
                lambda: self.exit(0),
            )
            return
        self.exit(0)


def run_wizard(config: Path, sandbox: bool = False) -> int:
    """Run the wizard on a config file (or on a sandbox) and return the exit code."""
    if not sandbox:
        return _run(config, None)
    from a5wizard.sandbox import Sandbox

    with quiet_mail_log(), Sandbox() as practice:
        return _run(practice.config, practice)


def _run(config: Path, sandbox: Sandbox | None) -> int:
    try:
        app = WizardApp(config, sandbox=sandbox)
    except ConfigError as error:
        print(f"a5wizard: {error}", file=sys.stderr)
        return 2
    if sandbox is None:
        result = app.run()
    else:
        with exit_on_hangup(app):
            result = app.run()
    return result if isinstance(result, int) else 0
