"""How the command line reports a live check: step lines, the verdict, the
diagnosis with its numbered fix, the transcript, and the JSON form."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from a5wizard.check.steps import PHASE_TITLES, CheckResult, CheckStep, Outcome
from a5wizard.cli.output import say, shown, warn
from a5wizard.model import account_label
from a5wizard.text import clean

MARKS = {
    Outcome.OK: "[ ok ]",
    Outcome.FAILED: "[FAIL]",
    Outcome.SKIPPED: "[skip]",
    Outcome.RUNNING: "[ .. ]",
}
TITLE_WIDTH = max(len(title) for title in PHASE_TITLES.values())
WRAP = 78


def print_step(step: CheckStep) -> None:
    """One finished step: '[ ok ] Connect  0.12 s  220 ...'."""
    line = f"{MARKS[step.outcome]} {step.title:<{TITLE_WIDTH}}  {step.elapsed:5.2f} s"
    if step.detail:
        line += f"  {shown(step.detail)}"
    say(line)


def summary(result: CheckResult) -> str:
    """The verdict in one short sentence (kept as the account's last check)."""
    if result.ok and result.mode == "send":
        return f"test message accepted for {result.recipient}"
    if result.ok:
        return f"login and recipient {result.recipient} accepted; nothing sent"
    if result.diagnosis is not None:
        return result.diagnosis.title
    if result.failure is not None:
        return f"failed at {PHASE_TITLES[result.failure.phase]}"
    return "failed"


def print_result(result: CheckResult, *, with_transcript: bool) -> None:
    """The verdict, the diagnosis and (when asked) the transcript."""
    say("")
    elapsed = f"{result.elapsed:.2f} s"
    if result.ok:
        say(f"PASSED ({elapsed}): {shown(summary(result))}.")
        if result.message_id:
            say(f"Message-ID: {shown(result.message_id)}")
    else:
        _print_failure(result, elapsed)
    if result.transcript_path and (with_transcript or not result.ok):
        say("")
        say(f"Transcript: {result.transcript_path}")
    if with_transcript:
        _print_transcript(result.transcript_path)


def _print_failure(result: CheckResult, elapsed: str) -> None:
    """The failed step, the server's reply and the diagnosis."""
    failure = result.failure
    where = f" at '{PHASE_TITLES[failure.phase]}'" if failure else ""
    say(
        f"FAILED{where} ({elapsed}): the {account_label(result.account_key)} "
        "cannot send mail yet."
    )
    if failure is not None and failure.reply_line():
        say(f"Server said: {shown(failure.reply_line())}")
    diagnosis = result.diagnosis
    if diagnosis is None:
        return
    say("")
    say(f"Diagnosis: {shown(diagnosis.title)}")
    for line in textwrap.wrap(shown(diagnosis.explanation), WRAP - 2):
        say(f"  {line}")
    if diagnosis.fix:
        say("")
        say("How to fix it:")
    for number, step in enumerate(diagnosis.fix, start=1):
        lines = textwrap.wrap(shown(step), WRAP - 6) or [""]
        say(f"  {number:>2}. {lines[0]}")
        for line in lines[1:]:
            say(f"      {line}")
    if diagnosis.temporary:
        say("")
        say("This is usually temporary: try again in a few minutes.")


def _print_transcript(path: str | None) -> None:
    """The saved transcript's text, cleaned of terminal escapes."""
    text = read_transcript(path)
    if text is None:
        warn("a5wizard: no transcript was saved for this check")
        return
    say("")
    say(text.rstrip("\n"))


def read_transcript(path: str | None) -> str | None:
    """A saved transcript's text, safe for a terminal, or None."""
    if not path:
        return None
    try:
        return clean(Path(path).read_text(encoding="utf-8"), keep_newlines=True)
    except (OSError, UnicodeDecodeError):
        return None


def result_document(
    result: CheckResult, *, with_transcript: bool = False
) -> dict[str, Any]:
    """The JSON form of a check result."""
    failure = result.failure
    diagnosis = result.diagnosis
    document: dict[str, Any] = {
        "ok": result.ok,
        "verdict": "passed" if result.ok else "failed",
        "summary": summary(result),
        "account": result.account_key,
        "mode": result.mode,
        "server": result.server,
        "port": result.port,
        "security": result.security,
        "recipient": result.recipient,
        "elapsed": round(result.elapsed, 3),
        "message_id": result.message_id,
        "steps": [
            {
                "phase": str(step.phase),
                "title": step.title,
                "outcome": str(step.outcome),
                "detail": step.detail,
                "elapsed": round(step.elapsed, 3),
            }
            for step in result.steps
        ],
        "failure": None,
        "diagnosis": None,
        "transcript": result.transcript_path,
    }
    if failure is not None:
        document["failure"] = {
            "phase": str(failure.phase),
            "kind": str(failure.kind),
            "code": failure.code,
            "text": failure.text,
        }
    if diagnosis is not None:
        document["diagnosis"] = {
            "key": diagnosis.key,
            "title": diagnosis.title,
            "explanation": diagnosis.explanation,
            "fix": list(diagnosis.fix),
            "revisit": diagnosis.revisit,
            "temporary": diagnosis.temporary,
        }
    if with_transcript:
        document["transcript_text"] = read_transcript(result.transcript_path)
    return document
