"""A reminder and an overdue escalation reach the inbox and the mailbox through the real worker
(`liandong worker --batch`, a separate process) and a real SMTP server on loopback; a second run
sends nothing new."""

import os
import socket
import subprocess
import sys
import textwrap

import pytest
from aiosmtpd.controller import Controller

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

REPORT = textwrap.dedent(
    """
    from liandong.notifications.models import Notification, OutgoingEmail
    for n in Notification.objects.order_by("id"):
        print("N", n.recipient.username, n.kind)
    for e in OutgoingEmail.objects.order_by("id"):
        print("E", e.to, e.state)
    """
)


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


def test_reminder_and_escalation_arrive_once(tmp_path, mailbox):
    box, port = mailbox
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIANDONG_")}
    env.pop("DATABASE_URL", None)
    env.update(
        LIANDONG_VAR_DIR=str(tmp_path),
        LIANDONG_EMAIL_HOST="127.0.0.1",
        LIANDONG_EMAIL_PORT=str(port),
        LIANDONG_EMAIL_TIMEOUT="5",
    )

    def liandong(*args, stdin=None):
        result = subprocess.run(
            [sys.executable, "-m", "liandong.cli", *args],
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    liandong("migrate", "--noinput")
    liandong("shell", stdin=SETUP)
    liandong("worker", "--batch")
    first = liandong("shell", stdin=REPORT).split("\n")
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
    assert liandong("shell", stdin=REPORT).split("\n") == first
    assert len(box.received) == 3
