"""Step: the provider's checklist, things to do at the provider before the
account can send; each item says why and gives the page to open."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Checkbox, Static

from a5wizard.providers import ChecklistItem
from screens.base import WizardScreen
from screens.sandbox_view import SANDBOX_CHOICE
from screens.widgets import ActionBar, FieldMessage, Note, StatusLine, TickBox, link

SKIP_WARNING = (
    "Skipping is not recommended: most failed tests come from an item on this "
    "list. The test on a later step will tell you if something is missing."
)


def item_widget_id(item_id: str) -> str:
    """The id of the checkbox of a checklist item."""
    return f"item-{item_id}"


def item_explanation(item: ChecklistItem) -> Content:
    """Why the item matters and, where there is one, its page in full."""
    why = Content.assemble(("Why: ", "bold"), item.why)
    if item.url is None:
        return why
    return Content.assemble(why, "\n", ("Open: ", "bold"), link(item.url))


class ChecklistScreen(WizardScreen):
    """Tick each thing done at the provider, or skip the list on purpose."""

    STEP: ClassVar[str] = "checklist"
    HELP = (
        "Checklist: things to do at the provider, in its own web pages, before "
        "Artsystem5 can send mail through it. Do them in order and tick each one "
        "with Space.\n\n"
        "Every page address is printed in full so it can be read out on the phone "
        "or copied; where the terminal supports it, it is also a link.\n\n"
        "Next needs every item ticked. If you know the account is ready, tick "
        "'Skip the checklist' at the end."
    )

    def compose(self) -> ComposeResult:
        """One checkbox per item with its reason and page, then the skip box."""
        provider = self.draft.provider
        yield from self.compose_frame()
        with VerticalScroll(id="checklist"):
            if self.draft.provider_choice == SANDBOX_CHOICE:
                yield Note(
                    "The sandbox's server needs none of this: tick 'Skip the "
                    "checklist' at the end (or tick each item) to go on."
                )
            else:
                yield Note(f"At {provider.name}: do each of these, then tick it.")
            for number, item in enumerate(provider.checklist, start=1):
                with Horizontal(classes="item"):
                    yield TickBox(
                        "Done",
                        value=bool(self.draft.ticks.get(item.id)),
                        id=item_widget_id(item.id),
                        tooltip=f"Item {number}",
                    )
                    with Vertical(classes="item-text"):
                        yield Static(
                            Content.assemble((f"{number}. {item.text}", "bold")),
                            classes="what",
                        )
                        yield Static(item_explanation(item), classes="why")
            yield TickBox(
                "Skip the checklist (not recommended)",
                value=self.draft.checklist_skipped,
                id="skip",
            )
            yield FieldMessage(id="skip-message")
        with ActionBar():
            yield StatusLine(id="status")
            yield Button("Next", id="next", variant="primary")

    def on_mount(self) -> None:
        """Focus the item asked for, else the first unticked one."""
        super().on_mount()
        self._show_skip_warning()
        if self.focus_requested():
            return
        for item in self.draft.checklist_items():
            if not self.draft.ticks.get(item.id):
                self.query_one(f"#{item_widget_id(item.id)}").focus()
                return
        self.query_one("#next").focus()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """Keep ticks in the draft as they change."""
        event.stop()
        box_id = event.checkbox.id or ""
        if box_id == "skip":
            self.draft.checklist_skipped = event.value
            self._show_skip_warning()
            self.query_one("#skip-message").scroll_visible(animate=False)
        elif box_id.startswith("item-"):
            self.draft.tick(box_id.removeprefix("item-"), event.value)
        if self.draft.checklist_done:
            self.query_one("#status", StatusLine).say("")

    def _show_skip_warning(self) -> None:
        message = self.query_one("#skip-message", FieldMessage)
        if self.draft.checklist_skipped:
            message.show(SKIP_WARNING, "warning")
        else:
            message.clear()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Next only with every item ticked or the list skipped."""
        event.stop()
        if self.draft.checklist_done:
            self.wizard.go_next("checklist")
            return
        self.query_one("#status", StatusLine).say(
            "Tick every item, or tick 'Skip the checklist'."
        )
        for item in self.draft.checklist_items():
            if not self.draft.ticks.get(item.id):
                self.query_one(f"#{item_widget_id(item.id)}").focus()
                return
