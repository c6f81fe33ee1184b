"""Twenty police officers sign the receipt of one transfer at the same moment: one acceptance,
nineteen clear refusals, one audit entry of acceptance, one receipt (PostgreSQL: each thread has
its own connection and the transfer's row lock decides)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from liandong.audit.models import AuditEntry
from liandong.documents.models import IssuedDocument
from liandong.organizations import actions as organizations
from liandong.organizations.models import Role
from liandong.transfers import actions
from liandong.transfers.models import State, Transfer
from tests.conftest import database_vendor
from tests.documents.support import without_libreoffice
from tests.transfers.support import sent

ATTEMPTS = 20


@pytest.mark.skipif(
    database_vendor() != "postgresql",
    reason="concurrent acceptance needs a database server (SQLite serialises every writer)",
)
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_accepts_make_one_acceptance():
    from tests import cast as cast_module

    cast = cast_module.build()
    officers = [cast.psb_liaison, cast.psb_officer]
    for n in range(ATTEMPTS - len(officers)):
        person, _password = organizations.create_user(
            cast.psb,
            acting_user=None,
            username=f"psb_duty{n}",
            full_name=f"值班民警{n}",
            role=Role.OFFICER,
            password=cast_module.PASSWORD,
            must_change_password=False,
        )
        officers.append(person)
    with without_libreoffice():
        transfer = sent(cast)
        barrier = threading.Barrier(ATTEMPTS)
        won, refusals, errors = [], [], []

        def accept(officer):
            try:
                barrier.wait()
                actions.accept(transfer, acting_user=officer, expected_version=None)
                won.append(officer)
            except ValidationError as exc:
                refusals.append(exc)
            except Exception as exc:  # reported below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=accept, args=(o,)) for o in officers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    assert len(won) == 1 and len(refusals) == ATTEMPTS - 1
    for refusal in refusals:
        assert refusal.error_dict["state"][0].code == "wrong_state"
        assert "已签收" in refusal.messages[0]
    transfer = Transfer.objects.get(pk=transfer.pk)
    assert transfer.state == State.RECEIVED and transfer.received_by == won[0]
    accepted = AuditEntry.objects.filter(action="transfers.transfer.accept")
    assert accepted.filter(outcome="ok").count() == 1
    assert accepted.exclude(outcome="ok").count() == ATTEMPTS - 1
    assert IssuedDocument.objects.about(transfer).filter(kind="transfer_receipt").count() == 1
