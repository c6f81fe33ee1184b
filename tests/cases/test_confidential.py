"""A case marked 涉密 is seen in its department only by its head and assigned officers; what
another department was given stays given. Its evidence and attachments follow the case."""

from django.test import Client

from liandong.cases import actions
from liandong.cases.models import Case
from liandong.evidence.models import Attachment, EvidenceItem
from tests.evidence.support import fields, sealed

SEE = {"fin_head", "fin_officer"}
DO_NOT_SEE = {"fin_liaison", "fin_officer2", "fin_viewer"}


def _secret(cast):
    case = actions.register_case(
        cast.fin, title="某局长涉嫌指定供应商", source="report", acting_user=cast.fin_officer
    )
    actions.update_case(case, confidential=True, acting_user=cast.fin_officer)
    upload = sealed(cast.fin_officer)
    from liandong.evidence import actions as evidence

    evidence.add_item(case, upload_id=upload.pk, acting_user=cast.fin_officer, **fields())
    attachment = sealed(cast.fin_officer, "立案审批表.pdf")
    evidence.add_attachment(
        case, title="立案审批表", upload_id=attachment.pk, acting_user=cast.fin_officer
    )
    return case


def test_a_confidential_case_is_seen_only_by_its_head_and_officers(cast):
    case = _secret(cast)
    open_case = actions.register_case(
        cast.fin, title="某物业服务项目涉嫌提供虚假材料", source="report", acting_user=cast.fin_head
    )
    for name in SEE:
        person = cast.people[name]
        assert Case.objects.visible_to(person).filter(pk=case.pk).exists(), name
        assert EvidenceItem.objects.visible_to(person).filter(case=case).exists(), name
        assert Attachment.objects.visible_to(person).filter(case=case).exists(), name
    for name in DO_NOT_SEE:
        person = cast.people[name]
        assert not Case.objects.visible_to(person).filter(pk=case.pk).exists(), name
        assert Case.objects.visible_to(person).filter(pk=open_case.pk).exists(), name
        assert not EvidenceItem.objects.visible_to(person).filter(case=case).exists(), name
        assert not Attachment.objects.visible_to(person).filter(case=case).exists(), name
        client = Client()
        client.force_login(person)
        assert client.get(f"/cases/{case.pk}/").status_code == 404
        assert case.number not in client.get("/cases/").content.decode()
        listed = client.get("/api/v1/cases").json()
        assert case.pk not in [row["id"] for row in listed["items"]]


def test_an_officer_assigned_later_sees_it_and_a_share_still_counts(cast):
    case = _secret(cast)
    actions.assign_officers(
        case, officers=[cast.fin_officer, cast.fin_officer2], acting_user=cast.fin_head
    )
    assert Case.objects.visible_to(cast.fin_officer2).filter(pk=case.pk).exists()
    actions.share_case(case, department=cast.psb, part="all", acting_user=cast.fin_head)
    assert Case.objects.visible_to(cast.psb_officer).filter(pk=case.pk).exists()
    assert EvidenceItem.objects.visible_to(cast.psb_officer).filter(case=case).exists()
    assert not Case.objects.visible_to(cast.fin_viewer).filter(pk=case.pk).exists()
