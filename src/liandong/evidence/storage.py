"""Where evidence files live: content-addressed by SHA-256, written once, never overwritten.

Layout under ``settings.EVIDENCE_ROOT``::

    blobs/ab/cd/abcd…(64 hex)   stored files, read-only
    uploads/<uuid>.part         chunked uploads in progress

Both digests (SM3 for the 国密 requirement, SHA-256 as the address and for tools everyone has) are
computed in one pass over the data. hashlib releases the GIL on large buffers, so SHA-256 runs in a
helper thread while SM3 runs in the caller: one read, both digests, at the speed of the slower one.

``verify`` re-reads a stored file against the digests recorded when it arrived (the integrity
sweep, ``evidence.integrity``, runs it on evidence files and on the files of issued documents).
"""

import hashlib
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

CHUNK = 4 * 1024 * 1024  # bytes read at a time: large enough to release the GIL, small in memory


class Integrity(models.TextChoices):
    """What the last check of a stored file found."""

    UNCHECKED = "unchecked", _("未复核")
    OK = "ok", _("完整")
    MISMATCH = "mismatch", _("内容被改动")
    MISSING = "missing", _("文件缺失")


DAMAGED = (Integrity.MISMATCH, Integrity.MISSING)


@dataclass(frozen=True)
class Digests:
    sm3: str
    sha256: str
    size: int


class DualHasher:
    """SM3 and SHA-256 of the same bytes, fed once."""

    def __init__(self) -> None:
        self._sm3 = hashlib.new("sm3")
        self._sha256 = hashlib.sha256()
        self._size = 0
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sha256")

    def update(self, data) -> None:
        if len(data) < 65536:  # small pieces: a thread hand-off costs more than it saves
            self._sha256.update(data)
            self._sm3.update(data)
        else:
            pending = self._pool.submit(self._sha256.update, data)
            self._sm3.update(data)
            pending.result()
        self._size += len(data)

    def result(self) -> Digests:
        self._pool.shutdown(wait=True)
        return Digests(self._sm3.hexdigest(), self._sha256.hexdigest(), self._size)


def read_chunks(path: Path, chunk: int = CHUNK) -> Iterator[memoryview]:
    """The file in chunks, reusing two buffers (memory stays at 2 × ``chunk``)."""
    buffers = [bytearray(chunk), bytearray(chunk)]
    with open(path, "rb", buffering=0) as f:
        turn = 0
        while True:
            buf = buffers[turn]
            n = f.readinto(buf)
            if not n:
                return
            yield memoryview(buf)[:n]
            turn ^= 1


def digest_file(path: Path) -> Digests:
    hasher = DualHasher()
    for piece in read_chunks(path):
        hasher.update(piece)
    return hasher.result()


def root() -> Path:
    return Path(settings.EVIDENCE_ROOT)


def blob_path(sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256 hex digest")
    return root() / "blobs" / sha256[:2] / sha256[2:4] / sha256


def upload_path(upload_id) -> Path:
    return root() / "uploads" / f"{upload_id}.part"


def store(source: Path, sha256: str) -> Path:
    """Move ``source`` (whose SHA-256 the caller computed) to its address. A file already there
    is never replaced: the same content was stored before, and ``source`` is dropped."""
    target = blob_path(sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)  # fails if the target exists: no overwrite, even in a race
    except FileExistsError:
        pass
    else:
        target.chmod(0o440)
    source.unlink(missing_ok=True)
    return target


def open_blob(sha256: str):
    return open(blob_path(sha256), "rb")


def verify(sha256: str, sm3: str, size: int) -> tuple[Integrity, str]:
    """Whether the file stored at ``sha256`` still has the digests and size recorded for it, and
    if not, what was found instead."""
    path = blob_path(sha256)
    if not path.exists():
        return Integrity.MISSING, f"{path} 不存在"
    found = digest_file(path)
    if (found.sm3, found.sha256, found.size) != (sm3, sha256, size):
        return Integrity.MISMATCH, f"SM3 {found.sm3}（应为 {sm3}），{found.size} 字节"
    return Integrity.OK, ""
