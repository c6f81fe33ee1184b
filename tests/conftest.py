import os
import re
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# A busy CI machine must not turn a slow example into a failure: no per-example time limit.
hypothesis_settings.register_profile("liandong", deadline=None)
hypothesis_settings.load_profile("liandong")

OUTPUT_DIR = Path(__file__).resolve().parent.parent / "var" / "test-output"

# Fixtures of tests that run `liandong` on a SQLite file of their own (tests/processes.py)
OWN_DATABASE = {"migrated_var", "demo_var"}


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="leave out the tests that never touch the test database (no database fixture, or "
        "a SQLite file of their own): they give the same result on every database, so `make "
        "test` runs them once, in its SQLite run, and passes this to its PostgreSQL run",
    )


def _touches_the_test_database(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    if names & OWN_DATABASE:
        return False
    return "_django_db_helper" in names or item.get_closest_marker("django_db") is not None


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--database-tests-only"):
        return
    kept = [item for item in items if _touches_the_test_database(item)]
    left = [item for item in items if not _touches_the_test_database(item)]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """The test databases are thrown away: on PostgreSQL a commit need not wait for its WAL to
    reach the disk (the browser tests commit every request)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options["options"] = (options.get("options", "") + " -c synchronous_commit=off").strip()


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


@pytest.fixture(autouse=True)
def _pdf_stand_in(request):
    """Documents get their PDF from a stand-in, not from a second of LibreOffice each: only
    the tests of the PDF itself (``needs_libreoffice``, marked ``converter``) run the real one."""
    if request.node.get_closest_marker("converter"):
        yield
        return
    from tests.documents.support import without_libreoffice

    with without_libreoffice():
        yield


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory) -> Path:
    from tests import processes

    return processes.shared(tmp_path_factory, "migrated", processes.migrate)


@pytest.fixture
def migrated_var(tmp_path, _migrated_template) -> Path:
    """A var folder of its own with a migrated SQLite database, for `liandong` in a process of
    its own (tests/processes.py)."""
    from tests import processes

    return processes.copy(_migrated_template, tmp_path / "var")


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory, _migrated_template) -> Path:
    from tests import processes

    return processes.shared(
        tmp_path_factory, "demo", processes.demo_on_a_bare_machine(_migrated_template)
    )


@pytest.fixture
def demo_var(tmp_path, _demo_template) -> Path:
    """A var folder of its own with the demo loaded, as `make run` leaves it on a fresh machine
    without CJK fonts or LibreOffice; what the demo printed is in its ``demo.stdout``."""
    from tests import processes

    return processes.copy(_demo_template, tmp_path / "var")


@pytest.fixture
def cast(db):
    from tests import cast as cast_module

    return cast_module.ready()


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
