"""The violation types a case can name, each with its legal basis (RULES.md §4, §5)."""

from dataclasses import dataclass

PROCUREMENT_LAW = "《中华人民共和国政府采购法》"
REGULATIONS = "《中华人民共和国政府采购法实施条例》"
BIDDING_REGULATIONS = "《中华人民共和国招标投标法实施条例》"


@dataclass(frozen=True)
class SeedViolation:
    code: str
    name: str
    basis: str
    penalty_rule: str = ""  # the calculator's rule (cases.penalties.RULES), if one applies


SEED = [
    SeedViolation(
        "collusion.obtain_information",
        "恶意串通：从采购人、采购代理机构获取其他供应商信息并修改投标文件",
        f"{REGULATIONS}第七十四条第（一）项；{PROCUREMENT_LAW}第七十七条第一款第（三）项",
        "procurement_law_77",
    ),
    SeedViolation(
        "collusion.hinted_change",
        "恶意串通：按照采购人、采购代理机构的授意撤换、修改投标文件",
        f"{REGULATIONS}第七十四条第（二）项；{PROCUREMENT_LAW}第七十七条第一款第（三）项",
        "procurement_law_77",
    ),
    SeedViolation(
        "collusion.agree_substance",
        "恶意串通：供应商之间协商报价、技术方案等投标文件实质性内容",
        f"{REGULATIONS}第七十四条第（三）项；{PROCUREMENT_LAW}第七十七条第一款第（三）项",
        "procurement_law_77",
    ),
    SeedViolation(
        "collusion.group_members",
        "恶意串通：属于同一集团、协会、商会等组织成员的供应商按照该组织要求协同投标",
        f"{REGULATIONS}第七十四条第（四）项；{PROCUREMENT_LAW}第七十七条第一款第（三）项",
        "procurement_law_77",
    ),
    SeedViolation(
        "collusion.agree_winner",
        "恶意串通：供应商之间事先约定由某一特定供应商中标、成交",
        f"{REGULATIONS}第七十四条第（五）项；{PROCUREMENT_LAW}第七十七条第一款第（三）项",
        "procurement_law_77",
    ),
    SeedViolation(
        "collusion.agree_withdraw",
        "恶意串通：供应商之间商定部分供应商放弃参加政府采购活动或者放弃中标、成交",
        f"{REGULATIONS}第七十四条第（六）项；{PROCUREMENT_LAW}第七十七条第一款第（三）项",
        "procurement_law_77",
    ),
    SeedViolation(
        "collusion.other",
        "恶意串通：供应商与采购人或者采购代理机构之间、供应商相互之间的其他串通行为",
        f"{REGULATIONS}第七十四条第（七）项；{PROCUREMENT_LAW}第七十七条第一款第（三）项",
        "procurement_law_77",
    ),
    SeedViolation(
        "bidding.deemed_collusion",
        "视为串通投标（文件由同一单位或个人编制、同一人办理投标事宜、项目管理成员为同一人、"
        "文件异常一致或报价呈规律性差异、文件相互混装、保证金从同一账户转出）",
        f"{BIDDING_REGULATIONS}第四十条；《中华人民共和国招标投标法》第五十三条",
        "bidding_law_53",
    ),
    SeedViolation(
        "bidding.tenderer_collusion",
        "招标人与投标人串通投标",
        f"{BIDDING_REGULATIONS}第四十一条；《中华人民共和国招标投标法》第五十三条",
        "bidding_law_53",
    ),
    SeedViolation(
        "supplier.false_material",
        "提供虚假材料谋取中标、成交",
        f"{PROCUREMENT_LAW}第七十七条第一款第（一）项",
        "procurement_law_77",
    ),
    SeedViolation(
        "supplier.bribery",
        "向采购人、采购代理机构行贿或者提供其他不正当利益",
        f"{PROCUREMENT_LAW}第七十七条第一款第（四）项",
        "procurement_law_77",
    ),
    SeedViolation(
        "supplier.refuse_inspection",
        "拒绝有关部门监督检查或者提供虚假情况",
        f"{PROCUREMENT_LAW}第七十七条第一款第（六）项",
        "procurement_law_77",
    ),
    *(
        SeedViolation(
            f"supplier.{code}",
            name,
            f"{REGULATIONS}第七十二条第一款第（{item}）项；{PROCUREMENT_LAW}第七十七条第一款",
            "regulations_72",
        )
        for code, item, name in (
            (
                "evaluator_bribery",
                "一",
                "向评标委员会、竞争性谈判小组或者询价小组成员行贿或者提供其他不正当利益"
                "（中标、成交无效）",
            ),
            ("refuse_contract", "二", "中标或者成交后无正当理由拒不与采购人签订政府采购合同"),
            ("contract_terms", "三", "未按照采购文件确定的事项签订政府采购合同"),
            ("subcontract", "四", "将政府采购合同转包"),
            ("counterfeit", "五", "提供假冒伪劣产品"),
            ("contract_change", "六", "擅自变更、中止或者终止政府采购合同"),
        )
    ),
    SeedViolation(
        "supplier.qualification_change",
        "评审阶段资格发生变化，未依照实施条例第二十一条通知采购人和采购代理机构",
        f"{REGULATIONS}第七十二条第二款",
        "regulations_72_2",
    ),
    SeedViolation(
        "complaint.false",
        "捏造事实、提供虚假材料或者以非法手段取得证明材料进行投诉",
        f"{REGULATIONS}第七十三条",
        "regulations_73",
    ),
    SeedViolation(
        "purchaser.collusion",
        "采购人、采购代理机构与供应商或者采购代理机构恶意串通",
        f"{PROCUREMENT_LAW}第七十二条",
    ),
    SeedViolation(
        "expert.misconduct",
        "评审专家未按照采购文件规定的评审程序、评审方法和评审标准进行独立评审或者泄露评审文件、"
        "评审情况",
        f"{REGULATIONS}第七十五条第一款",
        "regulations_75",
    ),
    SeedViolation(
        "expert.misconduct_affecting_result",
        "评审专家未按规定独立评审或者泄露评审文件、评审情况，影响中标、成交结果",
        f"{REGULATIONS}第七十五条第一款",
        "regulations_75_serious",
    ),
    SeedViolation(
        "expert.conflict",
        "评审专家与供应商存在利害关系未回避",
        f"{REGULATIONS}第七十五条第二款",
        "regulations_75_serious",
    ),
    SeedViolation(
        "expert.bribery",
        "评审专家收受采购人、采购代理机构、供应商贿赂或者获取其他不正当利益（尚不构成犯罪）",
        f"{REGULATIONS}第七十五条第三款",
        "regulations_75_serious",
    ),
    SeedViolation(
        "information.false_notice",
        "发布虚假采购信息",
        "《鲤城区政府采购领域联动执法协作机制》二（四）；具体条款依情形认定（政府采购法第七十一条等）",
    ),
    SeedViolation(
        "evaluation.illegal_interference",
        "非法干预采购评审活动",
        "《鲤城区政府采购领域联动执法协作机制》二（四）；具体条款依情形认定",
    ),
]


def ensure_seeded(**kwargs) -> None:
    """Create the vocabulary entries and thresholds that are missing (post_migrate); never
    overwrites a figure an administrator entered."""
    from liandong.cases.models import Threshold, ViolationType
    from liandong.cases.thresholds import SEED as THRESHOLDS

    seeded = {(t.code, t.effective_from): t for t in THRESHOLDS}
    stale = []
    for row in Threshold.objects.all():
        seed = seeded.get((row.code, row.effective_from))
        if seed is not None and (row.offence, row.basis) != (seed.offence, seed.basis):
            # the text of a seeded version is the law's: a corrected citation reaches databases
            # seeded before it (the figures stay as they are)
            row.offence, row.basis = seed.offence, seed.basis
            stale.append(row)
    Threshold.objects.bulk_update(stale, ["offence", "basis"])
    versions = set(Threshold.objects.values_list("code", "effective_from"))
    Threshold.objects.bulk_create(
        Threshold(
            code=t.code,
            offence=t.offence,
            track=t.track.value,
            measure=t.measure.value,
            amount=t.amount,
            window_years=t.window_years,
            basis=t.basis,
            effective_from=t.effective_from,
        )
        for t in THRESHOLDS
        if (t.code, t.effective_from) not in versions
    )

    seeds = {s.code: s for s in SEED}
    law = ("name", "basis", "penalty_rule")
    stale = []
    for row in ViolationType.objects.filter(code__in=seeds):
        seed = seeds[row.code]
        if any(getattr(row, f) != getattr(seed, f) for f in law):
            for f in law:
                setattr(row, f, getattr(seed, f))
            stale.append(row)  # the law's text and article: a corrected one reaches old databases
    ViolationType.objects.bulk_update(stale, list(law))
    existing = set(ViolationType.objects.values_list("code", flat=True))
    ViolationType.objects.bulk_create(
        ViolationType(code=s.code, name=s.name, basis=s.basis, penalty_rule=s.penalty_rule)
        for s in SEED
        if s.code not in existing
    )
