"""Benchmark: compute workday due dates (no database).

python bench/workday_due.py [--count N]
"""

import argparse
import datetime as dt
import random
import sys
import time

from liandong.deadlines.calendar import WorkdayCalendar
from liandong.deadlines.periods import CHINA, Unit, due


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    rng = random.Random(310)
    base = dt.datetime(2024, 1, 1, tzinfo=CHINA)
    starts = [base + dt.timedelta(minutes=rng.randrange(3 * 365 * 24 * 60)) for _ in range(1000)]
    amounts = [rng.randint(1, 30) for _ in range(1000)]
    calendar = WorkdayCalendar.statutory()
    due(starts[0], 1, Unit.WORKDAYS, calendar)  # build the workday list once, as a process would
    started = time.perf_counter()
    for i in range(args.count):
        due(starts[i % 1000], amounts[i % 997], Unit.WORKDAYS, calendar)
    seconds = time.perf_counter() - started
    print(
        f"workday-due            {args.count:,} workday due dates in {seconds:.2f} s = "
        f"{args.count / seconds:,.0f} per second",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
