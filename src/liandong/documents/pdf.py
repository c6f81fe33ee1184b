"""PDF from .docx through LibreOffice (``soffice --headless --convert-to pdf``).

Each conversion runs its own LibreOffice with a profile (UserInstallation) of its own in a temporary
folder: two conversions sharing a profile collide on its lock, and a profile left by a killed run
is never reused. A conversion that takes longer than ``timeout`` seconds is killed with the whole
process group (``soffice`` starts ``oosplash``, which starts ``soffice.bin``).
"""

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

TIMEOUT = 120  # seconds; a page takes about one


class ConversionError(RuntimeError):
    """The PDF could not be made."""


class ConverterMissing(ConversionError):
    """LibreOffice is not installed."""


def soffice() -> str | None:
    """The LibreOffice executable, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice() is not None


def convert(docx: Path, outdir: Path | None = None, *, timeout: float = TIMEOUT) -> Path:
    """Convert ``docx`` to a PDF in ``outdir`` (its own folder by default); return its path."""
    executable = soffice()
    if executable is None:
        raise ConverterMissing(
            _(
                "未安装 LibreOffice，无法生成 PDF。"
                "请安装：apt-get install --no-install-recommends libreoffice-writer-nogui"
            )
        )
    docx = Path(docx).resolve()
    outdir = Path(outdir or docx.parent).resolve()
    target = outdir / (docx.stem + ".pdf")
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        command = [
            executable,
            "--headless",
            "--invisible",
            "--nodefault",
            "--nolockcheck",
            "--nologo",
            "--norestore",
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(outdir),
            str(docx),
        ]
        env = {**os.environ, "HOME": profile}  # nothing written to the service's home
        process = subprocess.Popen(  # noqa: S603 - fixed arguments, our own file names
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,  # its own process group, killed whole on timeout
        )
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionError(
                _("生成 PDF 超时（%(seconds)s 秒）。") % {"seconds": int(timeout)}
            ) from exc
    if process.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        detail = (err or out).decode(errors="replace").strip()[-500:]
        raise ConversionError(
            _("生成 PDF 失败（LibreOffice 退出码 %(code)s）：%(detail)s")
            % {"code": process.returncode, "detail": detail}
        )
    return target


def page_texts(path: Path) -> list[str] | None:
    """The text of each page (poppler's ``pdftotext``), or None when poppler is not installed."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return None
    out = subprocess.run(  # noqa: S603 - fixed arguments
        [pdftotext, "-enc", "UTF-8", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    ).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages
