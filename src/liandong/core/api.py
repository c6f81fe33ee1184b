import datetime as dt

from django.utils import timezone
from ninja import Router, Schema

from liandong.core import workbench

router = Router(tags=["工作台"])


class TodoOut(Schema):
    kind: str
    title: str
    url: str
    due_at: dt.datetime | None
    state: str
    group: str


@router.get("/workbench", response=list[TodoOut], summary="我的待办（已逾期、即将到期、其他）")
def todos(request):
    groups = workbench.grouped_todos(request.user, timezone.now())
    return [{**todo.__dict__, "group": group} for group, items in groups.items() for todo in items]
