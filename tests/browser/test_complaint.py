"""A complaint through the pages: the FIN officer registers it on the form, accepts it and sends
the notice to answer; the clocks and the documents are on its page."""

import datetime as dt

from django.utils import timezone

from tests.browser.support import page as _page
from tests.browser.support import pytestmark  # noqa: F401
from tests.browser.support import sign_in as _sign_in
from tests.complaints.support import FACTS


def test_fin_registers_accepts_and_sends_the_notice(
    live_server, committed_cast, browser, output_dir
):
    base = live_server.url
    officer, problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(officer, base, "fin_officer")
    officer.click("nav.mainnav a[href='/complaints/']")
    officer.click("a[href='/complaints/new/']")
    for field, value in FACTS.items():
        officer.fill(f"[name={field}]", value)
    answered = timezone.localdate() - dt.timedelta(days=3)
    officer.fill("[name=answer_due_on]", answered.isoformat())
    officer.screenshot(path=output_dir / "01-register.png", full_page=True)
    officer.click("main form button[type=submit]")
    officer.wait_for_selector("text=投诉已登记")
    assert "投诉审查" in officer.inner_text("#timers")
    officer.click("#step-accept button[type=submit]")
    officer.wait_for_selector("text=已受理。")
    officer.fill("#step-send_copies textarea[name=to]", "泉州市鲤城区某某中学")
    officer.click("#step-send_copies button[type=submit]")
    officer.wait_for_selector("text=投诉答复通知书已生成")
    assert "投诉答复通知书" in officer.inner_text("#documents")
    officer.screenshot(path=output_dir / "02-notice-sent.png", full_page=True)
    assert problems == []
