"""Running the a5wizard command line as a real subprocess with an isolated
environment: its own home, XDG folders, config file and file-backed keyring."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
FILE_KEYRING = "tests.keyring_backends.JsonFileKeyring"
FAIL_KEYRING = "keyring.backends.fail.Keyring"
TIMEOUT = 60


@dataclass(frozen=True)
class CliResult:
    """What one run of the command line did."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """Standard output and standard error together."""
        return self.stdout + self.stderr


class CliRunner:
    """Runs `python -m a5wizard` in a folder of its own, as a person would."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.home = folder / "home"
        self.home.mkdir(parents=True, exist_ok=True)
        self.config = folder / "a5" / "config.yaml"
        self.keyring_file = folder / "keyring.json"
        self.keyring_backend = FILE_KEYRING
        self.runs: list[CliResult] = []

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        """The subprocess environment: nothing of the real user leaks in."""
        env = {
            key: value
            for key, value in os.environ.items()
            if key in ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR")
        }
        env.update(
            {
                "HOME": str(self.home),
                "XDG_CONFIG_HOME": str(self.home / ".config"),
                "XDG_STATE_HOME": str(self.home / ".local" / "state"),
                "XDG_DATA_HOME": str(self.home / ".local" / "share"),
                "PYTHONPATH": str(REPO_ROOT),
                "PYTHONIOENCODING": "utf-8",
                "PYTHON_KEYRING_BACKEND": self.keyring_backend,
                "A5WIZARD_TEST_KEYRING_FILE": str(self.keyring_file),
                "A5WIZARD_CONFIG": str(self.config),
            }
        )
        env.update(extra or {})
        return env

    def run(
        self,
        *args: str,
        stdin: str | None = None,
        env: dict[str, str] | None = None,
    ) -> CliResult:
        """Run one command to its end and return what it printed."""
        completed = subprocess.run(
            [sys.executable, "-m", "a5wizard", *args],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=self.folder,
            env=self.env(env),
            timeout=TIMEOUT,
            check=False,
        )
        result = CliResult(
            tuple(args), completed.returncode, completed.stdout, completed.stderr
        )
        self.runs.append(result)
        return result

    def write(self, name: str, text: str) -> Path:
        """Write an input file (an apply file, say) in the runner's input folder."""
        path = self.folder / "input" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def all_output(self) -> str:
        """Everything every run printed, for leak checks."""
        return "\n".join(run.output for run in self.runs)

    def files_text(self) -> str:
        """The text of every file the command line wrote, for leak checks.

        Left out: the input files, the test keyring and any secrets file,
        whose job is to hold passwords.
        """
        texts = []
        for path in sorted(self.folder.rglob("*")):
            if not path.is_file() or path == self.keyring_file:
                continue
            if "input" in path.relative_to(self.folder).parts:
                continue
            if path.name.endswith(".secrets.yaml"):
                continue
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
        return "\n".join(texts)
