"""Benchmark of the wizard's start-up: time from launch to its first screen, and
peak memory, versus a bare Textual app showing one label (goal: at most 1.25
times). Run: .venv/bin/python benchmarks/startup.py [--runs N] [--headless]"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
GOAL = 1.25
COLUMNS, LINES = 80, 24
TIMEOUT = 60.0

READY_HOOK = """
import os, sys, time
def ready_when_first_screen_painted(app_class):
    class Timed(app_class):
        def on_mount(self):
            # Runs before the app's own on_mount handlers (which push the
            # first screen), so look at the screen once they are done.
            self.call_later(self._watch_first_screen)
        def _watch_first_screen(self):
            self.screen.call_after_refresh(self._first_screen_painted)
        def _first_screen_painted(self):
            os.write(int(os.environ["STARTUP_REPORT_FD"]),
                     f"{time.monotonic()} {type(self.screen).__name__}\\n".encode())
            self.exit(0)
    # Its CSS_PATH stays relative to the module of the app it times.
    Timed.__module__ = app_class.__module__
    return Timed
"""

WIZARD_CHILD = (
    READY_HOOK
    + """
from pathlib import Path
from screens.app import WizardApp
app = ready_when_first_screen_painted(WizardApp)(Path(os.environ["A5WIZARD_CONFIG"]))
app.run(headless=os.environ.get("STARTUP_HEADLESS") == "1")
"""
)

BARE_CHILD = (
    READY_HOOK
    + """
from textual.app import App
from textual.widgets import Label
class Bare(App):
    def compose(self):
        yield Label("Hello")
app = ready_when_first_screen_painted(Bare)()
app.run(headless=os.environ.get("STARTUP_HEADLESS") == "1")
"""
)


@dataclass(frozen=True)
class Launch:
    """One launch: seconds to the first painted screen, its name, peak memory."""

    seconds: float
    screen: str
    peak_kib: int


def drain(master: int) -> None:
    """Read a pseudo-terminal's output until the child closes it."""
    while True:
        try:
            if not os.read(master, 65536):
                return
        except OSError:  # EIO once the child side is closed
            return


def launch(code: str, env: dict[str, str], headless: bool) -> Launch:
    """Start one fresh interpreter running `code` and time it to its first screen."""
    report_read, report_write = os.pipe()
    env = {**env, "STARTUP_REPORT_FD": str(report_write)}
    if headless:
        env["STARTUP_HEADLESS"] = "1"
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    reader = threading.Thread(target=drain, args=(master,), daemon=True)
    reader.start()
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=env,
        cwd=REPO_ROOT,
        pass_fds=(report_write,),
        start_new_session=True,
    )
    os.close(slave)
    os.close(report_write)
    with os.fdopen(report_read, "rb") as report:
        line = report.read().decode().strip()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode() if process.stderr else ""
    reader.join(timeout=TIMEOUT)
    os.close(master)
    if process.returncode != 0 or not line:
        raise RuntimeError(f"launch failed ({process.returncode}): {errors[-2000:]}")
    ready_at, screen = line.split(maxsplit=1)
    return Launch(float(ready_at) - started, screen, usage.ru_maxrss)


def environment(folder: Path, config: Path) -> dict[str, str]:
    """A child environment with its own home and config, and an 80x24 terminal."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key in ("PATH", "LANG", "LC_ALL", "TMPDIR")
    }
    env.update(
        {
            "HOME": str(folder / "home"),
            "XDG_CONFIG_HOME": str(folder / "home" / ".config"),
            "XDG_STATE_HOME": str(folder / "home" / ".local" / "state"),
            "XDG_DATA_HOME": str(folder / "home" / ".local" / "share"),
            "PYTHONPATH": str(REPO_ROOT),
            "A5WIZARD_CONFIG": str(config),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "TERM": "xterm-256color",
            "COLUMNS": str(COLUMNS),
            "LINES": str(LINES),
        }
    )
    return env


def summary(name: str, launches: list[Launch]) -> tuple[float, int]:
    """Print one variant's median time and peak memory; return both."""
    median = statistics.median(run.seconds for run in launches)
    spread = statistics.quantiles([run.seconds for run in launches], n=4)
    peak = max(run.peak_kib for run in launches)
    screens = sorted({run.screen for run in launches})
    print(
        f"{name:<22} median {median * 1000:7.1f} ms"
        f"  (quartiles {spread[0] * 1000:.0f}-{spread[2] * 1000:.0f} ms)"
        f"  peak memory {peak / 1024:6.1f} MiB  first screen {', '.join(screens)}"
    )
    return median, peak


def main() -> int:
    """Launch each variant interleaved, N times, and compare with the goal."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="launches per variant")
    parser.add_argument(
        "--headless",
        action="store_true",
        help="run the apps headless (no terminal driver) instead of under a pty",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="a5wizard-startup-") as name:
        folder = Path(name)
        (folder / "home").mkdir()
        with_config = folder / "with" / "config.yaml"
        with_config.parent.mkdir()
        shutil.copy(REPO_ROOT / "config.example.yaml", with_config)
        variants = {
            "bare Textual label": (BARE_CHILD, environment(folder, with_config)),
            "wizard, example config": (WIZARD_CHILD, environment(folder, with_config)),
            "wizard, no config": (
                WIZARD_CHILD,
                environment(folder, folder / "none" / "config.yaml"),
            ),
        }
        results: dict[str, list[Launch]] = {name: [] for name in variants}
        for code, env in variants.values():  # warm-up: byte code and disk cache
            launch(code, env, args.headless)
        for round_number in range(args.runs):
            order = list(variants.items())
            if round_number % 2:
                order.reverse()
            for name, (code, env) in order:
                results[name].append(launch(code, env, args.headless))
    mode = "headless" if args.headless else f"pty {COLUMNS}x{LINES}"
    print(f"Launch to first painted screen, {args.runs} fresh processes each ({mode})")
    bare_time, bare_peak = summary("bare Textual label", results["bare Textual label"])
    met = True
    for name in list(variants)[1:]:
        median, peak = summary(name, results[name])
        ratio = median / bare_time
        met = met and ratio <= GOAL
        print(
            f"  {name}: {ratio:.2f}x the bare app's time (goal <= {GOAL}x: "
            f"{'met' if ratio <= GOAL else 'MISSED'}), "
            f"{peak / bare_peak:.2f}x its peak memory"
        )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
