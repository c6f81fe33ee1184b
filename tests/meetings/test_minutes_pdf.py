"""The issued 纪要 as PDF: its number, the 出席/请假/列席 lists and the 议定事项 (read from the
PDF's text); page 1 saved as an image with the test output."""

import shutil
import subprocess

from liandong.documents.files import open_file
from liandong.meetings import actions
from tests.documents.support import needs_libreoffice, pdf_text
from tests.meetings.support import convened, held, with_two_items
from tests.transfers.support import frozen


@needs_libreoffice
def test_the_minutes_pdf_has_number_attendance_and_items(cast, output_dir):
    with frozen("2026-11-30 10:00") as clock:
        meeting = convened(cast)
        clock.set("2026-12-02 11:30")
        minutes = held(cast, meeting)
        actions.edit_minutes(
            minutes,
            summary="会议由区财政局副局长主持，区公安分局、区发改局、区市场监管局参加。",
            discussions={
                item.pk: "与会单位讨论了电子数据调取、固定的分工和时限。"
                for item in meeting.agenda.all()
            },
            acting_user=cast.fin_liaison,
        )
        with_two_items(cast, minutes)
        actions.issue_minutes(minutes, acting_user=cast.fin_head)
    minutes.refresh_from_db()
    path = output_dir / "纪要.pdf"
    with open_file(minutes.document, "pdf") as source, path.open("wb") as target:
        shutil.copyfileobj(source, target)
    flat = "".join(pdf_text(path).split())
    assert minutes.document.number in flat  # 泉鲤政财〔2026〕1号
    assert "联席会议纪要" in flat
    assert "出席：区财政局FinLiaison、区公安分局PsbLiaison" in flat
    assert "请假：区审计局" in flat
    assert "列席：区检察院检察官刘某" in flat
    assert "公安分局、财政局建立电子数据调取联络机制" in flat
    assert "责任单位：区市场监管局；完成时限：2026年12月15日" in flat
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "100",
            "-f",
            "1",
            "-l",
            "2",
            str(path),
            str(output_dir / "纪要"),
        ],
        check=True,
    )
    assert next(output_dir.glob("纪要*.png")).stat().st_size > 10_000


def test_every_member_department_downloads_the_issued_minutes(cast):
    """The 纪要 is delivered to every member department: their people open its files."""
    from django.test import Client

    from tests.meetings.permissions import _issued

    document = _issued(cast).minutes.document
    for name, status in (
        ("psb_liaison", 200),
        ("drc_liaison", 200),
        ("samr_liaison", 200),
        ("fin_viewer", 200),
        ("outsider", 404),
        ("proc_officer", 404),
    ):
        client = Client()
        client.force_login(cast.people[name])
        assert client.get(f"/documents/{document.pk}/docx/").status_code == status, name
