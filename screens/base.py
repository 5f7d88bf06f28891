"""The frame every step of the wizard shares: the step header, Escape to go back,
F1 for help, a footer of bindings and the draft the app holds."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input

from screens.widgets import StepHeader

if TYPE_CHECKING:
    from a5wizard.draft import Draft, Step
    from screens.app import WizardApp

STEP_NAMES: dict[str, str] = {
    "home": "Home",
    "scope": "Scope",
    "user": "User",
    "provider": "Provider",
    "checklist": "Checklist",
    "account": "Account",
    "review": "Review",
    "test": "Test send",
    "saved": "Saved",
}


class WizardScreen(Screen[None]):
    """One step of the wizard."""

    STEP: ClassVar[str] = "home"
    HELP: ClassVar[str] = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, focus: str | None = None) -> None:
        super().__init__()
        self.focus_target = focus

    @property
    def wizard(self) -> WizardApp:
        """The app, typed."""
        return cast("WizardApp", self.app)

    @property
    def draft(self) -> Draft:
        """The account being set up."""
        return self.wizard.draft

    def where(self) -> str:
        """The header text: "Step N of M — name" inside the journey."""
        name = STEP_NAMES[self.STEP]
        if self.STEP == "home":
            return f"a5wizard — {name}"
        steps = self.draft.steps
        if self.STEP not in steps:
            return f"a5wizard — {name}"
        number = steps.index(cast("Step", self.STEP)) + 1
        return f"Step {number} of {len(steps)} — {name}"

    def compose_frame(self) -> ComposeResult:
        """The header and footer; screens yield these first, then their body."""
        yield StepHeader(self.where(), self.wizard.mode_mark)
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        """Steady cursors where the app asks for them (snapshots, screen readers)."""
        if not self.wizard.cursor_blink:
            for field in self.query(Input):
                field.cursor_blink = False

    def focus_requested(self) -> bool:
        """Focus the widget this screen was opened for; False when there is none."""
        if not self.focus_target:
            return False
        found = self.query(f"#{self.focus_target}")
        if not found:
            return False
        widget = found.first()
        widget.focus()
        widget.scroll_visible(animate=False)
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field moves on to the next one, like Tab."""
        event.stop()
        self.focus_next()

    def action_back(self) -> None:
        """Go to the previous step, keeping every entry."""
        self.wizard.go_back(self.STEP)
