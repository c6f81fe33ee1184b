from django.core import checks
from django.core.management.base import BaseCommand

from liandong.core import demo

PACKAGES = "packages"  # the tag of the system checks of the server's Debian packages


class Command(BaseCommand):
    help = "Load the 泉州市鲤城区 demo (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        for loader in demo.loaders():
            loader.load(self.stdout.write)
        self._say_what_is_missing()

    def _say_what_is_missing(self) -> None:
        """Once, after the demo: what this machine lacks (documents without PDF, charts without
        Chinese) and the one command that installs it all."""
        missing = checks.run_checks(tags=[PACKAGES], include_deployment_checks=True)
        if not missing:
            return
        write = self.stdout.write
        write("")
        write(self.style.WARNING("注意：本机缺少以下软件包。演示数据已全部生成，但："))
        for message in missing:
            write(f"  · {message.msg}")
        packages = " ".join(sorted({str(message.obj) for message in missing}))
        write(
            "以 root 身份安装后重新运行（make run 以 root 运行时会自动安装）："
            f"\n  apt-get update && apt-get install --no-install-recommends {packages}"
        )
        write("已印发的演示公文和报告不会再改变；安装后删除 var/ 目录再运行 make run，即重新生成。")
