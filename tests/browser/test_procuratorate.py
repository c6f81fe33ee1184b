"""立案监督 through the pages: the procuratorate's officer finds the suggestion on its home page,
asks the police for their reasons; the police liaison explains on the transfer's page; the
officer notifies 立案 and the police file within the 15 days. The officer sees nothing of the
members' platform (the gate), and a phone-sized screen shows the to-do list whole."""

import pytest

from liandong.transfers import actions, decisions
from tests.browser.support import page as _page
from tests.browser.support import pytestmark  # noqa: F401
from tests.browser.support import sign_in as _sign_in
from tests.transfers.support import sent


@pytest.fixture
def suggested(committed_cast):
    """Not filed, and 立案监督 suggested, before the browser starts."""
    cast = committed_cast
    transfer = sent(cast)
    actions.accept(transfer, acting_user=cast.psb_liaison)
    decisions.not_file(
        transfer, reason="现有证据不足以证明违法所得数额。", acting_user=cast.psb_liaison
    )
    return decisions.suggest_supervision(
        transfer, note="陪标人违法所得24万元，已达立案追诉标准。", acting_user=cast.fin_officer
    )


def test_the_procuratorate_supervises_and_the_police_file(
    live_server, committed_cast, suggested, browser, output_dir
):
    base = live_server.url
    proc, problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(proc, base, "proc_officer")
    proc.goto(f"{base}/")
    assert proc.url.endswith("/procuratorate/")
    ours = proc.inner_text("#ours")
    assert suggested.subject in ours and "检察院审查中" in ours
    nav = proc.inner_text("nav.mainnav")
    assert (
        "立案监督" in nav and "案件移送" not in nav and "案件" not in nav.replace("抄送的移送", "")
    )
    proc.screenshot(path=output_dir / "01-procuratorate-home.png", full_page=True)

    proc.click(f"#ours a[href='/procuratorate/transfers/{suggested.pk}/']")
    proc.wait_for_selector("#step-require_reasons")
    assert "涉嫌犯罪案件移送书" in proc.inner_text("#documents")
    proc.fill("#step-require_reasons textarea[name=text]", "请书面说明不予立案的情况、依据和理由。")
    proc.fill("#step-require_reasons input[name=number]", "鲤检二部要说〔2026〕1号")
    proc.click("#step-require_reasons button[type=submit]")
    proc.wait_for_selector("text=已要求公安机关说明不立案理由")
    assert "公安机关说明不立案理由" in proc.inner_text("#timers")
    proc.screenshot(path=output_dir / "02-reasons-requested.png", full_page=True)
    # the members' pages are not the procuratorate's (a page of its own: the 403s are expected)
    elsewhere, _expected = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(elsewhere, base, "proc_officer")
    assert elsewhere.goto(f"{base}/transfers/{suggested.pk}/").status == 403
    assert elsewhere.goto(f"{base}/cases/").status == 403
    assert "外部机关只能使用本机关的功能" in elsewhere.inner_text("main")
    elsewhere.screenshot(path=output_dir / "02b-members-page-refused.png", full_page=True)

    police, police_problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(police, base, "psb_liaison")
    police.goto(f"{base}/transfers/{suggested.pk}/")
    police.wait_for_selector("#step-explain_supervision")
    assert "已要求公安机关说明不立案理由" in police.inner_text("#supervision")
    police.fill(
        "#step-explain_supervision textarea[name=explanation]",
        "陪标人称款项系前期合作的服务费，现有证据尚不能排除。",
    )
    police.click("#step-explain_supervision button[type=submit]")
    police.wait_for_selector("text=已向人民检察院说明不立案理由")
    police.screenshot(path=output_dir / "03-police-explained.png", full_page=True)

    proc.goto(f"{base}/procuratorate/transfers/{suggested.pk}/")
    assert "陪标人称款项系前期合作的服务费" in proc.inner_text("#supervision")
    proc.fill(
        "#step-notify_filing textarea[name=text]",
        "银行流水证明该款项系陪标费，不立案理由不能成立。",
    )
    proc.click("#step-notify_filing button[type=submit]")
    proc.wait_for_selector("text=已通知公安机关立案")
    assert "公安机关根据通知立案" in proc.inner_text("#timers")

    police.goto(f"{base}/transfers/{suggested.pk}/")
    police.fill("#step-file input[name=number]", "泉鲤公（经）立字〔2026〕90号")
    police.click("#step-file button[type=submit]")
    police.wait_for_selector("text=已立案")

    phone, phone_problems = _page(browser, viewport={"width": 390, "height": 844})
    _sign_in(phone, base, "proc_officer")
    phone.goto(f"{base}/procuratorate/")
    figures = phone.inner_text("#figures")
    assert "通知立案" in figures and "监督后公安机关立案" in figures
    phone.screenshot(path=output_dir / "04-procuratorate-phone.png", full_page=True)
    proc.goto(f"{base}/procuratorate/transfers/{suggested.pk}/")
    assert "公安机关已立案" in proc.inner_text("#supervision-stage")
    proc.screenshot(path=output_dir / "05-filed.png", full_page=True)
    assert problems == [] and police_problems == [] and phone_problems == []
