"""Demo evidence on the collusion case of 鲤城区财政局: items of several types, a correction,
the evidence shared with the police and recognised by them, an attachment. Idempotent."""

import datetime as dt
import struct
import zlib

from django.core.files.base import ContentFile
from django.utils import timezone

from liandong.cases import actions as cases
from liandong.cases.models import Case
from liandong.evidence import actions
from liandong.evidence.models import EvidenceItem
from liandong.organizations.models import Department, User


def _pdf(text: str) -> bytes:
    """A one-page PDF (ASCII text; enough to open in any reader)."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


one_page_pdf = _pdf  # for the other apps' demo material


def _png(width: int = 64, height: int = 48) -> bytes:
    """A small grey photograph stand-in."""
    raw = b"".join(
        b"\x00" + bytes([(x * 3 + y * 2) % 256 for x in range(width)]) for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _file(name: str, data: bytes) -> ContentFile:
    return ContentFile(data, name=name)


def load(say) -> None:
    case = Case.objects.filter(
        department__jurisdiction__code="350502", title="某中学实验室设备采购项目涉嫌串通投标"
    ).first()
    if case is None:
        return
    if not EvidenceItem.objects.filter(case=case).exists():
        _make(case)
    count = EvidenceItem.objects.filter(case=case).count()
    say(f"演示证据：{count} 件（含更正版本、公安互认意见）。")


def _add(case, officer, name: str, data: bytes, **fields):
    upload = actions.upload_file(_file(name, data), acting_user=officer)
    return actions.add_item(case, upload_id=upload.pk, acting_user=officer, **fields)


def _make(case) -> None:
    one = User.objects.get(username="fin_officer1")
    head = User.objects.get(username="fin_head")
    psb = Department.objects.get(jurisdiction__code="350502", kind="PSB")
    police = User.objects.get(username="psb_officer1")
    now = timezone.now()
    common = {"collectors": "、".join(o.full_name for o in case.officers.order_by("pk"))}
    machine_codes = (
        "投标人,文件制作机器码,上传IP\n"
        "泉州某某科技有限公司,7C3F-A1B2-0098,10.12.3.45\n"
        "福建某某实验设备有限公司,7C3F-A1B2-0098,10.12.3.45\n"
        "厦门某某仪器有限公司,5D21-99E0-1F3A,10.16.8.201\n"
    ).encode()
    codes = _add(
        case,
        one,
        "投标文件机器码比对.csv",
        machine_codes,
        title="投标文件制作机器码和上传IP比对表",
        kind="electronic",
        collected_at=now - dt.timedelta(days=6, hours=3),
        place="泉州市公共资源交易中心",
        method="electronic",
        source="泉州市公共资源交易中心电子招投标系统",
        description="证明两家投标人的投标文件由同一台计算机制作、从同一IP上传。",
        **common,
    )
    _add(
        case,
        one,
        "开标记录.pdf",
        _pdf("Bid opening record QZLC-2026-0318"),
        title="开标记录表",
        kind="documentary",
        collected_at=now - dt.timedelta(days=6, hours=2),
        place="泉州市公共资源交易中心",
        method="obtained",
        source="福建某招标代理有限公司",
        description="证明各投标人报价呈规律性差异。",
        **common,
    )
    _add(
        case,
        one,
        "现场照片.png",
        _png(),
        title="代理机构档案室现场照片",
        kind="audiovisual",
        collected_at=now - dt.timedelta(days=4),
        place="福建某招标代理有限公司档案室",
        method="photo_video",
        source="执法人员现场拍摄",
        **common,
    )
    statement = (
        "询问笔录\n问：你公司的投标文件由谁编制？\n答：由公司商务部员工编制，具体情况我不清楚。\n"
    ).encode()
    _add(
        case,
        one,
        "询问笔录-泉州某某科技.txt",
        statement,
        title="对泉州某某科技有限公司法定代表人的询问笔录",
        kind="party_statement",
        collected_at=now - dt.timedelta(days=3),
        place="泉州市鲤城区财政局询问室",
        method="inquiry",
        source="当事人陈述",
        **common,
    )
    corrected = machine_codes + "（比对时间：2026年开标当日系统日志）\n".encode()
    upload = actions.upload_file(_file("投标文件机器码比对-更正.csv", corrected), acting_user=one)
    actions.supersede_item(
        codes,
        reason="补充比对所依据的系统日志时间",
        upload_id=upload.pk,
        acting_user=one,
        title=codes.title,
        kind=codes.kind,
        collectors=codes.collectors,
        collected_at=codes.collected_at,
        place=codes.place,
        method=codes.method,
        source=codes.source,
        description=codes.description,
    )
    cases.share_case(
        case, department=psb, part="evidence", note="请公安机关提前介入，审查证据", acting_user=head
    )
    opening = EvidenceItem.objects.get(case=case, title="开标记录表")
    actions.recognise(
        opening,
        accepted=True,
        opinion="来源合法，与交易中心存档一致，可作为刑事立案审查的证据使用。",
        acting_user=police,
    )
    approval = actions.upload_file(
        _file("立案审批表.pdf", _pdf("Case filing approval")), acting_user=one
    )
    actions.add_attachment(case, title="立案审批表", upload_id=approval.pk, acting_user=one)
