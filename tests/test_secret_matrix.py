"""The permission matrix again, with every case 涉密 (issue 18): each GET page and endpoint is
built as the matrix builds it — but every case it makes is 涉密, seen in its department only by
its head and assigned officers — and walked as the department's people who must not see those
cases (its liaison, its viewer, its administrator). Whatever they are shown, none of it names a
涉密 case: not its number, not its title."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client

from liandong.cases.models import Case
from tests.test_permission_matrix import ENDPOINTS, ROUTES, _built, cast, sessions  # noqa: F401

WATCHERS = ("fin_liaison", "fin_viewer", "admin")  # FIN's, assigned to no case
GETS = [t for t in (*ROUTES, *ENDPOINTS) if t.method == "GET"]


@pytest.fixture
def every_case_secret(cast):  # noqa: F811
    """Every case made is 涉密; and one is there already with what hangs off it: its 90-day
    timer, a consultation about it to the police, its to-dos — for every list to leave out."""
    from liandong.consultations import actions as consultations
    from tests.cases.test_secret_follows import _secret

    field = Case._meta.get_field("confidential")
    before = field.default
    field.default = True
    case = _secret(cast)
    consultations.ask(
        department=cast.psb,
        topic="procurement",
        subject=f"关于{case.title}的咨询",
        question="请问……",
        case=case,
        acting_user=cast.fin_officer,
    )
    yield
    field.default = before


@pytest.mark.parametrize("target", GETS, ids=lambda t: t.id)
def test_what_they_are_shown_never_names_a_secret_case(cast, sessions, target, every_case_secret):  # noqa: F811
    try:
        url = target.url(cast)
    except ValidationError as refused:
        # what the page shows cannot be made of a 涉密 case at all (宣传曝光)
        assert "涉密" in " ".join(refused.messages), refused.messages
        return
    named = [
        text
        for number, title in Case.objects.filter(confidential=True).values_list("number", "title")
        for text in (number, title)
    ]
    leaks = []
    for who in WATCHERS:
        with transaction.atomic():
            client = Client()
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[who]
            response = target.send(client, cast, url, who)
            if response.status_code == 200 and response.get("Content-Type", "").startswith(
                ("text/html", "application/json")
            ):
                body = response.content.decode("utf-8", errors="ignore")
                leaks += [f"{who}: {text}" for text in named if text and text in body]
            transaction.set_rollback(True)
    assert leaks == [], f"{target.id} names a 涉密 case"
