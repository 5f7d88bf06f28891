"""The diagnosis catalogue rendered as a Markdown troubleshooting section, for
the README: every failure a5wizard recognises and how to fix it."""

from __future__ import annotations

from a5wizard.check.diagnoses import CATALOGUE, SECTIONS, TYPICAL_REPLIES
from a5wizard.check.steps import Diagnosis

INTRODUCTION = (
    "When a check fails, a5wizard names the cause in plain words and lists the "
    "steps that fix it. These are the failures it recognises."
)


def troubleshooting_markdown(level: int = 2) -> str:
    """The whole catalogue as Markdown, its top heading at the given level."""
    mark = "#" * level
    parts = [f"{mark} Troubleshooting", INTRODUCTION]
    for section, keys in SECTIONS:
        parts.append(f"{mark}# {section}")
        parts.extend(_entry(CATALOGUE[key], f"{mark}##") for key in keys)
    return "\n\n".join(parts) + "\n"


def _entry(diagnosis: Diagnosis, heading: str) -> str:
    """One diagnosis: title, typical reply, explanation and numbered fix."""
    lines = [f"{heading} {diagnosis.title}", ""]
    typical = TYPICAL_REPLIES.get(diagnosis.key)
    if typical:
        lines += [f"Typical reply: `{typical}`", ""]
    temporary = " It usually passes by itself." if diagnosis.temporary else ""
    lines += [diagnosis.explanation + temporary, ""]
    lines += [f"{number}. {step}" for number, step in enumerate(diagnosis.fix, 1)]
    return "\n".join(lines)
