"""API lists are paged: 100 by default, at most 500 a request; asking for more is refused
naming the parameter, in the request's language."""

import pytest


@pytest.fixture
def officer(client, cast):
    client.force_login(cast.fin_officer)
    return client


def test_a_list_gives_a_page_and_the_count(officer):
    body = officer.get("/api/v1/cases?limit=500&offset=0").json()
    assert set(body) >= {"items", "count"}


def test_asking_for_more_than_500_is_refused_naming_the_parameter(officer):
    response = officer.get("/api/v1/cases?limit=100000")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["details"] == [
        {"field": "limit", "message": "不能大于 500。", "type": "less_than_equal"}
    ]


def test_a_negative_offset_is_refused_in_english_too(officer):
    response = officer.get("/api/v1/cases?offset=-1", headers={"accept-language": "en"})
    assert response.status_code == 422
    (detail,) = response.json()["details"]
    assert detail["field"] == "offset" and detail["message"] == "Must not be less than 0."
