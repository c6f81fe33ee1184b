"""A FIN officer asks SAMR a question; SAMR's liaison assigns it to herself and answers; the FIN
officer reads the answer and closes it. The question goes with a 咨询函 and the answer with a
复函, rendered by LibreOffice and listed on the page."""

import re

from tests.browser.support import page as _page
from tests.browser.support import pytestmark  # noqa: F401
from tests.browser.support import sign_in as _sign_in


def test_a_question_goes_to_samr_and_back(live_server, committed_cast, browser, output_dir):
    asker, problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(asker, live_server.url, "fin_officer")
    asker.click("nav >> text=案件咨询")
    asker.click("text=提出咨询")
    asker.select_option("#id_department", str(committed_cast.samr.pk))
    asker.select_option("#id_topic", "testing")
    asker.fill("#id_subject", "办公家具质量检测标准")
    asker.fill("#id_question", "中标供应商交付的办公家具疑似不合格，应依据哪些国家标准委托检测？")
    asker.screenshot(path=output_dir / "01-ask.png", full_page=True)
    asker.click("main button[type=submit]")
    asker.wait_for_selector("text=咨询已发出")
    assert "待分派" in asker.inner_text("main")
    letter = asker.inner_text("#documents")
    assert "关于办公家具质量检测标准的咨询函" in letter and "区市场监管局" in letter
    assert re.search(r"泉鲤政财〔\d{4}〕1号", letter)
    url = asker.url

    liaison, more_problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(liaison, live_server.url, "samr_liaison")
    assert "办公家具质量检测标准" in liaison.inner_text("main")  # on her workbench
    liaison.goto(url)
    liaison.select_option("#id_assignee", str(committed_cast.samr_liaison.pk))
    liaison.click("text=分派 >> xpath=ancestor-or-self::button")
    liaison.wait_for_selector("text=已分派")
    liaison.fill(
        "#id_text", "可依据GB 28007《儿童家具通用技术条件》等标准，委托有CMA资质的检测机构。"
    )
    liaison.click("button:has-text('提交答复')")
    liaison.wait_for_selector("text=已答复。")
    papers = liaison.inner_text("#documents")
    assert "咨询函" in papers and re.search(r"泉鲤市监〔\d{4}〕1号", papers)
    with liaison.expect_download() as download:
        liaison.click("#documents tr:has-text('复函') >> text=PDF")
    assert download.value.suggested_filename.endswith("关于办公家具质量检测标准的复函.pdf")
    liaison.screenshot(path=output_dir / "02-answered.png", full_page=True)

    asker.goto(f"{live_server.url}/")
    assert "已答复，待办结" in asker.inner_text("main")
    asker.goto(url)
    assert "GB 28007" in asker.inner_text("#thread")
    asker.click("button:has-text('确认办结')")
    asker.wait_for_selector("text=咨询已办结。")
    assert "已办结" in asker.inner_text("main")
    asker.screenshot(path=output_dir / "03-closed.png", full_page=True)
    assert problems == [] and more_problems == []
