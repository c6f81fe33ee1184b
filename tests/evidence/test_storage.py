"""Both digests in one pass; content-addressed files are never overwritten; types by content."""

import hashlib
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liandong.evidence import sniff, storage
from tests.evidence.support import ELF, EXE, PDF, PNG, TEXT


@given(st.lists(st.binary(max_size=200_000), max_size=6))
def test_the_dual_hasher_agrees_with_hashlib(pieces):
    hasher = storage.DualHasher()
    for piece in pieces:
        hasher.update(piece)
    whole = b"".join(pieces)
    found = hasher.result()
    assert found.sm3 == hashlib.new("sm3", whole).hexdigest()
    assert found.sha256 == hashlib.sha256(whole).hexdigest()
    assert found.size == len(whole)


def test_a_file_is_hashed_in_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(storage, "CHUNK", 1000)
    data = os.urandom(10_500)
    path = tmp_path / "f"
    path.write_bytes(data)
    found = storage.digest_file(path)
    assert found.sm3 == hashlib.new("sm3", data).hexdigest() and found.size == 10_500


def test_a_stored_file_is_never_overwritten(settings, tmp_path):
    first = tmp_path / "a"
    first.write_bytes(b"original")
    address = hashlib.sha256(b"original").hexdigest()
    target = storage.store(first, address)
    assert target.read_bytes() == b"original" and not first.exists()
    # Something claiming the same address with other bytes leaves the stored file alone.
    impostor = tmp_path / "b"
    impostor.write_bytes(b"something else")
    storage.store(impostor, address)
    assert target.read_bytes() == b"original"
    assert oct(target.stat().st_mode & 0o777) == "0o440"


def test_addresses_must_be_digests():
    with pytest.raises(ValueError):
        storage.blob_path("../../etc/passwd")


@pytest.mark.parametrize(
    ("sample", "mime"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (TEXT, "text/plain"),
        ("报价单".encode("gb18030"), "text/plain"),
    ],
)
def test_allowed_types_are_recognised_by_content(sample, mime):
    assert sniff.content_type(sample) == mime


@pytest.mark.parametrize(
    ("sample", "words"),
    [
        (EXE, "application/x-msdownload"),
        (ELF, "application/x-executable"),
        (b"#!/bin/sh\nrm -rf /\n", "脚本"),
        (b"\x00\x01\x02\x03" * 50, "无法识别"),
        (b"", "文件为空"),
    ],
)
def test_programs_and_unknown_binaries_are_refused(sample, words):
    with pytest.raises(sniff.Refused, match=words):
        sniff.content_type(sample)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("../etc/passwd", "路径分隔符"),
        ("证据\\a.pdf", "路径分隔符"),
        ("a\x00.pdf", "控制字符"),
        ("报价\n单.pdf", "控制字符"),
        ("invoice\u202efdp.exe", "控制字符"),  # right-to-left override hides the real extension
        ("..", "开头"),
        ("", "文件名"),
        ("长" * 201, "200"),
    ],
)
def test_bad_filenames_are_refused(name, words):
    with pytest.raises(sniff.Refused, match=words):
        sniff.check_filename(name)


def test_a_good_filename_is_kept():
    assert sniff.check_filename(" 开标记录（2026）.pdf ") == "开标记录（2026）.pdf"
