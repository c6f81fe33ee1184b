"""Real browser walks: Debian's chromium driven by Playwright against the live server."""

import re

import pyotp

from tests.browser.support import page as _page
from tests.browser.support import pytestmark  # noqa: F401
from tests.browser.support import sign_in as _sign_in


def test_the_fin_liaison_signs_in_and_sees_the_liaison_roster(
    live_server, committed_cast, browser, output_dir
):
    page, problems = _page(browser, viewport={"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/")
    page.screenshot(path=output_dir / "01-login.png")
    _sign_in(page, live_server.url, "fin_liaison")
    page.wait_for_selector("h1:has-text('工作台')")
    page.screenshot(path=output_dir / "02-workbench.png", full_page=True)
    page.click("nav >> text=成员单位")
    page.wait_for_selector("h1:has-text('成员单位及联络员名单')")
    rows = page.locator("table.roster tbody tr")
    assert rows.count() == 5
    text = page.locator("table.roster").inner_text()
    for name in (
        "泉州市鲤城区财政局",
        "泉州市公安局鲤城分局",
        "泉州市鲤城区发展和改革局",
        "泉州市鲤城区审计局",
        "泉州市鲤城区市场监督管理局",
    ):
        assert name in text
    assert "牵头单位" in text
    assert "Fin Liaison" in text and "Psb Liaison" in text
    page.screenshot(path=output_dir / "03-roster.png", full_page=True)
    # A department head on a phone sees the same list, laid out for the small screen.
    phone, phone_problems = _page(browser, viewport={"width": 390, "height": 844})
    _sign_in(phone, live_server.url, "fin_liaison")
    phone.goto(f"{live_server.url}/departments/")
    phone.screenshot(path=output_dir / "04-roster-phone.png", full_page=True)
    assert problems == [] and phone_problems == []  # no CSP violation, no script error


def test_a_head_enrols_the_second_factor_on_first_sign_in(
    live_server, committed_cast, browser, output_dir
):
    page, problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(page, live_server.url, "fin_head")
    page.wait_for_selector("h1:has-text('绑定动态口令')")
    assert page.locator(".qr svg").count() == 1
    page.screenshot(path=output_dir / "01-enrol.png", full_page=True)
    secret = re.sub(r"\s", "", page.locator(".secret .mono").inner_text())
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('工作台')")
    assert "绑定成功" in page.content()
    page.screenshot(path=output_dir / "02-workbench.png", full_page=True)
    assert problems == []


def test_the_api_docs_load_from_local_files(live_server, committed_cast, browser, output_dir):
    page, problems = _page(browser, viewport={"width": 1280, "height": 900})
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{live_server.url}/api/v1/docs")
    page.get_by_text("/api/v1/departments", exact=True).first.wait_for()
    page.screenshot(path=output_dir / "api-docs.png")
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requested)
    assert problems == []
