"""Document numbers: 代字〔年份〕序号号, per department, kind and year, no gap, no duplicate."""

import threading

import pytest
from django.db import connection, transaction

from liandong.documents import numbering
from liandong.documents.models import NumberSequence
from tests.conftest import database_vendor

CASE = numbering.Kind("case", "案")
LETTER = numbering.Kind("transfer_letter", "移")


def _next(department, kind=CASE, year=2026):
    with transaction.atomic():
        return numbering.allocate(department, kind, year)


def test_numbers_follow_the_official_form(cast):
    assert _next(cast.fin) == (1, "泉鲤政财案〔2026〕1号")
    assert _next(cast.fin) == (2, "泉鲤政财案〔2026〕2号")
    assert numbering.PATTERN.match("泉鲤政财〔2022〕113号")
    assert not numbering.PATTERN.match("泉鲤政财〔2022〕第113号")
    assert not numbering.PATTERN.match("泉鲤政财〔2022〕013号")


def test_each_department_kind_and_year_counts_on_its_own(cast):
    _next(cast.fin)
    assert _next(cast.psb)[1] == "泉鲤公案〔2026〕1号"
    assert _next(cast.fin, LETTER)[1] == "泉鲤政财移〔2026〕1号"
    assert _next(cast.fin, year=2027)[1] == "泉鲤政财案〔2027〕1号"
    assert _next(cast.fin)[1] == "泉鲤政财案〔2026〕2号"


def test_a_rolled_back_action_gives_its_number_back(cast):
    _next(cast.fin)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert numbering.allocate(cast.fin, CASE, 2026)[0] == 2
        raise RuntimeError("the action failed after taking a number")
    assert _next(cast.fin)[0] == 2


def test_a_department_without_a_prefix_gets_no_number(cast):
    with pytest.raises(ValueError, match="no document prefix"):
        _next(cast.procuratorate)


@pytest.mark.skipif(database_vendor() != "postgresql", reason="concurrent requests need a server")
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_get_consecutive_numbers():
    from tests import cast as cast_module

    fin = cast_module.build().fin
    barrier = threading.Barrier(4)
    numbers, errors = [], []

    def request():
        try:
            barrier.wait()
            for _ in range(10):
                numbers.append(_next(fin)[0])
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, 41))
    assert NumberSequence.objects.get().last == 40
