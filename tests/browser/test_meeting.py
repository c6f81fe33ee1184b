"""A whole joint meeting through the pages: PSB proposes a topic, FIN convenes, liaisons reply,
attendance is taken, minutes with two 议定事项 are issued by the FIN head, the owners report
progress, FIN confirms one done, the other goes overdue and escalates."""

import datetime as dt

from django.utils import timezone

from tests.browser.support import page as _page
from tests.browser.support import (
    pytestmark,  # noqa: F401
    sign_in_enrolling,
)
from tests.browser.support import sign_in as _sign_in


def _shot(page, output_dir, name):
    page.screenshot(path=output_dir / name, full_page=True)


def test_a_meeting_from_topic_to_overdue_item(live_server, committed_cast, browser, output_dir):
    base = live_server.url
    now = timezone.localtime()
    start = now - dt.timedelta(hours=2)  # entered as it is being held
    meeting_day = start.date()

    psb, problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(psb, base, "psb_liaison")
    psb.goto(f"{base}/meetings/topics/")
    psb.select_option("#id_category", "difficult")
    psb.fill("#id_title", "串通投标案件电子数据取证的协作方式")
    psb.fill("#id_description", "电子投标文件机器码、上传IP的调取和固定需要财政、公安协作。")
    psb.click("main form button[type=submit]")
    psb.wait_for_selector("text=议题已提交牵头单位")

    fin, fin_problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(fin, base, "fin_liaison")
    fin.goto(f"{base}/meetings/new/")
    fin.fill("#id_title", "2026年第4次政府采购联动执法联席会议")
    fin.fill("#id_starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    fin.fill("#id_place", "区财政局三楼会议室")
    fin.check("input[name=topics]")
    fin.fill("#id_items", "通报第三季度案件办理情况")
    fin.select_option("#id_observer_department", str(committed_cast.procuratorate.pk))
    fin.fill("#id_observer_names", "检察官刘某")
    _shot(fin, output_dir, "01-convene.png")
    fin.click("main form button[type=submit]")
    fin.wait_for_selector("text=会议通知已发出")
    meeting_url = fin.url

    psb.goto(meeting_url)
    psb.select_option("#reply select[name=answer]", "attend")
    psb.click("#reply button[type=submit]")
    psb.wait_for_selector("text=已回复。")
    aud, aud_problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(aud, base, "aud_liaison")
    aud.goto(meeting_url)
    aud.select_option("#reply select[name=answer]", "leave")
    aud.fill("#reply input[name=note]", "参加市审计局专项审计。")
    aud.click("#reply button[type=submit]")
    aud.wait_for_selector("text=已回复。")

    fin.goto(meeting_url)
    _shot(fin, output_dir, "02-replies.png")
    fin.click("#attendance button[type=submit]")
    fin.wait_for_selector("text=出席情况已记录")
    first_due = meeting_day + dt.timedelta(days=20)
    second_due = meeting_day + dt.timedelta(days=1)
    for text, owners, due in (
        ("区财政局、区公安分局建立电子数据调取联络机制。", ("psb", "fin"), first_due),
        ("区市场监管局梳理产品质量检测机构名录。", ("samr",), second_due),
    ):
        fin.fill("#add-resolution textarea[name=text]", text)
        for key in owners:
            fin.check(
                f"#add-resolution input[name=owners][value='{getattr(committed_cast, key).pk}']"
            )
        fin.fill("#add-resolution input[name=due_on]", due.isoformat())
        fin.click("#add-resolution button[type=submit]")
        fin.wait_for_selector("text=已添加议定事项")
    _shot(fin, output_dir, "03-minutes-draft.png")

    head, head_problems = _page(browser, viewport={"width": 1280, "height": 900})
    sign_in_enrolling(head, base, "fin_head")
    head.goto(meeting_url + "minutes/")
    head.click("#issue button[type=submit]")
    head.wait_for_selector("text=纪要已印发各成员单位")
    number = head.inner_text("#document")
    assert "泉鲤政财〔" in number
    receipts = head.inner_text("#receipts")
    assert "未读" in receipts
    _shot(head, output_dir, "04-issued.png")

    psb.goto(meeting_url + "minutes/")  # reading it is its receipt
    psb.click("#resolutions a >> nth=0")
    psb.fill("#report-form textarea[name=text]", "已确定双方对接人员，建立工作群。")
    psb.click("#report-form button[type=submit]")
    psb.wait_for_selector("text=落实情况已报告")
    psb.fill("#request-close textarea[name=note]", "联络机制已建立并运行。")
    psb.click("#request-close button[type=submit]")
    psb.wait_for_selector("text=已申请办结")
    first_url = psb.url

    samr, samr_problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(samr, base, "samr_liaison")
    samr.goto(meeting_url + "minutes/")
    samr.click("#resolutions a >> nth=1")
    samr.fill("#report-form textarea[name=text]", "已收集检测机构12家，正在核对资质。")
    samr.click("#report-form button[type=submit]")
    samr.wait_for_selector("text=落实情况已报告")
    second_url = samr.url

    fin.goto(first_url)
    fin.click("#confirm button[type=submit]")
    fin.wait_for_selector("text=已确认办结")
    assert fin.inner_text("#state") == "已办结"

    head.goto(meeting_url + "minutes/")
    receipts = head.inner_text("#receipts")
    assert receipts.count("未读") >= 1  # some have not read it …
    assert "Psb Liaison" in receipts  # … and the PSB liaison has, with the time

    # the second item's date passes: the worker's sweep finds it overdue and tells the owner
    _sweep(timezone.now() + dt.timedelta(days=3))
    fin.goto(f"{base}/meetings/resolutions/")
    rows = fin.inner_text("main")
    assert "已逾期" in rows
    _shot(fin, output_dir, "05-overdue.png")
    samr.goto(second_url)
    assert "已逾期" in samr.inner_text("main")
    samr.goto(f"{base}/messages/")
    assert "已逾期" in samr.inner_text("main")
    _shot(samr, output_dir, "06-samr-told.png")
    for found in (problems, fin_problems, aud_problems, head_problems, samr_problems):
        assert found == []


def _sweep(now):
    from django.db import connection

    from liandong.deadlines import reminders

    try:
        reminders.sweep(now)
    finally:
        connection.close()  # not left open inside Playwright's loop
