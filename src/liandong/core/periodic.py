"""Jobs that run every minute in the worker. Apps register them at start-up; every job must be
safe to run twice, or in two workers at once."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger("liandong.periodic")


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], object]


_jobs: list[Job] = []


def register(job: Job) -> None:
    _jobs.append(job)


def run_all() -> dict[str, str]:
    """Run every job; one failing does not stop the others."""
    results = {}
    for job in _jobs:
        try:
            results[job.name] = repr(job.run())
        except Exception:
            logger.exception("periodic job %s failed", job.name)
            results[job.name] = "failed"
    return results
