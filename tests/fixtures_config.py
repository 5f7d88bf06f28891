"""Config fixtures: a config path in the test's folder, the example config
and a helper that writes config text."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from a5wizard.config_file import load_settings
from a5wizard.model import Settings

EXAMPLE_CONFIG = Path(__file__).resolve().parent.parent / "config.example.yaml"
"""The documented example config at the top of the repository."""


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    """Where this test's config file lives (not created)."""
    return tmp_path / "a5" / "config.yaml"


@pytest.fixture
def example_settings() -> Settings:
    """Settings loaded from config.example.yaml."""
    return load_settings(EXAMPLE_CONFIG)


@pytest.fixture
def example_config(config_path: Path) -> Path:
    """A copy of config.example.yaml at config_path."""
    config_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(EXAMPLE_CONFIG, config_path)
    return config_path


@pytest.fixture
def write_config(config_path: Path) -> Callable[[str], Path]:
    """Write the given text to config_path and return the path."""

    def write(text: str) -> Path:
        config_path.parent.mkdir(parents=True, exist_ok=True)
        config_path.write_text(text, encoding="utf-8")
        return config_path

    return write
