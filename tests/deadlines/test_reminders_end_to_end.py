"""A reminder and an overdue escalation reach the inbox and the mailbox through the real worker
(`liandong worker --batch`, a separate process) and a real SMTP server on loopback; a second run
sends nothing new."""

import socket
import sqlite3
import textwrap

import pytest
from aiosmtpd.controller import Controller

from tests import processes

SETUP = textwrap.dedent(
    """
    import datetime as dt
    from django.db import transaction
    from django.utils import timezone
    from liandong.organizations import demo
    from liandong.deadlines import actions
    from liandong.organizations import actions as people
    from liandong.organizations.models import Department, User

    demo.load(lambda line: None)  # the people, without the demo's own timers
    fin = Department.objects.get(kind="FIN", jurisdiction__code="350502")
    for name in ("fin_liaison", "fin_head"):
        people.update_user(User.objects.get(username=name), email=name + "@czj.lc.gov.cn",
                           acting_user=None)
    now = timezone.now()
    # 24-hour rule, reminder 4 hours before: due in 3 hours, and one due an hour ago.
    actions.start_deadline(fin, rule="transfer.send", department=fin,
                           start=now - dt.timedelta(hours=21), acting_user=None)
    actions.start_deadline(fin, rule="transfer.send", department=fin,
                           start=now - dt.timedelta(hours=25), acting_user=None)
    """
)


def _report(var_dir) -> list[str]:
    """The inbox and the outbox as the worker left them, read from the SQLite file."""
    with sqlite3.connect(var_dir / processes.DATABASE) as db:
        inbox = db.execute(
            "SELECT 'N ' || u.username || ' ' || n.kind FROM notifications_notification n "
            "JOIN organizations_user u ON u.id = n.recipient_id ORDER BY n.id"
        ).fetchall()
        outbox = db.execute(
            "SELECT 'E ' || e.\"to\" || ' ' || e.state FROM notifications_outgoingemail e "
            "ORDER BY e.id"
        ).fetchall()
    return [line for (line,) in inbox + outbox]


class Mailbox:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.extend(envelope.rcpt_tos)
        return "250 OK"


@pytest.fixture
def mailbox():
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


def test_reminder_and_escalation_arrive_once(migrated_var, mailbox):
    box, port = mailbox
    env = processes.environment(
        migrated_var,
        LIANDONG_EMAIL_HOST="127.0.0.1",
        LIANDONG_EMAIL_PORT=str(port),
        LIANDONG_EMAIL_TIMEOUT="5",
    )

    def liandong(*args, stdin=None):
        return processes.succeed(*args, env=env, stdin=stdin)

    liandong("shell", stdin=SETUP)
    liandong("worker", "--batch")
    first = _report(migrated_var)
    notifications = sorted(line for line in first if line.startswith("N "))
    assert notifications == [
        "N fin_head deadline.overdue",  # escalated to the head
        "N fin_liaison deadline.overdue",
        "N fin_liaison deadline.reminder",
    ]
    emails = [line for line in first if line.startswith("E ")]
    assert sorted(emails) == [
        "E fin_head@czj.lc.gov.cn sent",
        "E fin_liaison@czj.lc.gov.cn sent",
        "E fin_liaison@czj.lc.gov.cn sent",
    ]
    assert sorted(box.received) == [
        "fin_head@czj.lc.gov.cn",
        "fin_liaison@czj.lc.gov.cn",
        "fin_liaison@czj.lc.gov.cn",
    ]

    liandong("worker", "--batch")  # the next minute: nothing new
    assert _report(migrated_var) == first
    assert len(box.received) == 3
