"""The README's troubleshooting section is generated from the diagnosis
catalogue and must never drift from it."""

from __future__ import annotations

from pathlib import Path

from a5wizard.check.diagnoses import CATALOGUE
from a5wizard.check.troubleshooting import (
    BEGIN_MARK,
    END_MARK,
    troubleshooting_markdown,
    with_troubleshooting,
)

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_troubleshooting_matches_the_catalogue() -> None:
    text = README.read_text(encoding="utf-8")
    assert with_troubleshooting(text) == text, "run `make readme` and commit README.md"
    assert troubleshooting_markdown() in text


def test_every_diagnosis_title_is_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [d.title for d in CATALOGUE.values() if d.title not in text]
    assert missing == []


def test_regenerating_replaces_only_the_marked_section() -> None:
    old = f"# Title\n\nintro\n\n{BEGIN_MARK}\nstale\n{END_MARK}\n\n## After\n"
    new = with_troubleshooting(old)
    assert new.startswith("# Title\n\nintro\n\n")
    assert new.endswith(f"{END_MARK}\n\n## After\n")
    assert "stale" not in new
    assert with_troubleshooting(new) == new
