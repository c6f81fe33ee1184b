"""The background run of an uploaded data set."""

from django_tasks import task


@task()
def run_dataset(pk: int) -> str:
    from liandong.screening import actions

    return actions.run(pk)
