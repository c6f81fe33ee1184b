"""Evidence packages: a zip of chosen items' files, ``manifest.json`` (case, items, metadata, both
digests, custody log) and ``signature.json`` (SM2 over the exact bytes of the manifest).

``verify`` needs neither the database nor the platform's settings: another department checks a
package on its own machine with ``liandong evidence verify PACKAGE.zip``.
"""

import json
import zipfile
import zlib
from dataclasses import dataclass, field

from liandong.evidence import signing
from liandong.evidence.storage import DualHasher

FORMAT = "liandong-evidence-package/1"
MANIFEST = "manifest.json"
SIGNATURE = "signature.json"
READ = 4 * 1024 * 1024


@dataclass
class Report:
    signature_ok: bool = False
    key_matches: bool | None = None  # None: no expected key was given
    public_key: str = ""
    altered: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    files_checked: int = 0
    manifest: dict | None = None

    @property
    def ok(self) -> bool:
        return (
            self.signature_ok
            and self.key_matches is not False
            and not (self.altered or self.added or self.removed or self.problems)
        )

    def lines(self) -> list[str]:
        """The report as the command prints it (Chinese, one finding per line)."""
        out = []
        if self.manifest:
            case = self.manifest.get("case", {})
            out.append(f"案件：{case.get('number', '?')} {case.get('title', '')}")
            out.append(f"导出：{self.manifest.get('exported_at', '?')}")
        if self.public_key:
            out.append(f"签名公钥指纹：{signing.fingerprint(self.public_key)}")
        out += [f"错误：{p}" for p in self.problems]
        if self.manifest is not None:
            out.append(
                "签名：有效"
                if self.signature_ok
                else "签名：无效（manifest.json 被改动或签名不符）"
            )
        if self.key_matches is False:
            out.append("公钥：与指定的公钥不一致，该包不是由指定的平台签名")
        out += [f"文件被改动：{name}" for name in self.altered]
        out += [f"文件被删除：{name}" for name in self.removed]
        out += [f"多出文件：{name}" for name in self.added]
        out.append(
            f"结果：通过（{self.files_checked} 个文件与清单一致）" if self.ok else "结果：未通过"
        )
        return out


def _digests(archive: zipfile.ZipFile, name: str):
    hasher = DualHasher()
    with archive.open(name) as f:
        while piece := f.read(READ):
            hasher.update(piece)
    return hasher.result()


def verify(path, expected_public_key: str | None = None) -> Report:
    report = Report()
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        report.problems.append(f"不是有效的 zip 文件：{exc}")
        return report
    with archive:
        names = [info.filename for info in archive.infolist() if not info.is_dir()]
        if MANIFEST not in names:
            report.problems.append(f"缺少 {MANIFEST}")
            return report
        try:
            manifest_bytes = archive.read(MANIFEST)
            manifest = json.loads(manifest_bytes)
            files = manifest["files"]
        except (ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
            report.problems.append(f"{MANIFEST} 被改动或无法解析：{exc}")
            return report
        report.manifest = manifest
        if SIGNATURE not in names:
            report.problems.append(f"缺少 {SIGNATURE}")
        else:
            try:
                sig = json.loads(archive.read(SIGNATURE))
                report.public_key = str(sig["public_key"])
                report.signature_ok = signing.verify(
                    manifest_bytes, str(sig["signature"]), report.public_key
                )
            except (ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
                report.problems.append(f"{SIGNATURE} 被改动或无法解析：{exc}")
        if expected_public_key:
            report.key_matches = expected_public_key.strip().lower() == report.public_key.lower()
        listed = set()
        for entry in files:
            name = entry.get("path", "")
            listed.add(name)
            if name not in names:
                report.removed.append(name)
                continue
            try:
                found = _digests(archive, name)
            except (zipfile.BadZipFile, zlib.error, OSError):  # damaged inside the zip itself
                report.altered.append(name)
                continue
            report.files_checked += 1
            if (found.sm3, found.sha256, found.size) != (
                entry.get("sm3"),
                entry.get("sha256"),
                entry.get("size"),
            ):
                report.altered.append(name)
        report.added = sorted(set(names) - listed - {MANIFEST, SIGNATURE})
    return report
