"""Fixtures for fixtures_mail (filled by its area)."""
