"""`liandong` run as an operator runs it: in a process of its own, on a SQLite file of its own
(LIANDONG_VAR_DIR), never the test database.

Migrating takes about ten seconds and the demo twenty, so each is done once per test run —
whichever pytest-xdist worker asks first makes it, the others wait for it — and every test gets a
copy of its own (tests/conftest.py: ``migrated_var``, ``demo_var``).
"""

import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

DATABASE = "liandong.sqlite3"
DEMO_OUTPUT = "demo.stdout"
EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


def environment(var_dir: Path, **extra: str) -> dict[str, str]:
    """This process's environment for a `liandong` on ``var_dir``: no LIANDONG_ setting of the
    developer's, no DATABASE_URL (SQLite under ``var_dir``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIANDONG_")}
    env.pop("DATABASE_URL", None)
    env["LIANDONG_VAR_DIR"] = str(var_dir)
    env.update(extra)
    return env


def bare_machine(var_dir: Path) -> dict[str, str]:
    """The environment of a machine without CJK fonts or LibreOffice, as a fresh Debian is: an
    empty fontconfig, and a PATH that holds fontconfig's own tools and nothing else (no soffice,
    no pdftotext). Python is started by its full path."""
    root = var_dir.parent / f"{var_dir.name}-bare-machine"
    tools = root / "bin"
    tools.mkdir(parents=True, exist_ok=True)
    for name in ("fc-list", "fc-match"):
        found = shutil.which(name)
        if found and not (tools / name).exists():
            (tools / name).symlink_to(found)
    config = root / "fonts.conf"
    config.write_text(EMPTY_FONTCONFIG.format(cache=root / "fontconfig-cache"))
    return environment(
        var_dir, PATH=str(tools), FONTCONFIG_FILE=str(config), HOME=str(root), LANG="C.UTF-8"
    )


def liandong(*args: str, env: dict[str, str], stdin: str | None = None, timeout: float = 300):
    """Run ``liandong ARGS`` and return the finished process (its text output captured)."""
    return subprocess.run(
        [sys.executable, "-m", "liandong.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def succeed(*args: str, env: dict[str, str], stdin: str | None = None) -> str:
    """Run ``liandong ARGS``; fail the test with its error output unless it succeeds."""
    done = liandong(*args, env=env, stdin=stdin)
    if done.returncode != 0:
        pytest.fail(f"liandong {' '.join(args)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return done.stdout


def shared(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder that ``make(folder)`` fills once per test run, shared by the xdist workers (their
    temporary folders sit side by side). Read it; copy it to change it (``copy``)."""
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / name
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not folder.exists():
            partial = root / f"{name}.partial"
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir()
            make(partial)
            partial.rename(folder)
    return folder


def copy(template: Path, target: Path) -> Path:
    """A copy of a var folder (the SQLite file whole, through SQLite's own backup)."""
    shutil.copytree(template, target, ignore=shutil.ignore_patterns(f"{DATABASE}*"))
    source, copied = sqlite3.connect(template / DATABASE), sqlite3.connect(target / DATABASE)
    try:
        source.backup(copied)
    finally:
        source.close()
        copied.close()
    return target


def migrate(var_dir: Path) -> None:
    succeed("migrate", "--noinput", env=environment(var_dir))


def demo_on_a_bare_machine(migrated: Path) -> Callable[[Path], None]:
    """A maker for ``shared``: the migrated database, then `liandong demo` as a fresh machine
    runs it (no CJK fonts, no LibreOffice); what it printed is kept in ``DEMO_OUTPUT``."""

    def make(var_dir: Path) -> None:
        shutil.rmtree(var_dir)
        copy(migrated, var_dir)
        output = succeed("demo", env=bare_machine(var_dir))
        (var_dir / DEMO_OUTPUT).write_text(output)

    return make
