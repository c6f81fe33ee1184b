"""Files and items the evidence tests share."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from liandong.cases import actions as cases
from liandong.evidence import actions

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 40
TEXT = "询问笔录：问：投标文件由谁编制？答：由商务部员工编制。\n".encode()
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    + b"\x00" * 48
    + b"PE\x00\x00"
    + b"\x00" * 200
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


def fields(**overrides) -> dict:
    data = {
        "title": "开标记录表",
        "kind": "documentary",
        "collectors": "陈志远、林晓梅",
        "collected_at": timezone.now() - dt.timedelta(days=1),
        "place": "泉州市公共资源交易中心",
        "method": "obtained",
        "source": "福建某招标代理有限公司",
        "description": "证明各投标人报价呈规律性差异。",
    }
    data.update(overrides)
    return data


def filed_case(cast):
    """A FIN case handled by fin_officer and fin_officer2."""
    case = cases.register_case(
        cast.fin,
        title="某中学实验室设备采购项目涉嫌串通投标",
        source="screening",
        acting_user=cast.fin_officer,
    )
    cases.assign_officers(
        case, officers=[cast.fin_officer, cast.fin_officer2], acting_user=cast.fin_head
    )
    return case


def sealed(user, name="开标记录.pdf", data=PDF):
    return actions.upload_file(ContentFile(data, name=name), acting_user=user)


def item(cast, case=None, data=PDF, name="开标记录.pdf", **overrides):
    case = case or filed_case(cast)
    upload = sealed(cast.fin_officer, name, data)
    return actions.add_item(
        case, upload_id=upload.pk, acting_user=cast.fin_officer, **fields(**overrides)
    )
