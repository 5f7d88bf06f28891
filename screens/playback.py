"""The failure playback switch: choose how the sandbox's mail server answers,
normally or like Gmail, Office 365 or a broken network does when something is
wrong, to see each diagnosis without a real account."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from a5wizard.sandbox import SCENARIOS, Scenario

NORMAL = "normal"
"""The option id of "Behave normally"."""


def choice_text(title: str, effect: str, playing: bool) -> Content:
    """A choice's title, marked ▶ when it plays now, and its effect below."""
    mark = "▶ " if playing else "• "
    return Content.assemble(
        (mark + title, "bold"), " (playing now)" if playing else "", "\n", effect
    )


def scenario_option(scenario: Scenario, playing: bool) -> Option:
    """A scenario's title and what the server then does."""
    return Option(choice_text(scenario.title, scenario.effect, playing), id=scenario.id)


def normal_option(playing: bool) -> Option:
    """The choice that stops any playback."""
    effect = "The server accepts the login and every message."
    return Option(choice_text("Behave normally", effect, playing), id=NORMAL)


class PlaybackScreen(ModalScreen[str | None]):
    """Pick a failure to play back; dismisses with its id, "" for normal,
    or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]
    HELP = (
        "Play a failure: from now on the sandbox's mail server answers the way "
        "the chosen provider or network does when something is wrong, with the "
        "same reply text. Run the test send to see the wizard's diagnosis and "
        "its fix.\n\n"
        "The choice stays until you pick another one or 'Behave normally'. The "
        "header shows what is playing."
    )

    def __init__(self, playing: str = "") -> None:
        super().__init__()
        self.playing = playing

    def compose(self) -> ComposeResult:
        """The scenarios, normal behaviour first."""
        with Vertical(id="dialog"):
            yield Static(
                Content.assemble(
                    ("Play a failure", "bold"),
                    ": the sandbox's server answers like this until you choose "
                    "again. Enter chooses, Escape cancels.",
                ),
                classes="title",
            )
            options = [normal_option(not self.playing)]
            options += [scenario_option(s, s.id == self.playing) for s in SCENARIOS]
            yield OptionList(*options, id="scenarios")
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        """Highlight what plays now."""
        scenarios = self.query_one("#scenarios", OptionList)
        scenarios.highlighted = scenarios.get_option_index(self.playing or NORMAL)
        scenarios.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a scenario chooses it."""
        event.stop()
        chosen = str(event.option.id)
        self.dismiss("" if chosen == NORMAL else chosen)

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
