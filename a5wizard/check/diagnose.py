"""Turning a failed check into a diagnosis: the first catalogue rule that fits
the failure wins, and anything unrecognised gets the advice for its step."""

from __future__ import annotations

from a5wizard.check.diagnoses import (
    CATALOGUE,
    PHASE_ADVICE,
    RULES,
    UNKNOWN,
    Rule,
)
from a5wizard.check.steps import PHASE_TITLES, Diagnosis, Failure
from a5wizard.model import Account
from a5wizard.providers import PROVIDERS, is_known_server
from a5wizard.text import clean

MATCH_LIMIT = 4000
"""Characters of a reply the rules look at; keeps matching fast on huge replies."""


def diagnose(
    failure: Failure, *, provider: str, account: Account | None = None
) -> Diagnosis:
    """The diagnosis for a failed check; never raises, unknown failures included."""
    provider_key = effective_provider(provider, account)
    reply = " ".join(failure.reply_line()[:MATCH_LIMIT].split())
    for rule in RULES:
        if _fits(rule, failure, reply, provider_key, account):
            return CATALOGUE[rule.key]
    return unknown_diagnosis(failure)


def effective_provider(provider: str, account: Account | None = None) -> str:
    """The provider key, guessed from a well-known server name when it is other."""
    key = (provider or "").strip().lower() or "other"
    if key != "other" or account is None:
        return key
    for known in PROVIDERS.values():
        if known.server and is_known_server(known, account.server):
            return known.key
    return key


def unknown_diagnosis(failure: Failure) -> Diagnosis:
    """Generic advice for the failed step, quoting the reply word for word."""
    step = PHASE_TITLES.get(failure.phase, str(failure.phase))
    advice, revisit = PHASE_ADVICE.get(failure.phase, ((), None))
    reply = clean(failure.reply_line(), keep_newlines=True)
    if not reply:
        quoted = "No reply or error message was given."
    elif failure.code is not None:
        quoted = f'The server replied: "{reply}"'
    else:
        quoted = f'The error was: "{reply}"'
    return Diagnosis(
        key=UNKNOWN.key,
        title=f'The step "{step}" failed',
        explanation=(
            f'The check stopped at the step "{step}" for a reason a5wizard does '
            f"not recognise. {quoted}"
        ),
        fix=(*advice, UNKNOWN.fix[-1]),
        revisit=revisit,
    )


def _fits(
    rule: Rule,
    failure: Failure,
    reply: str,
    provider: str,
    account: Account | None,
) -> bool:
    """True when every constraint of the rule holds for this failure."""
    if rule.kinds and failure.kind not in rule.kinds:
        return False
    if rule.phases and failure.phase not in rule.phases:
        return False
    if rule.codes and failure.code not in rule.codes:
        return False
    if rule.providers and provider not in rule.providers:
        return False
    if (rule.ports or rule.tls_modes) and not _account_fits(rule, account):
        return False
    return rule.text is None or rule.text.search(reply) is not None


def _account_fits(rule: Rule, account: Account | None) -> bool:
    """True when the account's port and TLS mode are among the rule's."""
    if account is None:
        return False
    if rule.ports and account.port not in rule.ports:
        return False
    return not rule.tls_modes or (account.secure and account.tls_mode in rule.tls_modes)
