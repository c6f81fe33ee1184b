"""The demo a newcomer gets from `make run`: the seed's five departments, logins that just work."""

from django.urls import reverse

from liandong.organizations import demo
from liandong.organizations.models import Department, Liaison, Role, User


def _load():
    lines = []
    demo.load(lines.append)
    return lines


def test_it_loads_the_five_departments_of_the_seed_and_the_procuratorate(db):
    lines = _load()
    members = Department.objects.filter(jurisdiction__code="350502", is_member=True)
    assert sorted(members.values_list("name", flat=True)) == sorted(
        [
            "泉州市鲤城区财政局",
            "泉州市公安局鲤城分局",
            "泉州市鲤城区发展和改革局",
            "泉州市鲤城区审计局",
            "泉州市鲤城区市场监督管理局",
        ]
    )
    assert members.get(is_lead=True).name == "泉州市鲤城区财政局"
    assert Department.objects.get(is_member=False).name == "泉州市鲤城区人民检察院"
    for department in members:
        people = department.people.all()
        assert people.filter(role=Role.HEAD).count() == 1
        assert people.filter(role=Role.OFFICER).count() >= 3  # the liaison and two officers
        assert Liaison.objects.filter(department=department, rank="primary").count() == 1
    assert User.objects.filter(role=Role.ADMIN).count() == 1
    assert any("fin_liaison" in line for line in lines)
    assert _load() == lines  # idempotent


def test_the_printed_logins_just_work(client, db):
    _load()
    response = client.post(
        reverse("organizations:login"), {"username": "fin_liaison", "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200  # no forced password change for demo accounts
    client.post(reverse("organizations:logout"))
    response = client.post(
        reverse("organizations:login"), {"username": "admin", "password": demo.DEMO_PASSWORD}
    )
    assert response["Location"].startswith(reverse("organizations:enrol"))
