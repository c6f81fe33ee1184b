"""Background work of credit records: pushes to the credit platform, expiry of publication."""

from django_tasks import task


@task()
def send_pushes() -> dict[str, int]:
    from liandong.credit import push

    return push.send_due()
