"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
AGENTS = FIXTURES / "agents"


@pytest.fixture
def agents_dir() -> Path:
    """The hand-written agent fixtures."""
    return AGENTS
