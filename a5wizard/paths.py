"""Where a5wizard keeps its config file, transcripts and reports: platformdirs
folders, overridable with --config or the A5WIZARD_CONFIG variable."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_dir, user_log_dir

APP_NAME = "a5wizard"
CONFIG_ENV = "A5WIZARD_CONFIG"
CONFIG_FILE_NAME = "config.yaml"


def default_config_path() -> Path:
    """The config file in the user's config folder for a5wizard."""
    return Path(user_config_dir(APP_NAME, appauthor=False)) / CONFIG_FILE_NAME


def config_path(explicit: str | Path | None = None) -> Path:
    """The config file in force: --config, else $A5WIZARD_CONFIG, else default."""
    if explicit is not None and str(explicit).strip():
        return Path(explicit).expanduser()
    from_env = os.environ.get(CONFIG_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return default_config_path()


def _log_root() -> Path:
    """The user's log folder for a5wizard."""
    return Path(user_log_dir(APP_NAME, appauthor=False))


def transcript_dir() -> Path:
    """The folder where check transcripts are saved."""
    return _log_root() / "transcripts"


def report_dir() -> Path:
    """The folder where support reports are saved."""
    return _log_root() / "reports"
