"""Benchmark: the minute sweep over 1,000,000 open timers (PostgreSQL).

    python bench/deadline_sweep.py --database postgresql [--timers N]

Of the timers, 1,000 are past due and 1,000 have a reminder due; the rest are due in 2 to 60
days. The overdue sweep must touch only the 1,000 (the plan and its row count are printed).
"""

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))

from audit_chain import _drop, _setup


def _fill(timers: int, overdue: int, reminding: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from liandong.deadlines.models import Deadline, DeadlineRule
    from liandong.organizations import actions
    from liandong.organizations.models import LiaisonRank, Role

    jurisdiction = actions.create_jurisdiction(name="基准测试区", code="999999", acting_user=None)
    department = actions.create_department(
        jurisdiction,
        acting_user=None,
        kind="FIN",
        name="基准测试财政局",
        short_name="财政局",
        doc_prefix="基财",
        uscc="914403001922038216",
    )
    for username, role in (("bench_head", Role.HEAD), ("bench_liaison", Role.OFFICER)):
        person, _ = actions.create_user(
            department,
            acting_user=None,
            username=username,
            full_name=username,
            role=role,
            password="Bench#2026pass",
        )
        if username == "bench_liaison":
            actions.appoint_liaison(person, rank=LiaisonRank.PRIMARY, acting_user=None)
    rule = DeadlineRule.objects.get(code="consultation.answer")  # reminder 24 hours before
    content_type = ContentType.objects.get_for_model(department)
    table = Deadline._meta.db_table
    with connection.cursor() as cursor:
        # i < overdue: due an hour ago; next `reminding`: due in 12 hours (reminder due);
        # the rest: due in 2 to 60 days.
        cursor.execute(
            f"""
            INSERT INTO {table} (content_type_id, object_id, object_repr, department_id, rule_id,
                name, basis, amount, unit, started_at, counted_from, counted_amount, due_at,
                last_day, assumed_years, state, pause_reason, paused_total, closed_note, version,
                next_reminder_at)
            SELECT %s, i::text, '基准对象' || i, %s, %s, %s, %s, 5, 'workdays',
                now() - interval '7 days', now() - interval '7 days', 5, d.due,
                d.due::date, '[]'::jsonb, 'running', '', interval '0', '', 1,
                d.due - interval '24 hours'
            FROM generate_series(0, %s - 1) AS i,
            LATERAL (SELECT CASE
                WHEN i < %s THEN now() - interval '1 hour'
                WHEN i < %s THEN now() + interval '12 hours'
                ELSE now() + interval '2 days' + (i %% 58) * interval '1 day'
                    + (i %% 1440) * interval '1 minute'
            END AS due) AS d
            """,
            [
                content_type.pk,
                department.pk,
                rule.pk,
                rule.name,
                rule.basis,
                timers,
                overdue,
                overdue + reminding,
            ],
        )
        cursor.execute(f"ANALYZE {table}")


def _plan_of_overdue_query() -> tuple[str, int]:
    import json

    from django.db import connection
    from django.utils import timezone

    from liandong.deadlines.models import Deadline, DeadlineState

    query = Deadline.objects.filter(state=DeadlineState.RUNNING, due_at__lte=timezone.now())
    sql, params = query.values_list("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    node = plan[0]["Plan"]
    while "Relation Name" not in node:  # down to the node that reads the table
        node = node["Plans"][0]
    index = node.get("Index Name") or next(
        (child.get("Index Name") for child in node.get("Plans", []) if "Index Name" in child), "-"
    )
    return f"{node['Node Type']} using {index}", node["Actual Rows"]


def run(database: str, timers: int) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        dbname = _setup(database, workdir)
        try:
            _measure(database, timers)
        finally:
            if dbname:
                _drop(dbname)


def _measure(database: str, timers: int) -> None:
    from django.utils import timezone

    from liandong.deadlines import reminders
    from liandong.deadlines.models import Deadline
    from liandong.notifications.models import Notification

    label = f"deadline-sweep {database:<10}"
    started = time.perf_counter()
    _fill(timers, overdue=1000, reminding=1000)
    print(f"{label} {timers:,} open timers written in {time.perf_counter() - started:.1f} s")
    node, rows = _plan_of_overdue_query()
    print(f"{label} overdue query plan: {node}, {rows:,} rows read", flush=True)

    now = timezone.now()
    started = time.perf_counter()
    missed = 0
    while batch := reminders.mark_missed(now):
        missed += batch
    overdue_seconds = time.perf_counter() - started
    print(
        f"{label} overdue sweep: {missed:,} of {timers:,} timers marked missed and escalated "
        f"in {overdue_seconds:.2f} s",
        flush=True,
    )
    started = time.perf_counter()
    reminded = reminders.send_reminders(now)
    print(
        f"{label} reminder sweep: {reminded:,} reminders in {time.perf_counter() - started:.2f} s",
        flush=True,
    )
    started = time.perf_counter()
    again = reminders.sweep(now)
    print(
        f"{label} second sweep (nothing due): {again.missed + again.reminded} sent "
        f"in {time.perf_counter() - started:.2f} s; {Notification.objects.count():,} "
        f"notifications, {Deadline.objects.filter(state='running').count():,} still running",
        flush=True,
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--timers", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    run(args.database, args.timers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
