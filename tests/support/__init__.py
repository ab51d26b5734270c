"""Helpers shared by the test suites: paths to the repository, the seed and the fixtures."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_0bbe3455ec65385e.txt"
FIXTURES = REPO / "tests" / "fixtures"
