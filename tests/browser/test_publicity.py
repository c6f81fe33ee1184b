"""FIN's officer drafts a typical case from a closed case, applies the anonymiser and sees what it
changed, and submits it; FIN's head (the lead unit's head) finds it on her workbench and approves
it; a visitor with no login opens the public site and reads it with the person masked (张某) and
neither the real name nor the ID number anywhere on the page."""

import pytest

from tests.browser.support import page as _page
from tests.browser.support import (
    pytestmark,  # noqa: F401
    sign_in_enrolling,
)
from tests.browser.support import sign_in as _sign_in
from tests.publicity.support import PERSON, PERSON_ID, PHONE, SUPPLIER, SUPPLIER_USCC, closed_case

TITLE = "供应商提供虚假材料谋取成交被处罚案"
BODY = (
    "一、基本案情\n"
    f"{SUPPLIER}参加某中学实验室设备采购项目并成交。经查，该公司提交的项目负责人{PERSON}"
    f"（身份证号码{PERSON_ID}，联系电话{PHONE}）的社保缴纳证明系伪造，证人李四证实了上述情况。\n\n"
    "二、处理结果\n"
    f"区财政局依法对{SUPPLIER}处以罚款12000元，列入不良行为记录名单。\n\n"
    "三、典型意义\n"
    "供应商应当诚信参与政府采购活动，弄虚作假必将受到依法惩处。"
)


@pytest.fixture
def case(committed_cast):
    """A closed FIN case with a supplier and a natural person, committed before the browser
    starts (inside Playwright's sync API the ORM would open a connection nobody closes)."""
    return closed_case(committed_cast)


def test_a_typical_case_is_published_with_the_person_masked(live_server, case, browser, output_dir):
    base = live_server.url
    officer, officer_problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(officer, base, "fin_officer")
    officer.click("nav.mainnav >> text=宣传曝光")
    officer.click("text=拟写宣传稿件")
    officer.select_option("#id_case", str(case.pk))
    assert officer.is_checked("input[name=kind][value=typical_case]")
    officer.screenshot(path=output_dir / "01-new.png", full_page=True)
    officer.click("main button:text-is('生成草稿')")
    officer.wait_for_selector("text=已根据案件生成稿件草稿")
    assert "尚未执行脱敏" in officer.inner_text("#anonymisation")
    assert case.number not in officer.inner_text("#text")

    officer.click("#draft-actions a:text-is('修改稿件')")
    officer.fill("#id_title", TITLE)
    officer.fill("#id_body", BODY)
    officer.fill("#id_extra_names", "李四")
    officer.screenshot(path=output_dir / "02-edit.png", full_page=True)
    officer.click("main button:text-is('保存草稿')")
    officer.wait_for_selector("text=草稿已保存")

    officer.click("#anonymise")
    officer.wait_for_selector("text=已执行脱敏")
    changes = officer.locator("table.changes tbody tr")
    rows = [changes.nth(i).locator("td").all_inner_texts() for i in range(changes.count())]
    assert rows == [
        ["姓名", PERSON, "张某", "1"],
        ["身份证号码", "**************1231", "350502************", "1"],
        ["手机号码", "*******1234", "138********", "1"],
        ["姓名", "李四", "李某", "1"],
    ]
    text = officer.inner_text("#text")
    assert "项目负责人张某（身份证号码350502************，联系电话138********）" in text
    assert PERSON not in text and PERSON_ID not in text and "证人李某" in text
    assert officer.locator("#text mark").count() == 4  # each masked place is marked
    officer.screenshot(path=output_dir / "03-anonymised.png", full_page=True)
    officer.click("#submit")
    officer.wait_for_selector("text=已提交审批，牵头单位负责人会收到通知。")
    assert "待审批" in officer.inner_text(".toolbar")
    officer.screenshot(path=output_dir / "04-submitted.png", full_page=True)

    head, head_problems = _page(browser, viewport={"width": 1280, "height": 900})
    sign_in_enrolling(head, base, "fin_head")
    todo = f"审批典型案例：{TITLE}（区财政局）"
    assert todo in head.inner_text("main")
    assert head.locator("nav.mainnav a:has-text('宣传曝光') .count").inner_text() == "1"
    head.screenshot(path=output_dir / "05-head-workbench.png", full_page=True)
    head.click(f"text={todo}")
    head.locator("#approval").scroll_into_view_if_needed()
    head.screenshot(path=output_dir / "06-approval.png", full_page=True)
    head.click("#approve")
    head.wait_for_selector("text=已批准发布，稿件已在公开网站上发布。")
    public_path = head.inner_text("#public-link")
    assert public_path.startswith("/public/")
    head.screenshot(path=output_dir / "07-published.png", full_page=True)

    visitor, visitor_problems = _page(browser, viewport={"width": 1100, "height": 900})
    visitor.goto(f"{base}/public/")
    assert visitor.title() == "政府采购领域执法信息公开"
    assert visitor.locator("nav.mainnav").count() == 0
    visitor.screenshot(path=output_dir / "08-public-list.png", full_page=True)
    visitor.click(f"text={TITLE}")
    visitor.wait_for_selector("article.pub-article")
    assert visitor.url == f"{base}{public_path}"
    article = visitor.inner_text("article")
    assert "项目负责人张某" in article and "证人李某" in article
    assert "350502************" in article and "138********" in article
    page_html = visitor.content()
    for secret in (PERSON, PERSON_ID, PHONE, "李四", SUPPLIER_USCC, case.number):
        assert secret not in page_html, secret
    assert "发布单位：泉州市鲤城区财政局" in article
    visitor.screenshot(path=output_dir / "09-public-item.png", full_page=True)
    feed = visitor.request.get(f"{base}/public/feed/")
    assert feed.ok and TITLE in feed.text() and PERSON not in feed.text()
    assert officer_problems == [] and head_problems == [] and visitor_problems == []
