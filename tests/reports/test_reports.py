"""The operation report: drafted by the lead unit, prose edited, issued by its head with the
figures frozen (.docx/.pdf numbered and digested, .xlsx with its SM3), a later edition
superseding it while the old one stays; the dashboard's exports and API give the same figures."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from liandong.core.crypto import sm3_hex
from liandong.documents import files
from liandong.reports import actions, periods
from liandong.reports.models import OperationReport, ReportState
from tests.reports.support import build
from tests.transfers.support import frozen

TODAY = dt.date(2026, 11, 30)
Q3 = periods.quarter(2026, 3, TODAY)


@pytest.fixture
def data(cast):
    return build(cast)


def _issued(cast, **prose):
    with frozen("2026-11-30 10:00"):
        report = actions.draft_report(Q3, acting_user=cast.fin_liaison)
        report = actions.update_report(
            report, prose={"overview": "总体平稳。", **prose}, acting_user=cast.fin_liaison
        )
        return actions.issue_report(report, acting_user=cast.fin_head)


def test_an_issued_report_holds_the_figures_as_they_stood(cast, data):
    report = _issued(cast, problems="协查时限有待压缩。")
    assert report.state == ReportState.ISSUED
    assert report.document.number.startswith("泉鲤政财〔2026〕")
    assert (
        report.title
        == "泉州市鲤城区财政局关于2026年第三季度全区政府采购领域联动执法协作机制运行情况的报告"
    )
    with files.open_file(report.document, "docx") as handle:
        text = "\n".join(p.text for p in Document(handle).paragraphs)
    assert "一、总体情况" in text and "八、下一步工作" in text
    assert "本期全部成员单位共登记案件5件，立案1件，结案0件。" in text
    assert "协查时限有待压缩。" in text
    book = load_workbook(io.BytesIO(bytes(report.xlsx)))
    assert "案件来源" in book.sheetnames
    assert report.xlsx_sm3 == sm3_hex(bytes(report.xlsx))
    frozen_rows = {t["key"]: t for t in report.figures}
    assert frozen_rows["cases_by_source"]["rows"][0]["key"] == "source:complaint"
    with pytest.raises(ValidationError) as refused:
        actions.update_report(report, prose={"overview": "改。"}, acting_user=cast.fin_liaison)
    assert refused.value.error_dict["state"][0].code == "wrong_state"


def test_a_new_edition_supersedes_and_the_old_one_stays(cast, data):
    first = _issued(cast)
    draft = actions.draft_report(Q3, acting_user=cast.fin_officer)
    assert draft.edition == 2
    second = actions.issue_report(draft, acting_user=cast.fin_head)
    first.refresh_from_db()
    assert (first.state, second.state, second.edition) == (
        ReportState.SUPERSEDED, ReportState.ISSUED, 2,
    )  # fmt: skip
    assert second.supersedes == first
    assert first.document.number != second.document.number
    assert OperationReport.objects.count() == 2


def test_only_the_lead_units_head_issues_and_only_the_lead_unit_drafts(cast, data):
    with pytest.raises(PermissionDenied):
        actions.draft_report(Q3, acting_user=cast.samr_liaison)
    report = actions.draft_report(Q3, acting_user=cast.fin_liaison)
    with pytest.raises(PermissionDenied):
        actions.issue_report(report, acting_user=cast.fin_liaison)
    with pytest.raises(ValidationError) as refused:
        actions.draft_report(Q3, acting_user=cast.fin_officer)
    assert refused.value.error_dict["period"][0].code == "draft_exists"
    with pytest.raises(ValidationError) as refused:
        actions.update_report(report, prose={"appendix": "x"}, acting_user=cast.fin_liaison)
    assert "appendix" in refused.value.error_dict


def test_exports_and_the_api_give_the_figures_of_the_page(cast, data):
    client = Client()
    client.force_login(cast.fin_head)
    page = client.get("/reports/?period=2026-Q3")
    assert page.status_code == 200
    assert "案件来源" in page.content.decode()
    answer = client.get("/reports/tables/cases_by_source.csv?period=2026-Q3")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0] == ["案件来源", "登记案件数"]
    assert ["投诉", "3"] in rows or any(r[1] == "3" for r in rows[1:])
    api = client.get("/api/v1/reports/dashboard?period=2026-Q3&table=cases_by_source").json()
    counts = {r["key"]: r["values"][0] for r in api["tables"][0]["rows"]}
    assert counts["source:complaint"] == 3
    book = load_workbook(io.BytesIO(client.get("/reports/export.xlsx?period=2026-Q3").content))
    assert len(book.sheetnames) == 12


def test_bad_periods_and_departments_get_a_clear_message(cast, data):
    client = Client()
    client.force_login(cast.samr_liaison)
    page = client.get("/reports/?period=2027-Q2")
    assert page.status_code == 400 and "尚未到来" in page.content.decode()
    page = client.get(f"/reports/?period=2026-Q3&department={cast.fin.pk}")
    assert page.status_code == 403 and "只能查看本单位的运行情况" in page.content.decode()
    api = client.get("/api/v1/reports/dashboard?period=2026-13")
    assert api.status_code == 422 or api.status_code == 400
    assert "统计期间" in api.json()["message"] or api.json()["details"]


def test_a_draft_for_an_issued_period_says_it_will_supersede(cast, data):
    first = _issued(cast)
    draft = actions.draft_report(Q3, acting_user=cast.fin_liaison)
    client = Client()
    client.force_login(cast.fin_liaison)
    page = client.get(f"/reports/reports/{draft.pk}/").content.decode()
    assert f"已印发第 1 版（{first.document.number}）" in page
    assert "本稿印发后将作为新版本替代该版本" in page


def test_the_issued_tables_download_with_their_digest(cast, data):
    report = _issued(cast)
    client = Client()
    client.force_login(cast.fin_viewer)
    answer = client.get(f"/reports/reports/{report.pk}/file.xlsx")
    assert answer.status_code == 200
    assert answer["X-Content-SM3"] == report.xlsx_sm3 == sm3_hex(answer.content)
