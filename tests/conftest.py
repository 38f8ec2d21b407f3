from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared_data() -> Path:
    "The project's shared/ data folder (beside the repo); tests that need it skip without it."
    d = SHARED / "data"
    if not d.is_dir():
        pytest.skip("shared/data is not beside the repository")
    return d
