"""What a file is, from its first bytes (never from its name), and whether evidence may be one.

Evidence comes as scans, photos, recordings, office documents, PDFs, archives of electronic data
(including SQLite chat databases) and plain text. Programs are refused: an evidence store must not
hand an executable to the next officer who opens an item.
"""

import codecs
import unicodedata

import filetype
from django.utils.translation import gettext as _

SAMPLE = 8192

ALLOWED_PREFIXES = ("image/", "audio/", "video/")
ALLOWED = {
    "application/pdf",
    "application/rtf",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "application/zip",  # also OFD (GB/T 33190) e-documents and invoices
    "application/x-rar-compressed",
    "application/x-7z-compressed",
    "application/gzip",
    "application/x-tar",
    "application/x-sqlite3",
    "application/dicom",
    "text/plain",
}
TEXT = "text/plain"


class Refused(ValueError):
    """The content is of a type evidence may not be; the message says which."""


def _is_text(sample: bytes) -> bool:
    if b"\x00" in sample:
        return False
    for encoding in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        return True
    return False


def content_type(sample: bytes) -> str:
    """The MIME type evidence is stored under, or ``Refused``."""
    if not sample:
        raise Refused(_("文件为空。"))
    kind = filetype.guess(sample)
    if kind is None:
        if sample.startswith(b"#!"):
            raise Refused(_("不接受脚本文件（按文件内容识别）。"))
        if _is_text(sample):
            return TEXT
        raise Refused(_("无法识别的文件类型（按文件内容识别），不能作为证据文件上传。"))
    if kind.mime in ALLOWED or kind.mime.startswith(ALLOWED_PREFIXES):
        return kind.mime
    raise Refused(_("不接受此类文件：按文件内容识别为 %(mime)s。") % {"mime": kind.mime})


def check_filename(name: str) -> str:
    """A file name as typed by the uploader, refused if it could mean a path or hide text."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise Refused(_("请提供文件名。"))
    if "/" in name or "\\" in name:
        raise Refused(_("文件名不能包含路径分隔符（/ 或 \\）。"))
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in name):
        raise Refused(_("文件名不能包含控制字符。"))
    if name in (".", "..") or name.startswith("."):
        raise Refused(_("文件名不能以“.”开头。"))
    if len(name) > 200:
        raise Refused(_("文件名不能超过 200 个字符。"))
    return name
