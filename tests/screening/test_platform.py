"""Screening in the platform: only allowed departments; a data set uploaded, run by the worker's
task, its flags browsed; a flag turned into a clue (a case in 线索登记 with the report and the
input's SM3 as evidence) or dismissed with a reason; a bad file fails with a clear message."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from liandong.cases.models import CaseState
from liandong.evidence.models import EvidenceItem
from liandong.screening import actions
from liandong.screening.models import DataSet, FlagState, RunState
from tests.evidence.support import PDF
from tests.screening.support import allowed, screened, uploaded


def test_only_departments_an_administrator_allowed_may_screen(cast):
    with pytest.raises(PermissionDenied):
        uploaded(cast)
    with pytest.raises(PermissionDenied):
        actions.grant_access(cast.fin, acting_user=cast.fin_head)
    allowed(cast)
    client = Client()
    client.force_login(cast.samr_liaison)
    assert client.get("/screening/").status_code == 403
    client.force_login(cast.fin_viewer)
    assert client.get("/screening/").status_code == 200


def test_a_run_finds_the_shared_machine_code_and_deposit_account(cast):
    allowed(cast)
    dataset = screened(cast)
    assert dataset.state == RunState.DONE, dataset.error
    assert (dataset.rows, dataset.lots) == (7, 2)
    rules = set(dataset.flags.filter(project_id="QZLC-2026-0311").values_list("rule", flat=True))
    assert {"S1", "S5"} <= rules
    s1 = dataset.flags.get(rule="S1", project_id="QZLC-2026-0311")
    assert s1.severity == "high"
    assert set(s1.bidders) == {
        "泉州市鲤城区恒信建材有限公司", "泉州市鼎盛科技有限公司", "泉州市华瑞实验设备有限公司",
    }  # fmt: skip
    assert not dataset.flags.filter(project_id="QZLC-2026-0402", severity="high").exists()
    officer = dataset.flags.get(rule="S9", project_id="QZLC-2026-0402")
    assert officer.fields == ["legal_rep"] and officer.severity == "medium"


def test_a_flag_becomes_a_clue_with_its_report_as_evidence(cast):
    allowed(cast)
    dataset = screened(cast)
    flag = dataset.flags.get(rule="S1", project_id="QZLC-2026-0311")
    flag = actions.flag_to_clue(flag, acting_user=cast.fin_officer)
    assert flag.state == FlagState.CLUE
    case = flag.case
    assert case.state == CaseState.CLUE and case.source == "screening"
    assert case.department == cast.fin
    item = EvidenceItem.objects.get(case=case)
    assert dataset.blob.sm3 in item.source
    with pytest.raises(ValidationError):
        actions.flag_to_clue(flag, acting_user=cast.fin_officer)  # not twice
    client = Client()
    client.force_login(cast.fin_officer)
    assert case.number in client.get("/cases/").content.decode()


def test_dismissing_needs_a_reason(cast):
    allowed(cast)
    flag = screened(cast).flags.filter(state=FlagState.OPEN).first()
    with pytest.raises(ValidationError) as refused:
        actions.dismiss_flag(flag, reason=" ", acting_user=cast.fin_officer)
    assert "reason" in refused.value.error_dict
    flag = actions.dismiss_flag(
        flag, reason="同一维修点维修电脑，已核实。", acting_user=cast.fin_officer
    )
    assert flag.state == FlagState.DISMISSED


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (PDF, "开标数据.pdf", ""),
        ("项目编号,投标人名称\nA,甲\n".encode(), "缺列.csv", "投标报价"),
    ],
)
def test_a_bad_file_fails_with_a_clear_message(cast, data, name, message):
    allowed(cast)
    dataset = uploaded(cast, data=data, name=name)
    actions.run(dataset.pk)
    dataset.refresh_from_db()
    assert dataset.state == RunState.FAILED
    assert dataset.error and message in dataset.error
    assert not dataset.flags.exists()


def test_the_pages_show_the_flags_the_lot_and_the_network(cast):
    allowed(cast)
    dataset = screened(cast)
    client = Client()
    client.force_login(cast.fin_officer)
    page = client.get(f"/screening/{dataset.pk}/").content.decode()
    assert "S1" in page and "QZLC-2026-0311" in page
    lot = client.get(f"/screening/{dataset.pk}/lot/?project=QZLC-2026-0311&lot=1").content.decode()
    assert 'class="hit"' in lot and "MC-7F3A-99E1" in lot and "<svg" in lot
    # a matched field outside the usual columns gets its own, marked
    lot = client.get(f"/screening/{dataset.pk}/lot/?project=QZLC-2026-0402&lot=1").content.decode()
    assert "<th>法定代表人</th>" in lot and lot.count('<td class="hit">郑国华</td>') == 2
    network = client.get(f"/screening/{dataset.pk}/network/").content.decode()
    assert "泉州市鼎盛科技有限公司" in network and "<line" in network
    assert DataSet.objects.count() == 1
