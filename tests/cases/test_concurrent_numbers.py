"""Case numbers under concurrency: people registering clues for one department at the same moment
get consecutive numbers, with no gap and no duplicate (each thread has its own connection)."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from liandong.audit.models import AuditEntry
from liandong.cases import actions
from liandong.cases.models import Case
from tests.conftest import database_vendor

THREADS = 4
EACH = 5


@pytest.mark.skipif(
    database_vendor() != "postgresql",
    reason="concurrent registrations need a database server (SQLite serialises every writer)",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_consecutive_case_numbers():
    from tests import cast as cast_module

    cast = cast_module.build()
    officers = [cast.fin_officer, cast.fin_officer2, cast.fin_liaison, cast.fin_head]
    barrier = threading.Barrier(THREADS)
    sequences, errors = [], []

    def register(officer):
        try:
            barrier.wait()
            for n in range(EACH):
                case = actions.register_case(
                    cast.fin,
                    title=f"{officer.full_name}登记的第{n + 1}条线索",
                    source="report",
                    acting_user=officer,
                )
                sequences.append(case.sequence)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(o,)) for o in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    total = THREADS * EACH
    assert sorted(sequences) == list(range(1, total + 1))
    year = timezone.localdate().year
    numbers = set(Case.objects.filter(department=cast.fin).values_list("number", flat=True))
    assert numbers == {f"泉鲤政财案〔{year}〕{n}号" for n in range(1, total + 1)}
    assert AuditEntry.objects.filter(action="cases.case.register", outcome="ok").count() == total
