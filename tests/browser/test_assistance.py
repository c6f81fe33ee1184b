"""A FIN officer asks PSB for help from the case page; PSB's liaison accepts and gives it to an
officer, who attaches a file through the chunked uploader and completes; the FIN officer sees
the result among the case's evidence and closes the request. The request goes with a 协查函,
rendered by LibreOffice and listed on the page."""

import re

import pytest

from liandong.cases import actions as cases
from tests.browser.support import page as _page
from tests.browser.support import pytestmark  # noqa: F401
from tests.browser.support import sign_in as _sign_in
from tests.evidence.support import PDF


@pytest.fixture
def case(committed_cast):
    """Made before the browser starts: inside Playwright's sync API the ORM would open a
    connection of its own that nobody closes."""
    return cases.register_case(
        committed_cast.fin,
        title="某中学实验室设备采购项目涉嫌串通投标",
        source="report",
        acting_user=committed_cast.fin_officer,
    )


def test_a_request_goes_to_psb_and_its_result_becomes_evidence(
    live_server, committed_cast, case, browser, output_dir
):
    asker, problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(asker, live_server.url, "fin_officer")
    asker.goto(f"{live_server.url}/cases/{case.pk}/")
    asker.click("text=请求协查")
    assert asker.input_value("#id_case") == str(case.pk)
    asker.select_option("#id_department", str(committed_cast.psb.pk))
    asker.select_option("#id_kind", "verification")
    asker.fill("#id_subject", "核查投标人法定代表人身份")
    asker.fill("#id_details", "请核查两名法定代表人的户籍信息及其亲属关系。")
    asker.screenshot(path=output_dir / "01-request.png", full_page=True)
    asker.click("main button[type=submit]")
    asker.wait_for_selector("text=协查请求已发出")
    assert "待受理" in asker.inner_text("main")
    letter = asker.inner_text("#documents")
    assert "关于核查投标人法定代表人身份的协查函" in letter and "区公安分局" in letter
    assert re.search(r"泉鲤政财〔\d{4}〕1号", letter)
    url = asker.url

    liaison, liaison_problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(liaison, live_server.url, "psb_liaison")
    assert "核查投标人法定代表人身份" in liaison.inner_text("main")  # on his workbench
    liaison.goto(url)
    liaison.screenshot(path=output_dir / "02-to-accept.png", full_page=True)
    assert "协查函" in liaison.inner_text("#documents")  # the helping side reads it too
    liaison.select_option("#id_assignee", str(committed_cast.psb_officer.pk))
    liaison.click("main button:text-is('受理')")
    liaison.wait_for_selector("text=已受理。")

    officer, officer_problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(officer, live_server.url, "psb_officer")
    officer.goto(url)
    officer.click("text=提交协查结果")
    officer.fill("#id_title", "户籍信息核查情况")
    officer.fill("#id_place", "泉州市公安局鲤城分局户政科")
    pdf = output_dir / "户籍核查.pdf"
    pdf.write_bytes(PDF)
    officer.set_input_files("#id_file", str(pdf))
    officer.screenshot(path=output_dir / "03-result-form.png", full_page=True)
    officer.click("main button:has-text('提交协查结果')")
    officer.wait_for_selector("text=协查结果已登记为案件的证据1")
    officer.fill("#id_summary", "经核查，两名法定代表人系兄弟关系，户籍资料附后。")
    officer.click("main button:has-text('完成协查')")
    officer.wait_for_selector("text=已完成协查")
    officer.screenshot(path=output_dir / "04-completed.png", full_page=True)

    asker.goto(f"{live_server.url}/")
    assert "已完成，待确认办结" in asker.inner_text("main")
    asker.goto(f"{live_server.url}/cases/{case.pk}/")
    assert "户籍信息核查情况" in asker.inner_text("#evidence")
    asker.goto(url)
    asker.click("main button:has-text('确认办结')")
    asker.wait_for_selector("text=协查已办结。")
    assert "泉州市公安局鲤城分局" in asker.inner_text("main")
    asker.screenshot(path=output_dir / "05-closed.png", full_page=True)
    assert problems == [] and liaison_problems == [] and officer_problems == []
