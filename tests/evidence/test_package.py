"""Evidence packages: signed manifests that another department verifies offline, naming whatever
was altered, added or removed."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.test import Client

from liandong.cases import actions as cases
from liandong.evidence import export, package, signing
from tests.evidence.support import PNG, TEXT, item

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def exported(cast, tmp_path):
    """A package of three items of one case (one of them a physical item without a file)."""
    first = item(cast)
    second = item(cast, case=first.case, data=PNG, name="现场照片.png", title="现场照片")
    third = item(cast, case=first.case, data=TEXT, name="询问笔录.txt", title="询问笔录")
    cases.share_case(first.case, department=cast.psb, part="evidence", acting_user=cast.fin_head)
    client = Client()
    client.force_login(cast.fin_officer)
    response = client.post(
        f"/api/v1/cases/{first.case.pk}/evidence/package",
        {"items": [first.pk, second.pk, third.pk]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content[:500]
    path = tmp_path / "package.zip"
    path.write_bytes(b"".join(response.streaming_content))
    return path


def _rewrite(source: Path, target: Path, change) -> Path:
    """Copy a zip entry by entry, letting ``change(name, data)`` return new bytes or None (drop)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info.filename, data)
    return target


def _flip(data: bytes, at: int = 0) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def test_an_untouched_package_verifies(exported, settings):
    report = package.verify(exported, export.public_key())
    assert report.ok, report.lines()
    assert report.files_checked == 3 and report.key_matches is True
    manifest = json.loads(zipfile.ZipFile(exported).read("manifest.json"))
    first = manifest["items"][0]
    assert manifest["case"]["number"].startswith("泉鲤政财案〔")
    assert {"sm3", "sha256", "size"} <= set(manifest["files"][0])
    assert [e["event"] for e in first["custody"]][:2] == ["收集", "登记上传"]
    assert "随案件共享" in [e["event"] for e in first["custody"]]
    assert manifest["signature"]["fingerprint"] == signing.fingerprint(export.public_key())


def test_one_changed_byte_in_a_file_is_named(exported, tmp_path):
    target = "files/002-现场照片.png"
    changed = _rewrite(
        exported,
        tmp_path / "changed.zip",
        lambda name, data: _flip(data, 20) if name == target else data,
    )
    report = package.verify(changed)
    assert not report.ok and report.altered == [target] and report.signature_ok
    assert f"文件被改动：{target}" in report.lines()


def test_one_changed_byte_in_the_manifest_breaks_the_signature(exported, tmp_path):
    def change(name, data):
        if name != "manifest.json":
            return data
        return data.replace("陈志远".encode(), "陈志达".encode(), 1)

    report = package.verify(_rewrite(exported, tmp_path / "m.zip", change))
    assert not report.ok and not report.signature_ok and not report.altered
    assert "签名：无效（manifest.json 被改动或签名不符）" in report.lines()


def test_a_changed_digest_in_the_manifest_is_caught_by_the_signature(exported, tmp_path):
    """Someone alters a file and puts its new digest in the manifest: the signature fails."""

    def change(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["files"][0]["sm3"] = "0" * 64
            return json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        return data

    report = package.verify(_rewrite(exported, tmp_path / "d.zip", change))
    assert not report.signature_ok and report.altered == ["files/001-开标记录.pdf"]


def test_added_and_removed_files_are_named(exported, tmp_path):
    def change(name, data):
        return None if name == "files/003-询问笔录.txt" else data

    removed = _rewrite(exported, tmp_path / "r.zip", change)
    with zipfile.ZipFile(removed, "a") as zf:
        zf.writestr("files/004-补充.txt", b"added later")
    report = package.verify(removed)
    assert report.removed == ["files/003-询问笔录.txt"]
    assert report.added == ["files/004-补充.txt"]
    assert not report.ok


def test_a_raw_byte_flipped_inside_the_zip_is_named(exported, tmp_path):
    data = exported.read_bytes()
    at = data.index(PNG[:16]) + 30  # inside the stored (uncompressed) photo
    damaged = tmp_path / "raw.zip"
    damaged.write_bytes(_flip(data, at))
    report = package.verify(damaged)
    assert report.altered == ["files/002-现场照片.png"]


def test_a_package_signed_by_another_key_is_refused_when_the_key_is_given(exported):
    other = signing.public_key_for("11" * 32)
    report = package.verify(exported, other)
    assert report.signature_ok and report.key_matches is False and not report.ok


def test_not_a_zip(tmp_path):
    path = tmp_path / "x.zip"
    path.write_bytes(b"not a zip")
    assert "不是有效的 zip 文件" in package.verify(path).lines()[0]


def _offline(*args, tmp_path):
    """`liandong evidence verify` as another department runs it: no database reachable, an
    empty data folder, no keys of ours."""
    env = {
        **os.environ,
        "LIANDONG_VAR_DIR": str(tmp_path / "elsewhere"),
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none",
        "LIANDONG_SM4_KEY": "00" * 16,
    }
    env.pop("LIANDONG_SM2_KEY", None)
    return subprocess.run(
        [sys.executable, "-m", "liandong.cli", "evidence", "verify", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def test_the_command_verifies_offline_and_fails_naming_the_file(exported, tmp_path):
    good = _offline(exported, "--public-key", export.public_key(), tmp_path=tmp_path)
    assert good.returncode == 0, good.stderr
    assert "结果：通过（3 个文件与清单一致）" in good.stdout
    changed = _rewrite(
        exported,
        tmp_path / "changed.zip",
        lambda name, data: _flip(data) if name == "files/001-开标记录.pdf" else data,
    )
    bad = _offline(changed, tmp_path=tmp_path)
    assert bad.returncode == 1
    assert "文件被改动：files/001-开标记录.pdf" in bad.stdout and "结果：未通过" in bad.stdout


def test_signatures_have_a_fixed_width_whatever_r_and_s(monkeypatch):
    """r or s below 2**248 (one signature in 128) once came out short and failed to verify."""
    import gmalg

    real = gmalg.SM2.sign
    monkeypatch.setattr(gmalg.SM2, "sign", lambda self, m: (b"\x01" * 31, real(self, m)[1]))
    signature = bytes.fromhex(signing.sign(b"manifest", "22" * 32))
    assert len(signature) == 64 and signature[:32] == b"\x00" + b"\x01" * 31
