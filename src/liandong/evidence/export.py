"""Building an evidence package (see ``package`` for its layout and the offline check)."""

import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.core.validation import refuse
from liandong.evidence import custody, package, signing, storage
from liandong.evidence.models import EvidenceItem, Integrity

BAD = (Integrity.MISMATCH, Integrity.MISSING)


def public_key() -> str:
    return signing.public_key_for(settings.SM2_KEY_HEX)


def _member_name(item: EvidenceItem) -> str:
    return f"files/{item.sequence:03d}-{item.filename}"


def manifest_for(case, items: list[EvidenceItem], exported_by) -> dict:
    files, entries = [], []
    for item in items:
        entry = {
            "label": str(item.label),
            "sequence": item.sequence,
            "title": item.title,
            "kind": item.kind,
            "kind_name": item.get_kind_display(),
            "collectors": item.collectors,
            "collected_at": item.collected_at.isoformat(),
            "place": item.place,
            "method": item.get_method_display(),
            "source": item.source,
            "description": item.description,
            "provided_by": item.provided_by.name,
            "supersedes": item.supersedes.sequence if item.supersedes_id else None,
            "recognitions": [
                {
                    "department": r.department.name,
                    "accepted": r.accepted,
                    "opinion": r.opinion,
                    "at": r.recorded_at.isoformat(),
                }
                for r in item.recognitions.select_related("department")
            ],
            "custody": custody.as_manifest(item),
            "file": None,
        }
        if item.blob_id:
            name = _member_name(item)
            entry["file"] = name
            files.append(
                {
                    "path": name,
                    "size": item.blob.size,
                    "sm3": item.blob.sm3,
                    "sha256": item.blob.sha256,
                    "mime": item.blob.mime,
                }
            )
        entries.append(entry)
    return {
        "format": package.FORMAT,
        "case": {
            "number": case.number,
            "title": case.title,
            "department": case.department.name,
            "jurisdiction": case.department.jurisdiction.name,
        },
        "exported_at": timezone.now().isoformat(),
        "exported_by": {"name": exported_by.full_name, "department": exported_by.department.name},
        "items": entries,
        "files": files,
        "signature": {
            "algorithm": "SM2 (GB/T 32918) with SM3",
            "uid": signing.DEFAULT_UID.decode(),
            "public_key": public_key(),
            "fingerprint": signing.fingerprint(public_key()),
        },
    }


def build(case, items: list[EvidenceItem], exported_by) -> Path:
    """Write the package to a temporary file and return its path (the caller removes it).
    Files are stored uncompressed (evidence is mostly compressed already) with ZIP64, copied in
    pieces: memory does not grow with their size."""
    manifest = manifest_for(case, items, exported_by)
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
    signature = {
        "algorithm": manifest["signature"]["algorithm"],
        "uid": manifest["signature"]["uid"],
        "public_key": manifest["signature"]["public_key"],
        "signature": signing.sign(manifest_bytes, settings.SM2_KEY_HEX),
    }
    scratch = storage.root() / "exports"
    scratch.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=scratch, suffix=".zip")
    os.close(fd)
    try:
        with zipfile.ZipFile(name, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
            zf.writestr(package.MANIFEST, manifest_bytes)
            zf.writestr(package.SIGNATURE, json.dumps(signature, indent=2))
            for item in items:
                if not item.blob_id:
                    continue
                with (
                    storage.open_blob(item.blob.sha256) as src,
                    zf.open(_member_name(item), "w", force_zip64=item.blob.size > 2**31) as dst,
                ):
                    shutil.copyfileobj(src, dst, storage.CHUNK)
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def deliver(case, item_ids, user):
    """Export the chosen items of ``case`` as a package for ``user``: checked, built, its custody
    recorded. Returns an open handle to the zip (already unlinked: it vanishes when closed)."""
    from liandong.core import policy
    from liandong.evidence import actions

    policy.require(user, "evidence.package.export", case)
    items = list(
        EvidenceItem.objects.visible_to(user)
        .filter(case=case, pk__in=item_ids)
        .select_related("blob", "provided_by", "supersedes")
        .order_by("sequence")
    )
    if not items:
        raise refuse("items", _("请先勾选要导出的证据。"), "required")
    missing = sorted(set(map(int, item_ids)) - {i.pk for i in items})
    if missing:
        raise refuse(
            "items",
            _("以下证据不属于该案件或无权查看：%(ids)s") % {"ids": missing},
            "unknown_items",
        )
    bad = [str(i.label) for i in items if i.blob and i.blob.integrity in BAD]
    if bad:
        raise refuse(
            "items",
            _("以下证据未通过完整性校验，不能导出：%(items)s") % {"items": "、".join(bad)},
            "integrity",
        )
    path = build(case, items, user)
    try:
        actions.record_export(
            case, items=items, package_sm3=storage.digest_file(path).sm3, acting_user=user
        )
        return open(path, "rb")
    finally:
        path.unlink(missing_ok=True)
