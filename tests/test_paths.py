"""Where the config, transcripts and reports live, and how --config and
A5WIZARD_CONFIG override the default."""

from __future__ import annotations

from pathlib import Path

import pytest

from a5wizard.paths import (
    CONFIG_ENV,
    config_path,
    default_config_path,
    report_dir,
    transcript_dir,
)


def test_default_config_is_in_the_xdg_config_folder(isolated_env: Path) -> None:
    expected = isolated_env / ".config" / "a5wizard" / "config.yaml"
    assert default_config_path() == expected
    assert config_path() == expected


def test_environment_variable_overrides_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "from-env.yaml"))
    assert config_path() == tmp_path / "from-env.yaml"


def test_explicit_path_wins_over_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "from-env.yaml"))
    assert config_path(tmp_path / "cli.yaml") == tmp_path / "cli.yaml"
    assert config_path(str(tmp_path / "cli.yaml")) == tmp_path / "cli.yaml"


def test_empty_values_fall_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CONFIG_ENV, "  ")
    assert config_path("") == default_config_path()


def test_home_shorthand_is_expanded(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert config_path("~/a5.yaml") == isolated_env / "a5.yaml"
    monkeypatch.setenv(CONFIG_ENV, "~/env.yaml")
    assert config_path() == isolated_env / "env.yaml"


def test_transcripts_and_reports_live_in_the_log_folder(isolated_env: Path) -> None:
    log_root = isolated_env / ".local" / "state" / "a5wizard" / "log"
    assert transcript_dir() == log_root / "transcripts"
    assert report_dir() == log_root / "reports"
