import os
import re
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# A busy CI machine must not turn a slow example into a failure: no per-example time limit.
hypothesis_settings.register_profile("liandong", deadline=None)
hypothesis_settings.load_profile("liandong")

OUTPUT_DIR = Path(__file__).resolve().parent.parent / "var" / "test-output"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher costs ~0.3 s a password; the cast alone has a dozen.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _chinese_first():
    # The UI's language unless a request asks for another; a request that did must not
    # leave its language behind for the next test.
    from django.utils import translation

    translation.activate("zh-hans")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _evidence_store(settings, tmp_path):
    # Each test stores evidence files in its own folder, never in the developer's var/.
    settings.EVIDENCE_ROOT = tmp_path / "evidence"


@pytest.fixture
def cast(db):
    from tests import cast as cast_module

    return cast_module.build()


@pytest.fixture
def committed_cast(transactional_db):
    """The cast, committed, for tests whose server thread must see it (live_server)."""
    from tests import cast as cast_module

    return cast_module.build()


@pytest.fixture
def output_dir(request) -> Path:
    """A folder under var/test-output for this test's screenshots and files."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
    path = OUTPUT_DIR / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_vendor() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return "postgresql" if url.startswith(("postgres", "postgresql")) else "sqlite"
