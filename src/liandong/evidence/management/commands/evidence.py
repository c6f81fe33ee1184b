"""``liandong evidence verify PACKAGE.zip [--public-key HEX]``: check an evidence package offline.
``liandong evidence sweep``: re-hash stored files now, evidence and issued documents alike (the
worker does it every minute)."""

import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "证据包离线核验（verify）与存储文件完整性复核（sweep）"
    requires_system_checks = []  # verify runs on machines with no database at all
    requires_migrations_checks = False

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        verify = sub.add_parser("verify", help="核验证据包：文件摘要、清单和 SM2 签名")
        verify.add_argument("package", help="证据包 zip 文件")
        verify.add_argument(
            "--public-key",
            help="出具平台公布的 SM2 公钥（十六进制）；给出时还核对签名是否出自该平台",
        )
        sweep = sub.add_parser("sweep", help="立即复核存储的证据文件和公文文件")
        sweep.add_argument("--all", action="store_true", help="复核全部文件，不限本次读取量")

    def handle(self, *args, verb, **options):
        if verb == "verify":
            from liandong.evidence.package import verify

            report = verify(options["package"], options.get("public_key"))
            for line in report.lines():
                self.stdout.write(line)
            if not report.ok:
                sys.exit(1)
        elif verb == "sweep":
            from liandong.evidence.integrity import sweep

            found = sweep(budget=2**63 if options["all"] else None)
            self.stdout.write(
                "复核 {checked} 个文件，读取 {bytes} 字节，异常 {failed} 个".format(**found)
            )
            if found["failed"]:
                raise CommandError("有存储文件未通过完整性复核，详见日志")
