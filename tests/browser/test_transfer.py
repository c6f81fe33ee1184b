"""A criminal transfer through the pages: the FIN head approves it from the workbench, the FIN
officer sends it (the 移送书 is issued), the PSB liaison signs the receipt, files the case and
feeds back the first result; the FIN officer sees both on the case's timeline."""

import pytest

from liandong.transfers import actions
from tests.browser.support import page as _page
from tests.browser.support import (
    pytestmark,  # noqa: F401
    sign_in_enrolling,
)
from tests.browser.support import sign_in as _sign_in
from tests.transfers.support import attach_all, draft


@pytest.fixture
def transfer(committed_cast):
    """Reported to the head before the browser starts (the ORM stays outside Playwright)."""
    made = draft(committed_cast)
    attach_all(committed_cast, made)
    return actions.submit(
        made,
        report="经调查，3家投标人涉嫌串通投标，中标金额386.5万元，达到立案追诉标准。",
        acting_user=committed_cast.fin_officer,
    )


def test_fin_head_approves_psb_files_and_fin_sees_the_feedback(
    live_server, committed_cast, transfer, browser, output_dir
):
    base = live_server.url
    head, problems = _page(browser, viewport={"width": 1280, "height": 900})
    sign_in_enrolling(head, base, "fin_head")
    assert "待负责人审批" in head.inner_text("main")  # on the head's workbench
    head.click(f"main a[href='/transfers/{transfer.pk}/']")
    head.wait_for_selector("#step-approve")
    head.screenshot(path=output_dir / "01-head-approves.png", full_page=True)
    head.click("#step-approve button[type=submit]")
    head.wait_for_selector("text=已批准移送")
    assert head.inner_text("#state") == "已批准，待移送"

    officer, officer_problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(officer, base, "fin_officer")
    officer.goto(f"{base}/transfers/{transfer.pk}/")
    officer.click("#step-send button[type=submit]")
    officer.wait_for_selector("text=已移送，移送文书已生成")
    documents = officer.inner_text("#documents")
    assert "涉嫌犯罪案件移送书" in documents and "泉鲤政财〔2026〕1号" in documents
    officer.screenshot(path=output_dir / "02-sent.png", full_page=True)

    police, police_problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(police, base, "psb_liaison")
    assert transfer.subject in police.inner_text("main")  # on the liaison's workbench
    police.goto(f"{base}/transfers/{transfer.pk}/")
    police.click("#step-accept button[type=submit]")
    police.wait_for_selector("text=已接收。")
    assert "涉嫌犯罪案件移送书回执" in police.inner_text("#documents")
    police.fill("#step-file input[name=number]", "泉鲤公（经）立字〔2026〕88号")
    police.click("#step-file button[type=submit]")
    police.wait_for_selector("text=已立案，立案通知书已发送移送单位")
    police.select_option("#step-feedback select[name=kind]", "investigating")
    police.fill("#step-feedback textarea[name=text]", "已对犯罪嫌疑人采取取保候审措施，正在侦查。")
    police.click("#step-feedback button[type=submit]")
    police.wait_for_selector("text=已反馈。")
    police.screenshot(path=output_dir / "03-police-filed.png", full_page=True)

    officer.goto(f"{base}/cases/{transfer.case_id}/")
    timeline = officer.inner_text("main")
    assert "公安机关立案" in timeline and "接收单位反馈结果" in timeline
    assert "已对犯罪嫌疑人采取取保候审措施" in timeline
    assert "立案通知书" in officer.inner_text("#documents")
    officer.screenshot(path=output_dir / "04-case-timeline.png", full_page=True)
    assert problems == [] and officer_problems == [] and police_problems == []
