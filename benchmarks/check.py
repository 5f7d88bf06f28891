"""Benchmark of the live check against the local mail server: a full send
check versus a bare aiosmtplib send of the same message (goal: at most 1.2
times), and the time to a verdict against a server that never greets (goal:
the connect timeout, not longer). Run: .venv/bin/python benchmarks/check.py"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import aiosmtplib

from a5wizard.check import CheckRequest, PasswordAuth, check_account
from a5wizard.check.message import build_test_message, envelope_recipients
from a5wizard.mailserver import Behaviour, LocalCA, LocalMailServer, SilentServer
from a5wizard.model import GlobalAccount
from a5wizard.secret import Secret

RECIPIENT = "owner@example.com"


def account_for(server: LocalMailServer) -> GlobalAccount:
    """The global account for the local server (STARTTLS, its CA trusted)."""
    return GlobalAccount(
        server=server.host,
        port=server.port,
        secure=True,
        tls="starttls",
        cafile=str(server.ca_file),
        username=server.behaviour.username,
        reply_to=server.behaviour.username,
        bcc="archive@example.com",
        from_name="Benchmark Gallery",
        street="Hauptstraße 1",
        city="Wien",
        country="Austria",
    )


async def time_checks(server: LocalMailServer, runs: int, folder: Path) -> list[float]:
    """Seconds per full send check (transcript saved each time)."""
    account = account_for(server)
    auth = PasswordAuth(account.username, Secret(server.behaviour.password))
    times = []
    for _ in range(runs):
        request = CheckRequest(
            "global",
            account,
            auth,
            RECIPIENT,
            global_account=account,
            transcript_dir=folder,
        )
        started = time.perf_counter()
        result = await check_account(request)
        times.append(time.perf_counter() - started)
        if not result.ok:
            raise SystemExit(f"check failed: {result.failure}")
    return times


async def time_bare_sends(server: LocalMailServer, runs: int) -> list[float]:
    """Seconds per bare aiosmtplib send of the same message to the same server."""
    account = account_for(server)
    message = build_test_message(
        account_key="global",
        account=account,
        recipient=RECIPIENT,
        check_id="bench000",
        global_account=account,
    )
    recipients = envelope_recipients(RECIPIENT, account)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await aiosmtplib.send(
            message,
            sender=account.username,
            recipients=recipients,
            hostname=server.host,
            port=server.port,
            username=account.username,
            password=server.behaviour.password,
            start_tls=True,
            cert_bundle=account.cafile,
        )
        times.append(time.perf_counter() - started)
    return times


async def time_silent(server: SilentServer, timeout: float, folder: Path) -> float:
    """Seconds to a verdict against a server that never greets."""
    account = GlobalAccount(server=server.host, port=server.port, username="a@b.c")
    request = CheckRequest(
        "global",
        account,
        None,
        RECIPIENT,
        connect_timeout=timeout,
        transcript_dir=folder,
    )
    started = time.perf_counter()
    result = await check_account(request)
    elapsed = time.perf_counter() - started
    assert result.diagnosis is not None and result.diagnosis.key == "no_greeting"
    return elapsed


async def main(runs: int, timeout: float) -> None:
    """Run both measurements and print the ratios."""
    with (
        tempfile.TemporaryDirectory() as folder,
        LocalMailServer(Behaviour(tls="starttls"), LocalCA()) as server,
        SilentServer() as silent,
    ):
        await time_checks(server, 2, Path(folder))  # warm up imports and caches
        await time_bare_sends(server, 2)
        check_times: list[float] = []
        bare_times: list[float] = []
        for _ in range(runs):  # interleaved, so load on the machine hits both alike
            check_times += await time_checks(server, 1, Path(folder))
            bare_times += await time_bare_sends(server, 1)
        checks = statistics.median(check_times)
        bare = statistics.median(bare_times)
        verdict = await time_silent(silent, timeout, Path(folder))
    print(f"send check, median of {runs}: {checks * 1000:.1f} ms")
    print(f"bare aiosmtplib send, median of {runs}: {bare * 1000:.1f} ms")
    print(f"ratio check / bare: {checks / bare:.2f} (goal <= 1.20)")
    print(f"silent server: verdict after {verdict:.3f} s, connect timeout {timeout} s")
    print(f"ratio verdict / timeout: {verdict / timeout:.2f} (goal ~1.00)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--timeout", type=float, default=1.0)
    options = parser.parse_args()
    asyncio.run(main(options.runs, options.timeout))
