"""The cast itself: put back for each test exactly as the actions built it."""

from django.apps import apps
from django.db import transaction

from tests import cast as cast_module


def _rows() -> dict[str, list[dict]]:
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
    }


def test_building_it_writes_only_the_tables_it_puts_back(db):
    before = _rows()
    cast_module.build()
    changed = {label for label, rows in _rows().items() if rows != before[label]}
    assert changed == {model._meta.label for model in cast_module.WRITTEN}


def test_it_is_put_back_as_the_actions_built_it(db):
    with transaction.atomic():
        first = cast_module.ready()  # built, or put back if another test built it first
        built = _rows()
        transaction.set_rollback(True)
    again = cast_module.ready()
    assert _rows() == built
    assert cast_module.keys(again) == cast_module.keys(first)
    assert again.fin_liaison.liaison_rank == "primary" and again.psb.name == "泉州市公安局鲤城分局"
