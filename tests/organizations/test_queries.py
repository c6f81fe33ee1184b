"""List pages and list endpoints cost the same number of queries however long the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from liandong.organizations import actions
from liandong.organizations.models import LiaisonRank, Role


def _grow(cast):
    """More departments and people, each department with a liaison."""
    for i in range(6):
        department = actions.create_department(
            cast.jurisdiction,
            acting_user=None,
            kind="OTHER",
            is_member=True,
            name=f"泉州市鲤城区协作单位{i}",
            short_name=f"协作单位{i}",
            doc_prefix=f"泉鲤协{i}",
            uscc="914403001922038216",
        )
        for j in range(3):
            person, _pw = actions.create_user(
                department,
                acting_user=None,
                username=f"extra_{i}_{j}",
                full_name=f"人员{i}{j}",
                role=Role.OFFICER,
                password="Extra#2026pass",
            )
            if j == 0:
                actions.appoint_liaison(person, rank=LiaisonRank.PRIMARY, acting_user=None)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        reverse("organizations:roster"),
        "/api/v1/departments",
        "/api/v1/audit/entries?limit=100",
        reverse("audit:entry_list"),
    ],
)
def test_list_queries_do_not_grow_with_the_list(client, cast, url):
    client.force_login(cast.admin)
    before = _queries(client, url)
    _grow(cast)
    assert _queries(client, url) == before


def test_the_people_of_a_department_cost_constant_queries(client, cast):
    client.force_login(cast.admin)
    url = reverse("organizations:department_detail", kwargs={"pk": cast.fin.pk})
    before = _queries(client, url)
    for i in range(5):
        actions.create_user(
            cast.fin,
            acting_user=None,
            username=f"more_{i}",
            full_name=f"人员{i}",
            role=Role.OFFICER,
            password="Extra#2026pass",
        )
    assert _queries(client, url) == before
