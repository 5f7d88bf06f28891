"""Fixtures for fixtures_config (filled by its area)."""
