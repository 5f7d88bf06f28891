"""Fixtures for fixtures_app (filled by its area)."""
