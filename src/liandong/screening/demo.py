"""A demo screening of 鲤城区's finance bureau, through the actions: FIN is allowed to screen, an
officer uploads a small bid-opening export in the Chinese template with one lot whose three
bidders share a file-maker machine code and a deposit account, the run finds it, one flag is
turned into a clue and one price flag dismissed with a reason. Made only when missing."""

from pathlib import Path

from django.core.files.base import ContentFile

from liandong.evidence import actions as evidence
from liandong.organizations.models import Department, User
from liandong.screening import actions
from liandong.screening.models import DataSet, FlagState, ScreeningAccess

TITLE = "2026年第三季度区级项目开标数据（演示）"
DEMO_FILE = Path(__file__).parent / "data" / "demo_bids.csv"  # the Chinese template


def _csv() -> bytes:
    return b"\xef\xbb\xbf" + DEMO_FILE.read_bytes()  # with the BOM Excel writes


def load(say) -> None:
    officer = User.objects.filter(username="fin_officer1").first()
    fin = Department.objects.filter(jurisdiction__code="350502", kind="FIN", is_member=True).first()
    if officer is None or fin is None:
        return
    if not ScreeningAccess.objects.filter(department=fin).exists():
        actions.grant_access(fin, acting_user=None)
    dataset = DataSet.objects.filter(department=fin, title=TITLE).first()
    if dataset is None:
        upload = evidence.upload_file(
            ContentFile(_csv(), name="开标数据_2026Q3.csv"), acting_user=officer
        )
        dataset = actions.upload_dataset(title=TITLE, upload_id=upload.pk, acting_user=officer)
        actions.run(dataset.pk)
        dataset.refresh_from_db()
        strong = dataset.flags.filter(rule="S1").first()
        if strong is not None:
            actions.flag_to_clue(strong, acting_user=officer)
        weak = dataset.flags.exclude(rule__startswith="S").filter(state=FlagState.OPEN).first()
        if weak is not None:
            actions.dismiss_flag(
                weak,
                reason="已核实：该项目为标准化设备，市场报价本就集中，不作为线索。",
                acting_user=officer,
            )
    say(
        f"演示线索筛查：数据集 {DataSet.objects.filter(department=fin).count()} 个，"
        f"线索 {dataset.flag_count} 条（机器码、保证金账户相同的标段已转为线索案件）；"
        "区财政局已获筛查权限。"
    )
