from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / "tests" / "data" / "shared"  # copies of the project's shared/ files the tests read (tests/data/README.md)


@pytest.fixture
def shared_data() -> Path:
    "The copies of the project's shared/data files that the tests read (tests/data/shared/data)."
    return SHARED / "data"
