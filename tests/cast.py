"""The test cast (DESIGN.md §7): named people with fixed roles, made through the actions."""

from dataclasses import dataclass

from liandong.audit.models import AuditEntry
from liandong.organizations import actions
from liandong.organizations.demo import demo_uscc
from liandong.organizations.models import (
    Department,
    Jurisdiction,
    Liaison,
    LiaisonRank,
    Role,
    User,
)

PASSWORD = "Cast#2026pass"

# name → (department key, role, liaison rank or None)
PEOPLE = {
    "fin_head": ("fin", Role.HEAD, None),
    "fin_liaison": ("fin", Role.OFFICER, LiaisonRank.PRIMARY),
    "fin_officer": ("fin", Role.OFFICER, None),
    "fin_officer2": ("fin", Role.OFFICER, None),
    "fin_viewer": ("fin", Role.VIEWER, None),
    "psb_liaison": ("psb", Role.OFFICER, LiaisonRank.PRIMARY),
    "psb_officer": ("psb", Role.OFFICER, None),
    "drc_liaison": ("drc", Role.OFFICER, LiaisonRank.PRIMARY),
    "aud_liaison": ("aud", Role.OFFICER, LiaisonRank.PRIMARY),
    "samr_liaison": ("samr", Role.OFFICER, LiaisonRank.PRIMARY),
    "admin": ("fin", Role.ADMIN, None),
    "outsider": ("other_fin", Role.ADMIN, None),  # administrator of another jurisdiction
    "proc_officer": ("procuratorate", Role.OFFICER, None),  # 区检察院: an external participant
}
EXTERNAL = frozenset({"proc_officer"})
NAMES = tuple(PEOPLE)

_DEPARTMENTS = {
    "fin": ("FIN", "泉州市鲤城区财政局", "区财政局", "泉鲤政财", True, "003151011"),
    "psb": ("PSB", "泉州市公安局鲤城分局", "区公安分局", "泉鲤公", False, "003151020"),
    "drc": ("DRC", "泉州市鲤城区发展和改革局", "区发改局", "泉鲤发改", False, "003151038"),
    "aud": ("AUD", "泉州市鲤城区审计局", "区审计局", "泉鲤审", False, "003151046"),
    "samr": ("SAMR", "泉州市鲤城区市场监督管理局", "区市场监管局", "泉鲤市监", False, "MB0P12345"),
}


@dataclass
class Cast:
    jurisdiction: Jurisdiction
    other_jurisdiction: Jurisdiction
    departments: dict[str, Department]
    people: dict[str, User]

    def __getattr__(self, name: str):
        people = self.__dict__.get("people", {})
        if name in people:
            return people[name]
        departments = self.__dict__.get("departments", {})
        if name in departments:
            return departments[name]
        raise AttributeError(name)


def build() -> Cast:
    home = actions.create_jurisdiction(name="泉州市鲤城区", code="350502", acting_user=None)
    other = actions.create_jurisdiction(name="泉州市丰泽区", code="350503", acting_user=None)
    departments = {}
    for key, (kind, name, short, prefix, lead, org) in _DEPARTMENTS.items():
        departments[key] = actions.create_department(
            home,
            acting_user=None,
            kind=kind,
            name=name,
            short_name=short,
            doc_prefix=prefix,
            is_lead=lead,
            uscc=demo_uscc(org),
        )
    departments["procuratorate"] = actions.create_department(
        home,
        acting_user=None,
        kind="PROC",
        is_member=False,
        name="泉州市鲤城区人民检察院",
        short_name="区检察院",
    )
    departments["other_fin"] = actions.create_department(
        other,
        acting_user=None,
        kind="FIN",
        name="泉州市丰泽区财政局",
        short_name="丰泽区财政局",
        doc_prefix="泉丰政财",
        is_lead=True,
        uscc=demo_uscc("003152017"),
    )
    people = {}
    for username, (dept, role, rank) in PEOPLE.items():
        person, _pw = actions.create_user(
            departments[dept],
            acting_user=None,
            username=username,
            full_name=username.replace("_", " ").title(),
            role=role,
            password=PASSWORD,
            must_change_password=False,
        )
        if rank:
            actions.appoint_liaison(person, rank=rank, acting_user=None)
            person.refresh_from_db()
        people[username] = person
    return Cast(home, other, departments, people)


def keys(cast: Cast) -> dict:
    """The primary keys of a built cast, to fetch it again (``fetch``)."""
    return {
        "jurisdiction": cast.jurisdiction.pk,
        "other_jurisdiction": cast.other_jurisdiction.pk,
        "departments": {name: d.pk for name, d in cast.departments.items()},
        "people": {name: p.pk for name, p in cast.people.items()},
    }


def fetch(keys: dict) -> Cast:
    """The cast as the database holds it, in new instances: a test may change its own freely."""
    jurisdictions = Jurisdiction.objects.in_bulk([keys["jurisdiction"], keys["other_jurisdiction"]])
    departments = Department.objects.in_bulk(keys["departments"].values())
    people = User.objects.in_bulk(keys["people"].values())
    return Cast(
        jurisdictions[keys["jurisdiction"]],
        jurisdictions[keys["other_jurisdiction"]],
        {name: departments[pk] for name, pk in keys["departments"].items()},
        {name: people[pk] for name, pk in keys["people"].items()},
    )


# What ``build`` writes, in the order it writes it (every table it touches: a test of this module
# fails when it touches another).
WRITTEN = (Jurisdiction, Department, User, Liaison, AuditEntry)
_written: dict | None = None  # per process: the rows the first ``build`` wrote, and its keys


def ready() -> Cast:
    """The cast for a test (the ``cast`` fixture, inside the test's transaction): built through
    the actions the first time in a process; after that the rows that build wrote — the same
    keys, the same audit chain — are put back as they were, in a fiftieth of the time."""
    global _written
    if _written is not None:
        for model in WRITTEN:
            model.objects.bulk_create([model(**row) for row in _written["rows"][model]])
        return fetch(_written["keys"])
    before = {model: set(model.objects.values_list("pk", flat=True)) for model in WRITTEN}
    cast = build()
    _written = {
        "keys": keys(cast),
        "rows": {
            model: [
                row
                for row in model.objects.order_by("pk").values()
                if row[model._meta.pk.attname] not in before[model]
            ]
            for model in WRITTEN
        },
    }
    return cast
