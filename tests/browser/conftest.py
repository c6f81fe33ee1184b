import pytest

from tests.browser.support import launch


@pytest.fixture
def browser():
    yield from launch()
