"""What the server needs for official documents and charts — Debian packages, not Python ones —
as system checks tagged ``packages``: `liandong check --deploy` lists what is missing, and
`liandong demo` prints it once with the one command that installs it all. Each message's ``obj``
is the Debian package that puts it right."""

import shutil

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _

from liandong.documents import fonts, pdf

TAG = "packages"


def _missing(level, message: str, package: str, code: str) -> checks.CheckMessage:
    hint = f"apt-get install --no-install-recommends {package}"
    return level(message, hint=hint, obj=package, id=f"documents.{code}")


@checks.register(TAG, deploy=True)
def system_packages(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    found: list[checks.CheckMessage] = []
    if not pdf.available():
        if settings.DOCUMENTS_PDF_REQUIRED:
            message = _("未安装 LibreOffice：公文无法印发（PDF 由它生成）。")
            found.append(_missing(checks.Error, message, "libreoffice-writer-nogui", "E001"))
        else:
            message = _("未安装 LibreOffice：公文只生成 Word 文件（.docx），没有 PDF。")
            found.append(_missing(checks.Warning, message, "libreoffice-writer-nogui", "W001"))
    elif shutil.which("pdftotext") is None:
        message = _("未安装 poppler-utils：无法检查公文末页，版记可能单独成页却带页码。")
        found.append(_missing(checks.Warning, message, "poppler-utils", "W002"))
    if not fonts.cjk_installed():
        message = _("没有中文字体：PDF 公文和运行情况报告图表中的中文无法显示（显示为方框）。")
        found.append(_missing(checks.Warning, message, "fonts-noto-cjk", "W003"))
    return found
