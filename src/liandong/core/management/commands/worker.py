import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

logger = logging.getLogger("liandong.worker")


def enqueue_periodic_jobs_once() -> bool:
    """Queue the periodic jobs unless a run is already waiting (several workers may call this;
    the jobs are safe to run twice anyway)."""
    from django_tasks_db.models import DBTaskResult

    from liandong.core.tasks import run_periodic_jobs

    path = f"{run_periodic_jobs.func.__module__}.{run_periodic_jobs.func.__qualname__}"
    if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
        return False
    run_periodic_jobs.enqueue()
    return True


class Command(BaseCommand):
    help = "Run the background task worker (django-tasks database backend) and the minute clock."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=float, default=60.0, help="seconds between periodic runs (default 60)"
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="run the periodic jobs once and every task that is waiting, then exit (cron)",
        )

    def handle(self, *args, every, batch, **options):
        if batch:
            enqueue_periodic_jobs_once()
            call_command("db_worker", batch=True, no_startup_delay=True)
            return
        stop = threading.Event()
        clock = threading.Thread(target=self._clock, args=(stop, every), daemon=True)
        clock.start()
        try:
            call_command("db_worker", interval=1.0)
        finally:
            stop.set()

    def _clock(self, stop: threading.Event, every: float) -> None:
        wait = 0.0
        while not stop.wait(wait):
            wait = every
            try:
                enqueue_periodic_jobs_once()
            except Exception:
                logger.exception("could not queue the periodic jobs")
            finally:
                connection.close()  # this thread's own connection
