"""A FIN officer uploads a bid-opening export in the Chinese template, watches the run finish,
opens the lot flagged S1 and S5 (same machine code, same deposit account), and turns the flag
into a clue that appears in the case list."""

import pytest
from django.core.management import call_command

from liandong.screening import actions
from liandong.screening import demo as screening_demo
from liandong.screening.models import DataSet, RunState
from tests.browser.support import page as _page
from tests.browser.support import pytestmark  # noqa: F401
from tests.browser.support import sign_in as _sign_in


@pytest.fixture
def cast(committed_cast):
    return committed_cast


def test_an_upload_becomes_a_clue_in_the_case_list(live_server, cast, browser, output_dir):
    actions.grant_access(cast.fin, acting_user=cast.admin)
    base = live_server.url
    data = output_dir / "开标数据_2026Q3.csv"
    data.write_bytes(screening_demo._csv())

    officer, problems = _page(browser, viewport={"width": 1280, "height": 900})
    _sign_in(officer, base, "fin_officer")
    officer.click("nav.mainnav >> text=线索筛查")
    officer.fill("#id_title", "2026年第三季度区级项目开标数据")
    officer.set_input_files("#id_file", str(data))
    officer.screenshot(path=output_dir / "01-upload.png", full_page=True)
    officer.click("#upload button:text-is('上传并开始筛查')")
    officer.wait_for_selector("text=数据集已上传，正在后台筛查")
    assert officer.locator("#progress").count() == 1
    officer.screenshot(path=output_dir / "02-queued.png", full_page=True)

    # the worker, as `liandong worker` runs it, takes the queued run and exits when none is left
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert DataSet.objects.get().state == RunState.DONE
    officer.wait_for_selector("#summary", timeout=15_000)  # the page refreshes itself
    assert "7 条投标记录，2 个标段" in officer.inner_text("#summary")
    officer.screenshot(path=output_dir / "03-done.png", full_page=True)

    officer.click("#flags a:has-text('QZLC-2026-0311') >> nth=0")
    flags = officer.inner_text("#lot-flags")
    assert "S1" in flags and "S5" in flags
    assert officer.locator("#bids td.hit").count() >= 3
    officer.screenshot(path=output_dir / "04-lot.png", full_page=True)

    officer.click("#lot-flags a:has-text('S1')")
    officer.click("#decide button:text-is('转为线索（登记案件）')")
    officer.wait_for_selector("text=已转为线索：案件")
    number = officer.locator("text=已转为线索：案件").inner_text().split("案件")[1].split("（")[0]
    officer.screenshot(path=output_dir / "05-clue.png", full_page=True)
    officer.click("nav.mainnav >> text=案件")
    assert number in officer.inner_text("main")
    officer.screenshot(path=output_dir / "06-case-list.png", full_page=True)
    assert problems == []
