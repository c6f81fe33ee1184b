import pytest

from tests.browser.support import launch


@pytest.fixture
def browser():
    yield from launch()


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started once the test database exists so that it stops
    before the database is dropped: on PostgreSQL a connection of its threads would otherwise
    keep the database from being dropped (and leave it behind)."""
    return live_server
