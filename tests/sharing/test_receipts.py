"""Read receipts: exactly who was given a bulletin and who has opened it, department by
department; reading again changes nothing; the author's department and the lead unit see them."""

from django.test import Client

from liandong.audit.models import AuditEntry
from liandong.notifications import receipts
from liandong.notifications.models import Receipt
from liandong.sharing.models import Bulletin
from tests.sharing.support import publish, to


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _status(bulletin) -> list[tuple[str, str, bool]]:
    return [
        (line.department, line.person, line.read_at is not None)
        for line in receipts.status(bulletin)
    ]


def test_it_shows_exactly_who_has_and_has_not_read_it_department_by_department(cast):
    bulletin = publish(cast)
    assert _client(cast.psb_officer).get(f"/sharing/{bulletin.pk}/").status_code == 200
    assert _client(cast.fin_liaison).get(f"/api/v1/bulletins/{bulletin.pk}").status_code == 200
    assert _client(cast.fin_head).get(f"/sharing/{bulletin.pk}/").status_code == 200
    assert _client(cast.drc_liaison).get(f"/sharing/{bulletin.pk}/").status_code == 200  # author
    assert _status(bulletin) == [
        ("区财政局", "Fin Head", True),
        ("区财政局", "Fin Liaison", True),
        ("区财政局", "Fin Officer", False),
        ("区财政局", "Fin Officer2", False),
        ("区财政局", "Fin Viewer", False),
        ("区公安分局", "Psb Liaison", False),
        ("区公安分局", "Psb Officer", True),
        ("区审计局", "Aud Liaison", False),
        ("区市场监管局", "Samr Liaison", False),
    ]
    page = _client(cast.drc_liaison).get(f"/sharing/{bulletin.pk}/").content.decode()
    assert 'id="receipts"' in page and "3 / 9 人已读" in page
    assert page.count("未读</span>") == 6


def test_reading_twice_changes_nothing(cast):
    bulletin = to(cast, "psb")
    client = _client(cast.psb_liaison)
    client.get(f"/sharing/{bulletin.pk}/")
    first = Receipt.objects.for_object(bulletin).get(recipient=cast.psb_liaison).read_at
    entries = AuditEntry.objects.count()
    client.get(f"/sharing/{bulletin.pk}/")
    client.get(f"/api/v1/bulletins/{bulletin.pk}")
    assert Receipt.objects.for_object(bulletin).get(recipient=cast.psb_liaison).read_at == first
    assert AuditEntry.objects.count() == entries  # the first reading alone is audited
    read = AuditEntry.objects.filter(
        action="notifications.receipt.read", object_id=str(bulletin.pk)
    )
    assert [e.actor_id for e in read] == [cast.psb_liaison.pk]
    assert not receipts.mark_read(bulletin, acting_user=cast.psb_liaison)
    assert not receipts.mark_read(bulletin, acting_user=cast.drc_liaison)  # never delivered


def test_the_authors_department_and_the_lead_unit_see_receipts_the_audience_does_not(cast):
    bulletin = publish(cast)
    for person, shown in (
        (cast.drc_liaison, True),
        (cast.fin_viewer, True),  # the lead unit (牵头单位)
        (cast.fin_officer, True),
        (cast.psb_liaison, False),
        (cast.samr_liaison, False),
    ):
        page = _client(person).get(f"/sharing/{bulletin.pk}/").content.decode()
        assert ('id="receipts"' in page) is shown, person
        api = _client(person).get(f"/api/v1/bulletins/{bulletin.pk}/receipts")
        assert api.status_code == (200 if shown else 403), person
    lines = _client(cast.drc_liaison).get(f"/api/v1/bulletins/{bulletin.pk}/receipts").json()
    # read by the four of the lead unit and the audience who opened it above
    assert len(lines) == 9 and sum(1 for line in lines if line["read_at"]) == 4


def test_the_lead_unit_does_not_see_receipts_of_a_bulletin_not_addressed_to_it(cast):
    bulletin = to(cast, "psb")
    response = _client(cast.fin_head).get(f"/api/v1/bulletins/{bulletin.pk}/receipts")
    assert response.status_code == 404


def test_the_unread_count_is_on_the_menu_and_the_workbench_until_opened(cast):
    first = publish(cast, title="第一条")
    to(cast, "psb", "samr", title="第二条")
    publish(cast, who="samr_liaison", category="warning", title="预警一条")
    client = _client(cast.psb_liaison)
    assert receipts.unread_count(cast.psb_liaison, Bulletin) == 3
    home = client.get("/").content.decode()
    assert '信息通报 <span class="count">3</span>' in home
    assert "信息通报（问题反映）：第一条（区发改局）" in home
    assert "信息通报（预警）：预警一条（区市场监管局）" in home
    client.get(f"/sharing/{first.pk}/")
    home = client.get("/").content.decode()
    assert '信息通报 <span class="count">2</span>' in home
    assert "信息通报（问题反映）：第一条" not in home
    todos = client.get("/api/v1/workbench").json()
    assert sorted(t["title"] for t in todos if t["kind"] == "bulletin") == [
        "信息通报（问题反映）：第二条（区发改局）",
        "信息通报（预警）：预警一条（区市场监管局）",
    ]
    author_home = _client(cast.drc_liaison).get("/").content.decode()
    assert '信息通报 <span class="count">1</span>' in author_home  # SAMR's warning, not her own
