from django_tasks import task

from liandong.core import periodic


@task()
def run_periodic_jobs() -> dict[str, str]:
    return periodic.run_all()
