"""An administrator queues a full verification; the worker runs it and appends the result."""

from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from liandong.audit.models import AuditEntry


def test_the_worker_verifies_the_chain_and_records_the_result(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("audit:verify"))
    assert response.status_code == 302
    # What the worker does with the queued task (the worker command itself would close the
    # test's database connection on its way out).
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "liandong.audit.tasks.verify_chain"
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    result = AuditEntry.objects.filter(action="audit.chain.verify").get()
    assert result.outcome == "ok"
    assert result.message.startswith("校验通过")
    page = client.get(reverse("audit:entry_list")).content.decode()
    assert "最近的完整性校验" in page and "校验通过" in page


def test_the_administrator_filters_the_log(client, cast):
    client.force_login(cast.admin)
    page = client.get(
        reverse("audit:entry_list"), {"action": "organizations.liaison", "outcome": "ok"}
    ).content.decode()
    assert "organizations.liaison.appoint" in page
    assert "organizations.user.create" not in page
    bad = client.get(reverse("audit:entry_list"), {"since": "2026-12-01", "until": "2026-11-01"})
    assert "截止日期不能早于起始日期" in bad.content.decode()
