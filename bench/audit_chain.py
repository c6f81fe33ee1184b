"""Benchmark: append audit entries through the action path, then verify the whole chain.

Run by bench/run.py once per database, each in its own process (settings are per process):
    python bench/audit_chain.py --database sqlite|postgresql [--entries N]
"""

import argparse
import os
import sys
import tempfile
import time
import uuid


def _setup(database: str, workdir: str) -> str | None:
    os.environ["LIANDONG_VAR_DIR"] = workdir
    os.environ["DJANGO_SETTINGS_MODULE"] = "liandong.settings"
    dbname = None
    if database == "postgresql":
        import psycopg

        base = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
        dbname = f"liandong_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{dbname}"')
        os.environ["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + dbname
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return dbname


def _drop(dbname: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    base = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')


def _rate(n: int, seconds: float) -> str:
    return f"{n:,} entries in {seconds:.1f} s = {n / seconds:,.0f} entries/s"


def run(database: str, entries: int) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        dbname = _setup(database, workdir)
        try:
            _measure(database, entries)
        finally:
            if dbname:
                _drop(dbname)


def _measure(database: str, entries: int) -> None:
    from django.contrib.auth.hashers import make_password

    from liandong.audit import log
    from liandong.audit.models import AuditEntry
    from liandong.organizations import actions
    from liandong.organizations.models import Role

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
    password = make_password(None)[:20] + "Aa1#"
    admin, _ = actions.create_user(
        department,
        acting_user=None,
        username="bench_admin",
        full_name="管理员",
        role=Role.ADMIN,
        password=password,
    )
    person, _ = actions.create_user(
        department,
        acting_user=None,
        username="bench_officer",
        full_name="办案人员",
        role=Role.OFFICER,
        password=password,
    )
    label = f"audit-chain {database:<10}"

    # The lightest real action: transaction, permission check, one delete, one audit entry.
    started = time.perf_counter()
    for _ in range(entries):
        actions.unlock_user(person, acting_user=admin)
    appended = time.perf_counter() - started
    print(f"{label} append via action (unlock_user): {_rate(entries, appended)}", flush=True)

    # The same from several clients at once (as several web processes would): appenders queue on
    # the chain's lock only from reading its head to their commit.
    clients = 4
    started = time.perf_counter()
    _in_processes(clients, _unlock_many, (person.pk, admin.pk, entries // clients))
    appended = time.perf_counter() - started
    print(
        f"{label} append via action, {clients} clients:   {_rate(entries, appended)}",
        flush=True,
    )

    # A full edit: transaction, permission check, row lock, validation, update, audit entry
    # with the before/after of the changed fields.
    edits = max(entries // 10, 1)
    started = time.perf_counter()
    for i in range(edits):
        actions.update_user(person, acting_user=admin, title=f"科员{i}")
    edited = time.perf_counter() - started
    print(f"{label} append via action (update_user): {_rate(edits, edited)}", flush=True)

    total = AuditEntry.objects.count()
    started = time.perf_counter()
    result = log.verify()
    verified = time.perf_counter() - started
    assert result.ok and result.checked == total, result
    print(f"{label} verify, 1 process:               {_rate(total, verified)}", flush=True)
    jobs = os.cpu_count() or 1
    if jobs > 1:
        started = time.perf_counter()
        result = log.verify(jobs=jobs)
        verified = time.perf_counter() - started
        assert result.ok and result.checked == total, result
        print(f"{label} verify, {jobs} processes:             {_rate(total, verified)}", flush=True)


def _unlock_many(person_pk: int, admin_pk: int, count: int) -> None:
    from liandong.organizations import actions
    from liandong.organizations.models import User

    person, admin = User.objects.get(pk=person_pk), User.objects.get(pk=admin_pk)
    for _ in range(count):
        actions.unlock_user(person, acting_user=admin)


def _in_processes(count: int, target, args) -> None:
    import multiprocessing

    from django.db import connections

    connections.close_all()  # each process opens its own connection
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=target, args=args) for _ in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
        if worker.exitcode != 0:
            raise RuntimeError(f"a benchmark client failed with exit code {worker.exitcode}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--entries", type=int, default=100_000)
    args = parser.parse_args(argv)
    run(args.database, args.entries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
