"""Demo bulletins of 鲤城区, made through the actions: one of every category — FIN's inspection
report (with its list of problems attached), a case report to PSB and SAMR, a policy digest,
SAMR's warning about counterfeit laboratory equipment, DRC's problem report on late credit
information, AUD's audit findings to FIN — some read by some people, and replies.

Each bulletin, read and reply is made only when missing, so running the demo again changes
nothing and prints the same line."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from liandong.evidence import actions as evidence
from liandong.notifications import receipts
from liandong.notifications.models import Receipt
from liandong.organizations.models import Department, User
from liandong.sharing import actions
from liandong.sharing.models import Bulletin, BulletinReply

CODE = "350502"


@dataclass(frozen=True)
class Sample:
    author: str
    category: str
    title: str
    body: str
    to: tuple[str, ...] = ()  # department kinds; empty: all members
    file: tuple[str, str] | None = None  # name, text
    read_by: tuple[str, ...] = ()
    replies: tuple[tuple[str, str], ...] = ()


INSPECTION_LIST = """2025年度政府采购监督检查发现问题清单（摘要）
1. 采购需求未经需求调查或调查流于形式：9个项目
2. 评审因素与采购需求不相关或未细化量化：6个项目
3. 政府采购合同未在签订之日起2个工作日内公告：14个项目
4. 履约验收未邀请参加本项目的其他供应商或第三方机构参与：5个项目
5. 代理机构未按规定保存采购文件：3家代理机构
"""

POLICY_DIGEST = """政府采购领域串通投标认定要点
一、《中华人民共和国政府采购法实施条例》第七十四条：供应商与采购人、采购代理机构或者供应商之间恶意串通的情形。
二、《政府采购货物和服务招标投标管理办法》（财政部令第87号）第三十七条：视为投标人串通投标的情形，如不同投标人的投标文件由同一单位或者个人编制、不同投标人的投标保证金从同一单位或者个人的账户转出等。
三、《政府采购质疑和投诉办法》（财政部令第94号）：投诉处理中发现涉嫌违法行为的，依法调查处理。
"""

SAMPLES = [
    Sample(
        author="fin_liaison",
        category="work",
        title="区财政局2025年度政府采购监督检查情况通报",
        body=(
            "2025年，区财政局对全区62家预算单位的政府采购活动开展了监督检查，抽查采购项目"
            "118个，涉及金额2.36亿元。\n"
            "检查发现的主要问题：一是部分采购人未按规定开展需求调查，采购需求编制不规范；二是个别"
            "项目评审因素设置与采购需求不相关；三是部分政府采购合同未在签订之日起2个工作日内公告。"
            "对发现的问题已责令整改，对3家代理机构作出警告处理。\n"
            "请各成员单位结合职责，对检查中发现的涉嫌违法违规线索加强协作，问题清单见附件。"
        ),
        file=("2025年度政府采购监督检查问题清单.txt", INSPECTION_LIST),
        read_by=("drc_liaison", "aud_liaison", "samr_liaison", "psb_officer1"),
    ),
    Sample(
        author="fin_officer1",
        category="case",
        title="某中学实验室设备采购项目涉嫌串通投标案件查处进展",
        body=(
            "我局在处理某中学实验室设备采购项目投诉时发现，三家投标供应商的投标文件由同一台"
            "电脑编制（文件创建者和机器码一致），投标保证金从同一账户转出，涉嫌串通投标。"
            "目前已立案调查，已调取公共资源交易中心的开评标资料。\n"
            "该案可能达到串通投标罪的立案追诉标准，且中标设备的质量存疑，特向区公安分局、"
            "区市场监管局通报，请予关注，必要时提前介入。"
        ),
        to=("PSB", "SAMR"),
        read_by=("psb_liaison", "samr_liaison"),
        replies=(
            (
                "psb_liaison",
                "已收悉。我局经侦大队将派员了解案情，请贵局将投标文件电子数据和保证金转账凭证"
                "一并固定，便于后续审查是否达到立案追诉标准。",
            ),
        ),
    ),
    Sample(
        author="fin_liaison",
        category="policy",
        title="政府采购领域串通投标认定相关规定学习材料",
        body=(
            "为统一执法尺度，现将政府采购领域串通投标认定的相关规定整理印发，供各成员单位学习"
            "参考：《中华人民共和国政府采购法实施条例》第七十四条、《政府采购货物和服务招标投标"
            "管理办法》（财政部令第87号）第三十七条、《政府采购质疑和投诉办法》（财政部令第94号）"
            "的有关条款。要点见附件。"
        ),
        file=("串通投标认定要点.txt", POLICY_DIGEST),
        read_by=("psb_liaison",),
    ),
    Sample(
        author="samr_liaison",
        category="warning",
        title="关于政府采购中标产品疑似冒用厂名厂址的预警",
        body=(
            "近期我局在产品质量监督抽查中发现，部分学校采购的实验室通风柜、试剂柜标注的生产"
            "企业与实际生产企业不一致，存在冒用他人厂名厂址的情况，涉及本区2所中小学。\n"
            "请区财政局在履约验收环节督促采购人核对产品合格证明和生产企业信息；各单位发现疑似"
            "假冒伪劣产品的，请及时移交我局检验检测。"
        ),
        read_by=("fin_liaison", "fin_head", "psb_liaison"),
    ),
    Sample(
        author="drc_liaison",
        category="problem",
        title="政府采购领域行政处罚信用信息报送不及时的问题反映",
        body=(
            "按照“双公示”工作要求，行政处罚信息应自作出决定之日起7个工作日内报送信用平台。"
            "今年以来，我局发现政府采购领域部分行政处罚决定报送滞后，个别信息缺少统一社会信用"
            "代码或处罚依据，影响“信用中国”网站公示和失信联合惩戒。\n"
            "建议：一是作出处罚决定的部门指定专人报送；二是报送前核对统一社会信用代码校验位；"
            "三是每月末由我局汇总核对一次。请各成员单位反馈意见。"
        ),
        read_by=("fin_liaison", "fin_head", "aud_liaison"),
        replies=(
            (
                "fin_liaison",
                "区财政局赞同上述建议。我局已指定政府采购监管股专人负责行政处罚信用信息报送，"
                "今后在处罚决定作出后5个工作日内报送，报送前核对统一社会信用代码。",
            ),
        ),
    ),
    Sample(
        author="aud_liaison",
        category="work",
        title="2025年度预算执行审计发现的政府采购问题线索",
        body=(
            "我局在2025年度部分街道和部门预算执行审计中，发现政府采购方面问题5个：化整为零"
            "规避公开招标1个，供应商提供虚假社保缴纳证明1个，未按合同约定组织履约验收3个。"
            "涉嫌违法的线索已按规定移送区财政局，其余问题已督促被审计单位整改。"
        ),
        to=("FIN",),
        read_by=("fin_liaison",),
    ),
]


def _user(name: str) -> User:
    return User.objects.get(username=name)


def _bulletin(sample: Sample, departments: dict) -> Bulletin:
    author = _user(sample.author)
    made = Bulletin.objects.filter(department=author.department, title=sample.title).first()
    if made is not None:
        return made
    uploads = []
    if sample.file:
        name, text = sample.file
        uploads.append(
            evidence.upload_file(ContentFile(text.encode(), name=name), acting_user=author).pk
        )
    return actions.publish(
        category=sample.category,
        title=sample.title,
        body=sample.body,
        to_all=not sample.to,
        audience=[departments[kind] for kind in sample.to],
        upload_ids=uploads,
        acting_user=author,
    )


def load(say) -> None:
    departments = {
        d.kind: d for d in Department.objects.filter(jurisdiction__code=CODE, is_member=True)
    }
    if len(departments) < 5:
        return
    made = []
    for sample in SAMPLES:
        bulletin = _bulletin(sample, departments)
        for reader in sample.read_by:
            receipts.mark_read(bulletin, acting_user=_user(reader))  # once; later runs: no-op
        for who, text in sample.replies:
            person = _user(who)
            if not BulletinReply.objects.filter(bulletin=bulletin, author=person).exists():
                actions.reply(bulletin, text=text, acting_user=person)
        made.append(bulletin)
    delivered = Receipt.objects.filter(
        content_type=ContentType.objects.get_for_model(Bulletin),
        object_id__in=[str(b.pk) for b in made],
    )
    read = delivered.filter(read_at__isnull=False).count()
    replies = BulletinReply.objects.filter(bulletin__in=made).count()
    say(
        f"演示信息通报：{len(made)} 条（五类齐全，含区发改局的问题反映和区市场监管局的预警），"
        f"阅读回执 {delivered.count()} 份、已读 {read} 份，回复 {replies} 条。"
    )
