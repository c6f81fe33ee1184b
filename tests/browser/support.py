"""Shared by the browser tests: Debian's chromium, driven through Playwright."""

import os
from pathlib import Path

import pytest

from tests.cast import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is not installed: browser tests skipped "
        "(make test installs it when run as root: apt-get install chromium fonts-noto-cjk)",
    ),
]
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def launch():
    """Yield a browser; the `browser` fixture of tests/browser/conftest.py."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # around it are ordinary synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()
        # Inside Playwright's loop the ORM calls of the test got database connections of that
        # context; closed here, or PostgreSQL refuses to drop the test database at the end.
        connections.close_all()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def page(browser, **kwargs):
    """A new page that collects console errors and script errors (CSP violations show there)."""
    page = browser.new_page(locale="zh-CN", **kwargs)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return page, problems


def sign_in(page, base, username):
    page.goto(f"{base}/")
    assert page.title().startswith("登录")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def sign_in_enrolling(page, base, username):
    """Sign in a head or administrator, who binds the second factor on first sign-in."""
    import re

    import pyotp

    sign_in(page, base, username)
    page.wait_for_selector("h1:has-text('绑定动态口令')")
    secret = re.sub(r"\s", "", page.locator(".secret .mono").inner_text())
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('工作台')")
