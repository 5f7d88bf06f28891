"""How a live check looks on screen: its steps with marks and times, and the
verdict with the diagnosis and its numbered fix."""

from __future__ import annotations

from textual.content import Content

from a5wizard.check.steps import CheckResult, CheckStep, Outcome, Phase
from a5wizard.draft import FIELD_LABELS, parse_revisit
from screens.widgets import plain

MARKS = {
    Outcome.RUNNING: ("⋯", "bold"),
    Outcome.OK: ("✔", "bold $text-success"),
    Outcome.FAILED: ("✘", "bold $text-error"),
    Outcome.SKIPPED: ("-", "dim"),
}
WORDS = {
    Outcome.RUNNING: "working…",
    Outcome.OK: "",
    Outcome.FAILED: "failed",
    Outcome.SKIPPED: "skipped",
}


class StepLog:
    """The steps of one check, the latest report of each phase kept in order."""

    def __init__(self) -> None:
        self.steps: dict[Phase, CheckStep] = {}

    def add(self, step: CheckStep) -> None:
        """Record a step as it starts or ends."""
        self.steps[step.phase] = step

    def render(self) -> Content:
        """One line per step: mark, name, time, and what went wrong."""
        lines: list[Content] = []
        for step in self.steps.values():
            mark, style = MARKS[step.outcome]
            took = "" if step.outcome == Outcome.RUNNING else f"{step.elapsed:6.2f} s"
            words = WORDS[step.outcome]
            lines.append(
                Content.assemble(
                    (mark, style), " ", step.title.ljust(36), took.rjust(9), " ", words
                )
            )
            if step.outcome == Outcome.FAILED and step.detail:
                lines.append(Content.assemble("    server: ", plain(step.detail)))
        return Content("\n").join(lines)


def verdict(result: CheckResult, *, sandbox: bool = False) -> Content:
    """The check's outcome in plain words; on failure the diagnosis and fix."""
    if result.ok:
        if result.mode == "send":
            look = (
                "The sandbox received it: F3 shows it as a recipient gets it."
                if sandbox
                else "Look for it in that mailbox (and its spam folder)."
            )
            return Content.assemble(
                ("✔ The test passed: ", "bold $text-success"),
                plain(f"a message was sent to {result.recipient}. "),
                look,
            )
        return Content.assemble(
            ("✔ The test passed: ", "bold $text-success"),
            "the server accepted the sign-in and the sender; nothing was sent.",
        )
    diagnosis = result.diagnosis
    if diagnosis is None:
        return Content.assemble(("✘ The test failed.", "bold $text-error"))
    lines = [
        Content.assemble(("✘ ", "bold $text-error"), (diagnosis.title, "bold")),
        plain(diagnosis.explanation),
        Content.assemble(("To fix it:", "bold")),
    ]
    lines.extend(
        plain(f"{number}. {step}") for number, step in enumerate(diagnosis.fix, 1)
    )
    if result.failure is not None and result.failure.reply_line():
        lines.append(
            Content.assemble(
                ("Server said: ", "bold"), plain(result.failure.reply_line())
            )
        )
    return Content("\n").join(lines)


def fix_label(revisit: str | None) -> str | None:
    """The words on the button that jumps to what needs changing."""
    place = parse_revisit(revisit)
    if place is None:
        return None
    if place.step == "account":
        label = FIELD_LABELS.get(place.target or "", place.target or "account")
        return f"Fix: {label}"
    if place.step == "checklist":
        return "Fix: checklist"
    return "Fix: provider"


def check_summary(result: CheckResult) -> str:
    """One line for the list of last checks."""
    if result.ok:
        if result.mode == "send":
            return f"test message sent to {result.recipient}"
        return "signed in; nothing sent"
    if result.diagnosis is not None:
        return result.diagnosis.title
    return "failed"
