"""The workbench of a liaison: what is overdue and what is due soon, in a real browser."""

import datetime as dt

from django.utils import timezone

from liandong.deadlines import actions, reminders
from tests.browser.support import page as _page
from tests.browser.support import pytestmark  # noqa: F401
from tests.browser.support import sign_in as _sign_in


def test_a_liaison_sees_an_overdue_and_a_due_soon_item(
    live_server, committed_cast, browser, output_dir
):
    fin = committed_cast.fin
    now = timezone.now()
    actions.start_deadline(
        committed_cast.psb,  # the subject: here simply the police bureau the item concerns
        rule="transfer.send",
        department=fin,
        start=now - dt.timedelta(hours=26),
        acting_user=None,
    )
    actions.start_deadline(
        committed_cast.samr,
        rule="transfer.send",
        department=fin,
        start=now - dt.timedelta(hours=10),
        acting_user=None,
    )
    reminders.sweep()  # the overdue notice reaches the inbox as the worker would send it
    page, problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(page, live_server.url, "fin_liaison")
    page.wait_for_selector("h2:has-text('待办')")
    overdue = page.locator("tr.todo-overdue")
    soon = page.locator("tr.todo-soon")
    assert overdue.count() == 1 and soon.count() == 1
    assert "泉州市公安局鲤城分局" in overdue.inner_text() and "已逾期" in overdue.inner_text()
    assert "泉州市鲤城区市场监督管理局" in soon.inner_text()
    assert "即将到期" in soon.inner_text()
    assert page.locator(".who .count").inner_text() == "1"  # the unread overdue notice
    page.screenshot(path=output_dir / "workbench.png", full_page=True)
    page.click("tr.todo-overdue a")
    page.wait_for_selector("dd.due-overdue")
    page.screenshot(path=output_dir / "deadline.png", full_page=True)
    assert problems == []
