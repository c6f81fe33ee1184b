"""The lead unit's head opens the dashboard of the third quarter, drafts the quarter's operation
report, writes its overview, issues it and downloads the PDF; screenshots of the dashboard and
of the report's first page are kept with the test output."""

import subprocess
from pathlib import Path

import pytest

from liandong.reports.models import OperationReport
from tests.browser.support import page as _page
from tests.browser.support import (
    pytestmark,  # noqa: F401
    sign_in_enrolling,
)
from tests.documents.support import needs_libreoffice
from tests.reports.support import build

OVERVIEW = "第三季度各成员单位协作顺畅，审计移送的围标线索已由区财政局接收立案审查。"


@pytest.fixture
def cast(committed_cast):
    return committed_cast


@needs_libreoffice  # the PDF's text is read back
def test_the_lead_unit_reads_the_quarter_and_issues_its_report(
    live_server, cast, browser, output_dir
):
    build(cast)
    base = live_server.url
    head, problems = _page(browser, viewport={"width": 1280, "height": 900})
    sign_in_enrolling(head, base, "fin_head")
    head.click("nav.mainnav >> text=运行情况")
    head.select_option("#id_period", "2026-Q3")
    head.click("main button:text-is('查看')")
    source = head.locator("#cases_by_source")
    assert "投诉" in source.inner_text()
    assert source.locator("svg[role=img]").count() == 1
    rows = head.locator("#cases_by_department tbody tr")
    assert rows.nth(0).locator("td").all_inner_texts()[:2] == ["区财政局", "3"]
    head.screenshot(path=output_dir / "01-dashboard.png", full_page=True)

    head.locator("#cases_by_department tbody tr").nth(4).locator("a").click()
    assert "该项共 2 条记录，其中您有权查看 0 条" in head.inner_text("main")
    head.screenshot(path=output_dir / "02-drill-other-department.png", full_page=True)
    head.go_back()

    head.click("text=运行情况报告")
    head.select_option("#id_period", "2026-Q3")
    head.click("main button:text-is('起草报告')")
    head.wait_for_selector("text=已起草报告")
    head.fill("#id_overview", OVERVIEW)
    head.click("#prose button:text-is('保存')")
    head.wait_for_selector("text=报告已保存。")
    head.click("#issue button:text-is('印发报告')")
    head.wait_for_selector("text=报告已印发", timeout=120_000)
    number = head.inner_text("#number")
    assert number.startswith("泉鲤政财〔2026〕")
    head.screenshot(path=output_dir / "03-report-issued.png", full_page=True)
    with head.expect_download() as waiting:
        head.click("#files a:text-is('PDF')")
    pdf = output_dir / "report.pdf"
    waiting.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = "".join(text.split())  # pdftotext spaces digits from CJK
    assert number in text and OVERVIEW in text
    assert "一、总体情况" in text and "八、下一步工作" in text
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "2",
            str(pdf),
            str(output_dir / "04-report-page"),
        ],
        check=True,
    )
    assert Path(output_dir / "04-report-page-1.png").exists()
    report = OperationReport.objects.get()
    assert report.state == "issued" and report.document.number == number
    assert problems == []
