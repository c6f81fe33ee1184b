"""DRC's liaison publishes a 问题反映 to all member departments with a file; FIN's liaison sees
the unread count on the menu and the bulletin on her workbench, opens it (which reads it) and
replies; DRC's liaison then sees exactly who has read it: FIN's liaison, and no one else yet."""

import re

import pytest

from tests.browser.support import page as _page
from tests.browser.support import pytestmark  # noqa: F401
from tests.browser.support import sign_in as _sign_in
from tests.evidence.support import PDF

TITLE = "政府采购领域行政处罚信用信息报送不及时的问题反映"
BODY = (
    "按照“双公示”要求，行政处罚信息应自作出决定之日起7个工作日内报送信用平台。"
    "今年以来部分决定报送滞后，个别信息缺少统一社会信用代码。请各成员单位指定专人报送。"
)
REPLY = "区财政局已指定政府采购监管股专人报送，今后在处罚决定作出后5个工作日内报送。"


@pytest.fixture
def cast(committed_cast):
    """The cast, committed before the browser starts: inside Playwright's sync API the ORM
    would open a connection of its own that nobody closes."""
    return committed_cast


def test_a_problem_report_reaches_every_member_and_its_readers_are_known(
    live_server, cast, browser, output_dir
):
    base = live_server.url
    drc, drc_problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(drc, base, "drc_liaison")
    drc.click("nav.mainnav >> text=信息通报")
    drc.click("text=发布信息通报")
    drc.select_option("#id_category", "problem")
    drc.fill("#id_title", TITLE)
    drc.fill("#id_body", BODY)
    assert drc.is_checked("input[name=scope][value=all]")
    pdf = output_dir / "信用信息报送情况.pdf"
    pdf.write_bytes(PDF)
    drc.set_input_files("#id_file", str(pdf))
    drc.screenshot(path=output_dir / "01-publish-form.png", full_page=True)
    drc.click("main button:text-is('发布')")
    drc.wait_for_selector("text=信息通报已发布，已送达4个单位")
    assert "信用信息报送情况.pdf" in drc.inner_text("#attachments")
    assert "区财政局、区公安分局、区审计局、区市场监管局" in drc.inner_text("#audience")
    assert "0 / 9 人已读" in drc.inner_text("#receipts")
    drc.screenshot(path=output_dir / "02-published.png", full_page=True)
    url = drc.url

    fin, fin_problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(fin, base, "fin_liaison")
    badge = fin.locator("nav.mainnav a:has-text('信息通报') .count")
    assert badge.inner_text() == "1"
    assert f"信息通报（问题反映）：{TITLE}（区发改局）" in fin.inner_text("main")  # workbench
    fin.screenshot(path=output_dir / "03-fin-workbench.png", full_page=True)
    fin.click("nav.mainnav >> text=信息通报")
    row = fin.locator("table.bulletins tbody tr").first
    assert "未读" in row.inner_text() and TITLE in row.inner_text()
    fin.screenshot(path=output_dir / "04-fin-list.png", full_page=True)
    fin.click(f"text={TITLE}")
    assert BODY[:20] in fin.inner_text("#body")
    assert fin.locator("nav.mainnav a:has-text('信息通报') .count").count() == 0  # read now
    fin.fill("#id_text", REPLY)
    fin.click("#replies button:text-is('回复')")
    fin.wait_for_selector("text=已回复，发布人会收到通知。")
    assert REPLY in fin.inner_text("#replies")
    fin.screenshot(path=output_dir / "05-fin-replied.png", full_page=True)

    drc.goto(url)
    assert REPLY in drc.inner_text("#replies")
    receipts = drc.inner_text("#receipts")
    assert "1 / 9 人已读" in receipts
    rows = drc.locator("#receipts tbody tr")
    assert rows.count() == 9
    read = {}
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td").all_inner_texts()
        read[(cells[0], cells[1])] = cells[3] != "未读"
        if cells[3] != "未读":
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", cells[3])
    assert read == {
        ("区财政局", "Fin Head"): False,
        ("区财政局", "Fin Liaison"): True,
        ("区财政局", "Fin Officer"): False,
        ("区财政局", "Fin Officer2"): False,
        ("区财政局", "Fin Viewer"): False,
        ("区公安分局", "Psb Liaison"): False,
        ("区公安分局", "Psb Officer"): False,
        ("区审计局", "Aud Liaison"): False,
        ("区市场监管局", "Samr Liaison"): False,
    }
    assert drc.locator(".who .count").inner_text() == "1"  # told of the reply
    drc.locator("#receipts").scroll_into_view_if_needed()
    drc.screenshot(path=output_dir / "06-drc-receipts.png", full_page=True)
    assert drc_problems == [] and fin_problems == []
