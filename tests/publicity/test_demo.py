"""The demo publications: made through the actions, idempotent, and the public site shows the
typical case with its natural person masked."""

from django.test import Client

from liandong.audit.models import AuditEntry
from liandong.cases import demo as cases_demo
from liandong.organizations import demo as organizations_demo
from liandong.publicity import demo
from liandong.publicity.models import Publication, State


def _load() -> list[str]:
    lines: list[str] = []
    organizations_demo.load(lines.append)
    cases_demo.load(lines.append)
    demo.load(lines.append)
    return lines


def test_the_demo_has_one_of_each_and_loads_twice_without_changing_anything(db):
    first = _load()
    states = sorted(Publication.objects.values_list("state", flat=True))
    assert states == sorted([State.PUBLISHED, State.SUBMITTED, State.WITHDRAWN])
    entries = AuditEntry.objects.count()
    assert _load()[-1] == first[-1]
    assert AuditEntry.objects.count() == entries
    item = Publication.objects.get(state=State.PUBLISHED)
    html = Client().get(f"/public/{item.public_id}/").content.decode()
    assert "项目负责人郑某" in html and "郑国平" not in html
    assert demo.PERSON[1] not in html and demo.PHONE not in html
    assert demo.SUPPLIER[0] in html and demo.SUPPLIER[1] not in html
