"""A FIN officer registers a case with two parties, uploads evidence, files the case and sees its
90-day timer."""

import hashlib
import os

from tests.browser.support import page as _page
from tests.browser.support import pytestmark  # noqa: F401
from tests.browser.support import sign_in as _sign_in


def test_an_officer_registers_and_files_a_case(
    live_server, committed_cast, browser, output_dir, settings
):
    settings.EVIDENCE_CHUNK_BYTES = 64 * 1024  # the page sends the file in several pieces
    page, problems = _page(browser, viewport={"width": 1280, "height": 1000})
    _sign_in(page, live_server.url, "fin_officer")
    page.click("nav >> text=案件")
    page.click("text=登记案件线索")
    page.fill("#id_title", "某中学实验室设备采购项目涉嫌串通投标")
    page.select_option("#id_source", "screening")
    page.fill("#id_project_name", "某中学实验室设备采购项目")
    page.fill("#id_winning_amount", "2400000")
    page.screenshot(path=output_dir / "01-register.png", full_page=True)
    with page.expect_navigation():
        page.press("#id_title", "Enter")  # submits the form, as the 登记 button does
    page.wait_for_selector("text=已登记案件")
    for name, code in (
        ("泉州某某科技有限公司", "914403001922038216"),
        ("福建某某实验设备有限公司", "91350502MA2XN8PY3C"),
    ):
        page.select_option("#parties #id_role", "supplier")
        page.fill("#parties #id_name", name)
        page.fill("#parties #id_uscc", code)
        page.click("#parties button[type=submit]")
        page.wait_for_load_state()
    assert page.locator("#parties tbody tr").count() == 2
    assert "泉州某某科技有限公司" in page.locator("#parties").inner_text()
    case_url = page.url

    photo = b"%PDF-1.4\n" + os.urandom(300 * 1024)  # a scan of ~300 KB: five chunks
    page.click("#evidence >> text=登记证据")
    page.fill("#id_title", "开标记录表")
    page.select_option("#id_kind", "documentary")
    page.fill("#id_collectors", "陈志远、林晓梅")
    page.fill("#id_place", "泉州市公共资源交易中心")
    page.select_option("#id_method", "obtained")
    page.fill("#id_source", "福建某招标代理有限公司")
    page.set_input_files(
        "#id_file", files=[{"name": "开标记录.pdf", "mimeType": "application/pdf", "buffer": photo}]
    )
    page.screenshot(path=output_dir / "02-evidence-form.png", full_page=True)
    page.click("form[data-chunked-upload] button[type=submit]")
    page.wait_for_selector("text=已登记证据1")
    assert hashlib.new("sm3", photo).hexdigest() in page.inner_text("main")
    assert "保管链" in page.inner_text("#custody")
    page.screenshot(path=output_dir / "03-evidence.png", full_page=True)
    page.goto(case_url)
    assert "开标记录表" in page.inner_text("#evidence")
    page.check(f"#officers input[value='{committed_cast.fin_officer2.pk}']")
    page.click("#officers button[type=submit]")
    page.wait_for_selector("text=办案人员已更新")
    page.click("button:has-text('开始初核')")
    page.wait_for_selector("text=案件状态已更新")
    page.click("button:has-text('立案')")
    page.wait_for_selector(".badge:has-text('立案')")
    timers = page.locator("#timers").inner_text()
    assert "作出行政处罚决定" in timers and "90日" in timers
    page.screenshot(path=output_dir / "04-filed.png", full_page=True)

    # the facts, read against the 2022 standard: 240万元 is not enough, 420万元 is
    page.click("#facts >> text=填写案件事实")
    page.fill("#id_act_date", "2026-06-18")
    page.fill("#id_winning_amount", "4200000")
    page.screenshot(path=output_dir / "05-facts.png", full_page=True)
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=案件事实已保存")
    advice = page.locator("#advice-criminal").inner_text()
    assert "中标项目金额420万元，达到400万元的标准" in advice and "第六十八条" in advice
    page.screenshot(path=output_dir / "06-advice.png", full_page=True)
    page.click("text=查看移送标准及其原文")
    page.wait_for_selector("h1:has-text('移送标准')")
    text = page.inner_text("main")
    assert "中标项目金额在四百万元以上的" in text and "中标项目金额在二百万元以上的" in text
    page.screenshot(path=output_dir / "07-thresholds.png", full_page=True)
    assert problems == []
