import os
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from liandong.audit import log
from liandong.audit.models import AuditEntry
from liandong.audit.tasks import describe


class Command(BaseCommand):
    help = "Audit log: `audit verify` re-walks the SM3 hash chain and names the first broken entry."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        verify = sub.add_parser("verify", help="verify the whole chain")
        verify.add_argument(
            "--jobs",
            type=int,
            default=min(os.cpu_count() or 1, 4),
            help="processes that check parts of a long chain in parallel (default: the CPUs)",
        )
        verify.add_argument(
            "--anchor",
            metavar="SEQ:HASH",
            help="also check that entry SEQ still has HASH (a value noted earlier, e.g. in a "
            "report): catches entries cut from the end of the chain",
        )

    def handle(self, *args, verb, anchor=None, jobs=1, **options):
        if verb != "verify":  # pragma: no cover - argparse enforces the choice
            raise CommandError(f"unknown verb {verb}")
        progress = (lambda n: self.stderr.write(f"… {n}")) if sys.stderr.isatty() else None
        result = log.verify(progress=progress, jobs=jobs)
        if not result.ok:
            raise CommandError(describe(result))
        if anchor:
            seq_text, _sep, expected = anchor.partition(":")
            entry = AuditEntry.objects.filter(seq=int(seq_text)).values_list("hash", flat=True)
            if not entry or entry[0] != expected.strip().lower():
                raise CommandError(
                    _("校验失败：锚点第 %(seq)s 条记录缺失或摘要不符。") % {"seq": seq_text}
                )
        self.stdout.write(describe(result))
