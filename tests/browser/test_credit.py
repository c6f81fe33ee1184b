"""DRC's liaison reviews a FIN penalty record (its explanations on screen), the push reaches the
credit platform and publishes it; she registers a purchaser, whose staff — without an account on
the platform — upload a list of 20 bidders and get back the sheet with the one barred."""

import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from liandong.credit import actions, push
from tests.browser.support import page as _page
from tests.browser.support import pytestmark  # noqa: F401
from tests.browser.support import sign_in as _sign_in
from tests.credit.support import SUPPLIER, SUPPLIER_CODE, Platform, entered


@pytest.fixture
def cast(committed_cast):
    return committed_cast


def _bidders(path):
    book = Workbook()
    sheet = book.active
    sheet.title = "投标人"
    sheet.append(["序号", "投标人名称", "统一社会信用代码", "报价（元）"])
    for n in range(1, 21):
        if n == 13:
            sheet.append([n, SUPPLIER, SUPPLIER_CODE, 386500])
        else:
            sheet.append([n, f"泉州市第{n}建设工程有限公司", "", 380000 + n * 500])
    book.save(path)


def test_drc_reviews_and_a_purchaser_finds_the_barred_bidder(
    live_server, cast, browser, output_dir, settings
):
    base = live_server.url
    record = actions.submit_record(entered(cast), acting_user=cast.fin_officer)

    drc, drc_problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(drc, base, "drc_liaison")
    assert drc.locator("nav.mainnav a:has-text('信用记录') .count").inner_text() == "1"
    assert f"审核信用记录：{SUPPLIER}（区财政局 泉鲤政财〔2026〕5号）" in drc.inner_text("main")
    drc.click(f"text=审核信用记录：{SUPPLIER}")
    assert drc.inner_text("#state") == "待审核"
    assert "禁止参加政府采购活动2026-11-02至2027-11-01，期限未满" in drc.inner_text("#listing")
    assert "信用修复管理办法" in drc.inner_text("#explanations")
    assert drc.inner_text("#fine") == "19325.00 元（1.9325 万元）"
    drc.screenshot(path=output_dir / "01-drc-review.png", full_page=True)
    drc.fill("#review textarea[name=note]", "信息完整，同意推送。")
    drc.click("#review button:text-is('审核通过并推送')")
    drc.wait_for_selector("text=审核通过，已排队推送至信用平台。")
    assert drc.inner_text("#state") == "已审核"
    assert "待推送" in drc.inner_text("#pushes")

    with Platform(failures=1, status=503) as platform:
        settings.CREDIT_PUSH_URL = platform.url
        assert push.send_due() == {"sent": 0, "failed": 1}
        drc.reload()
        assert "推送失败，等待重试" in drc.inner_text("#pushes")
        assert "平台返回错误 HTTP 503" in drc.inner_text("#pushes")
        drc.click("#pushes button:text-is('立即重试')")
        drc.wait_for_selector("text=已安排立即重新推送。")
        assert push.send_due() == {"sent": 1, "failed": 0}
    drc.reload()
    assert drc.inner_text("#state") == "已公示"
    tries = drc.locator("#pushes tbody tr")
    assert tries.count() == 2 and "已接收（HTTP 200）" in tries.nth(1).inner_text()
    drc.screenshot(path=output_dir / "02-drc-published.png", full_page=True)
    record.refresh_from_db()
    assert record.state == "published"

    drc.goto(f"{base}/credit/clients/")
    drc.select_option("#id_kind", "purchaser")
    drc.fill("#id_name", "泉州市鲤城区实验小学")
    drc.fill("#id_uscc", "914403001922038216")
    drc.click("main button:text-is('登记并生成令牌')")
    token = drc.inner_text("#token .secret").strip()
    assert token.startswith("ldc_")
    drc.screenshot(path=output_dir / "03-drc-token.png", full_page=True)

    buyer, buyer_problems = _page(browser, viewport={"width": 1280, "height": 900})
    buyer.goto(f"{base}/credit/portal/")
    buyer.fill("#id_token", token)
    buyer.click("main button:text-is('进入')")
    buyer.wait_for_selector("text=泉州市鲤城区实验小学")
    upload = output_dir / "投标人名单.xlsx"
    _bidders(upload)
    buyer.set_input_files("#id_bidders", str(upload))
    buyer.screenshot(path=output_dir / "04-purchaser-upload.png", full_page=True)
    with buyer.expect_download() as waiting:
        buyer.click("#bulk button:text-is('上传并核查')")
    download = waiting.value
    assert download.suggested_filename.endswith("_1家禁止.xlsx")
    result = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))["核查结果"]
    rows = list(result.iter_rows(values_only=True))
    assert len(rows) == 21
    barred = [r for r in rows[1:] if r[4] == "禁止参加"]
    assert len(barred) == 1 and barred[0][1] == SUPPLIER and barred[0][5] == "2027-11-01"

    buyer.fill("#id_code", SUPPLIER_CODE)
    buyer.click("#single button:text-is('核查')")
    assert "不得参加政府采购活动，至 2027-11-01 止" in buyer.inner_text("#result")
    buyer.screenshot(path=output_dir / "05-purchaser-single.png", full_page=True)
    assert drc_problems == [] and buyer_problems == []
