"""Run the benchmarks: `make bench` (or `python bench/run.py [--entries N] [--only NAME]`).

Each benchmark runs in its own process once per database: SQLite (a fresh file) and
PostgreSQL (a throw-away database on BENCH_POSTGRES_URL, default the local server), which is
skipped with a note when no server answers. Results go to stdout; docs/benchmarks.md keeps the
figures of recorded runs with the command that produced them.
"""

import argparse
import os
import platform
import subprocess
import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
# name → (script, whether it runs once per database, or the one database it runs on)
BENCHMARKS = {
    "audit_chain": (HERE / "audit_chain.py", True),
    "workday_due": (HERE / "workday_due.py", False),
    "deadline_sweep": (HERE / "deadline_sweep.py", "postgresql"),
    "evidence_upload": (HERE / "evidence_upload.py", False),
    # 1,000,000 cases, kept between runs in their own database (ld_bench): see case_data.py
    "case_list": (HERE / "case_list.py", "postgresql"),
    # 1,000,000 credit records and 50,000 list entries, generated in each fresh database
    "credit_check": (HERE / "credit_check.py", True),
    "reports_dashboard": (HERE / "reports_dashboard.py", True),
    "screening": (HERE / "screening.py", False),  # no database: 1,000,000 bids, CSV and OCDS
}


def postgres_available() -> bool:
    try:
        import psycopg

        url = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
        with psycopg.connect(url, connect_timeout=3):
            return True
    except Exception:  # any failure means "not available"
        return False


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=100_000, help="audit entries to append")
    parser.add_argument("--only", choices=sorted(BENCHMARKS))
    args = parser.parse_args(argv)
    print(
        f"# {datetime.now().isoformat(timespec='seconds')} · {platform.node()} · "
        f"{os.cpu_count()} CPUs · Python {platform.python_version()}",
        flush=True,
    )
    databases = ["sqlite"]
    if postgres_available():
        databases.append("postgresql")
    else:
        print("# PostgreSQL is not answering: its runs are skipped", flush=True)
    failed = 0
    for name, (script, per_database) in BENCHMARKS.items():
        if args.only and name != args.only:
            continue
        if not per_database:
            failed += subprocess.run([sys.executable, str(script)], check=False).returncode != 0
            continue
        for database in databases:
            if isinstance(per_database, str) and database != per_database:
                continue  # a benchmark whose target names one database
            command = [sys.executable, str(script), "--database", database]
            if name == "audit_chain":
                command += ["--entries", str(args.entries)]
            failed += subprocess.run(command, check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
