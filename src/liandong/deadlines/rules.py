"""The deadline rules the platform starts with (RULES.md §1, §2, and the defaults of consultations
and assistance requests).

They are created when the database is migrated if missing. Administrators may adjust the ones
marked configurable (an audited change that applies to timers started afterwards): the
mechanism's own defaults wholly; a period the law sets (``statutory``) only in how its days are
counted (RULES.md §1: "3 days" counts calendar days, configurable per rule), never its figure.
"""

from dataclasses import dataclass

from liandong.deadlines.periods import Unit

DECREE_310 = "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号，2020年国务院令第730号修订）"
PROCEDURE = "《公安机关办理刑事案件程序规定》"
ECONOMIC = "《最高人民检察院 公安部关于公安机关办理经济犯罪案件的若干规定》（公通字〔2017〕25号）"
PROSECUTION = "《人民检察院刑事诉讼规则》（高检发释字〔2019〕4号）"
ORDER_94 = "《政府采购质疑和投诉办法》（财政部令第94号）"


@dataclass(frozen=True)
class SeedRule:
    code: str
    name: str
    basis: str
    amount: int
    unit: Unit
    configurable: bool = False
    pausable: bool = False
    statutory: bool = True  # the figure is the law's; False: the mechanism's own default
    reminder_hours: tuple[int, ...] = (24,)


SEED = [
    # RULES.md §1 — criminal transfer. "3 days" counts calendar days (configurable per rule).
    SeedRule(
        "transfer.head_decision",
        "负责人审批是否移送",
        f"{DECREE_310}第五条：自接到报告之日起3日内作出批准移送或者不批准移送的决定",
        3,
        Unit.CALENDAR_DAYS,
        configurable=True,
    ),
    SeedRule(
        "transfer.send",
        "批准后移送公安机关",
        f"{DECREE_310}第五条：决定批准的，应当在24小时内向同级公安机关移送",
        24,
        Unit.HOURS,
        reminder_hours=(4,),
    ),
    SeedRule(
        "transfer.police_forward",
        "非本机关管辖的转送",
        f"{DECREE_310}第七条：不属于本机关管辖的，应当在24小时内转送有管辖权的机关",
        24,
        Unit.HOURS,
        reminder_hours=(4,),
    ),
    SeedRule(
        "transfer.material_request",
        "通知补充移送材料",
        f"{PROCEDURE}第一百八十条：移送材料不全的，应当在接受案件后24小时内书面告知移送机关补充",
        24,
        Unit.HOURS,
        reminder_hours=(4,),
    ),
    SeedRule(
        "transfer.material_complete",
        "补充移送材料",
        f"{PROCEDURE}第一百八十条：移送机关应当在3日内补正",
        3,
        Unit.CALENDAR_DAYS,
        configurable=True,
    ),
    SeedRule(
        "transfer.filing_decision",
        "公安机关立案审查决定",
        f"{DECREE_310}第七条：公安机关对行政执法机关移送的涉嫌犯罪案件，应当在涉嫌犯罪案件移送书的回执上签字；"
        "第八条：公安机关应当自接受行政执法机关移送的涉嫌犯罪案件之日起3日内……对所移送的案件进行审查"
        "（自移送送达公安机关时起算，不以点击签收为准）",
        3,
        Unit.CALENDAR_DAYS,
        configurable=True,
        pausable=True,  # stopped while the transferring department completes the material
    ),
    # The police's review may be extended by a recorded decision (transfers.decisions
    # .extend_review): the clock keeps its start (the receipt) and gets the longer period.
    SeedRule(
        "transfer.filing_decision_extended",
        "公安机关立案审查决定（至迟10日）",
        f"{ECONOMIC}第十六条：公安机关接受行政执法机关移送的涉嫌经济犯罪案件后，移送材料符合相关规定的，"
        "应当在三日以内进行审查并决定是否立案，至迟应当在十日以内作出决定",
        10,
        Unit.CALENDAR_DAYS,
        pausable=True,
        reminder_hours=(48,),
    ),
    SeedRule(
        "transfer.filing_decision_complex",
        "公安机关立案审查决定（重大、疑难、复杂，经批准30日）",
        f"{ECONOMIC}第十六条：案情重大、疑难、复杂或者跨区域性的，经县级以上公安机关负责人批准，"
        "应当在三十日以内决定是否立案",
        30,
        Unit.CALENDAR_DAYS,
        pausable=True,
        reminder_hours=(120, 24),
    ),
    SeedRule(
        "transfer.filing_decision_special",
        "公安机关立案审查决定（情况特殊，经上一级批准再延长30日）",
        f"{ECONOMIC}第十六条：情况特殊的，经上一级公安机关负责人批准，可以再延长三十日作出决定",
        60,
        Unit.CALENDAR_DAYS,
        pausable=True,
        reminder_hours=(120, 24),
    ),
    SeedRule(
        "transfer.reconsideration_request",
        "提请复议",
        f"{DECREE_310}第九条：自接到不予立案通知书之日起3日内提请复议",
        3,
        Unit.CALENDAR_DAYS,
        configurable=True,
    ),
    SeedRule(
        "transfer.reconsideration_decision",
        "复议决定",
        f"{DECREE_310}第九条；{PROCEDURE}第一百八十一条：自收到复议申请之日起3日内作出复议决定",
        3,
        Unit.CALENDAR_DAYS,
        configurable=True,
    ),
    SeedRule(
        "transfer.supervision_request",
        "建议检察机关立案监督",
        f"{DECREE_310}第九条：对复议决定仍有异议的，自收到复议决定之日起3日内建议人民检察院依法进行立案监督",
        3,
        Unit.CALENDAR_DAYS,
        configurable=True,
    ),
    # 立案监督 at the procuratorate (transfers.supervision): the police explain, the police file
    # when told to, the procuratorate tells the department when the reasons stand.
    SeedRule(
        "transfer.supervision_explain",
        "公安机关说明不立案理由",
        f"{PROSECUTION}第五百六十条：人民检察院要求公安机关说明不立案或者立案理由，应当书面通知公安机关，"
        "并且告知公安机关在收到通知后七日以内，书面说明不立案或者立案的情况、依据和理由，连同有关证据"
        f"材料回复人民检察院；{PROCEDURE}第一百八十二条第一款：对人民检察院要求说明不立案理由的案件，"
        "公安机关应当在收到通知书后七日以内，对不立案的情况、依据和理由作出书面说明，回复人民检察院",
        7,
        Unit.CALENDAR_DAYS,
        reminder_hours=(48,),
    ),
    SeedRule(
        "transfer.supervision_filing",
        "公安机关根据通知立案",
        f"{PROSECUTION}第五百六十三条：人民检察院通知公安机关立案……告知公安机关应当在收到通知立案书后"
        f"十五日以内立案；{PROCEDURE}第一百八十二条第二款：人民检察院通知公安机关立案的，公安机关应当在"
        f"收到通知书后十五日以内立案，并将立案决定书复印件送达人民检察院；{PROSECUTION}第五百六十四条"
        "第二款：公安机关在收到通知立案书后超过十五日不予立案的，人民检察院应当发出纠正违法通知书",
        15,
        Unit.CALENDAR_DAYS,
        reminder_hours=(72,),
    ),
    SeedRule(
        "transfer.supervision_answer",
        "检察院告知不立案理由",
        f"{PROSECUTION}第五百六十一条第二款：人民检察院认为公安机关不立案或者立案理由成立的，应当在十日"
        "以内将不立案或者立案的依据和理由告知被害人及其法定代理人、近亲属或者行政执法机关",
        10,
        Unit.CALENDAR_DAYS,
        reminder_hours=(72,),
    ),
    SeedRule(
        "transfer.handover",
        "移交涉案物品和有关材料",
        f"{DECREE_310}第十二条：自接到立案通知书之日起3日内将涉案物品以及与案件有关的其他材料移交公安机关",
        3,
        Unit.CALENDAR_DAYS,
        configurable=True,
    ),
    # Seed 二(五): "应当及时移送有权处理的相关部门进行处理" — the other kinds of transfer are
    # accepted or returned within the mechanism's own default.
    SeedRule(
        "transfer.receive",
        "接收或退回移送",
        "《鲤城区政府采购领域联动执法协作机制》二（五）：对不属于本部门管辖范围内的案件，应当及时移送有权处理的相关部门进行处理（接收单位默认5个工作日内接收或说明理由退回）",
        5,
        Unit.WORKDAYS,
        configurable=True,
        statutory=False,
    ),
    # Seed 三(二): "认真落实联席会议确定的工作任务和议定事项" — the minutes set each item's date
    # (start_deadline's due_on); the rule gives the name, the basis and the reminders.
    SeedRule(
        "meeting.resolution",
        "落实联席会议议定事项",
        "《鲤城区政府采购领域联动执法协作机制》三（二）：各联席会议成员单位要按照职责分工，认真落实联席会议确定的工作任务和议定事项",
        30,
        Unit.CALENDAR_DAYS,
        configurable=True,
        statutory=False,
        reminder_hours=(72,),
    ),
    # RULES.md §6: penalty information goes online within 7 workdays of the decision; the
    # clock runs from a case's penalty decision until its credit record is published.
    SeedRule(
        "credit.online",
        "行政处罚信息上网公示",
        "《国务院办公厅关于运用大数据加强对市场主体服务和监管的若干意见》（国办发〔2015〕51号）："
        "行政许可、行政处罚等信用信息自作出行政决定之日起7个工作日内上网公开",
        7,
        Unit.WORKDAYS,
        configurable=True,
        statutory=False,
        reminder_hours=(48,),
    ),
    SeedRule(
        "case.penalty_decision",
        "作出行政处罚决定",
        "《中华人民共和国行政处罚法》第六十条：行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定。"
        "涉嫌犯罪移送公安机关的，移送期间不得以行政处罚代替移送（《行政执法机关移送涉嫌犯罪案件的规定》"
        "第十一条），该期间不计入",
        90,
        Unit.CALENDAR_DAYS,
        pausable=True,  # stopped while the case is with the police
        reminder_hours=(240, 72),
    ),
    SeedRule(
        "case.decision_service",
        "送达行政处罚决定书",
        "《中华人民共和国行政处罚法》第六十一条第一款：行政处罚决定书应当在宣告后当场交付当事人；当事人不在场的，"
        "行政机关应当在七日内依照《中华人民共和国民事诉讼法》的有关规定，将行政处罚决定书送达当事人；"
        "第八十五条：本法中“七日”的规定是指工作日，不含法定节假日",
        7,
        Unit.WORKDAYS,
        reminder_hours=(48,),
    ),
    SeedRule(
        "case.hearing_request",
        "当事人要求听证",
        "《中华人民共和国行政处罚法》第六十四条第（一）项：当事人要求听证的，应当在行政机关告知后五日内提出；"
        "第八十五条：本法中“五日”的规定是指工作日，不含法定节假日",
        5,
        Unit.WORKDAYS,
    ),
    # RULES.md §2 — complaints (workdays).
    SeedRule(
        "complaint.review",
        "投诉审查",
        f"{ORDER_94}第二十一条：收到投诉书后5个工作日内进行审查",
        5,
        Unit.WORKDAYS,
    ),
    SeedRule(
        "complaint.refusal_notice",
        "不予受理或转送告知",
        f"{ORDER_94}第二十一条：不符合投诉条件的，自收到投诉之日起3个工作日内书面告知",
        3,
        Unit.WORKDAYS,
    ),
    SeedRule(
        "complaint.copy_to_respondents",
        "向被投诉人发送投诉书副本",
        f"《中华人民共和国政府采购法》第五十六条；{ORDER_94}：受理投诉后8个工作日内向被投诉人和相关供应商发送投诉书副本",
        8,
        Unit.WORKDAYS,
    ),
    SeedRule(
        "complaint.respondent_reply",
        "被投诉人说明情况",
        f"{ORDER_94}第二十二条：被投诉人和相关供应商应当在收到副本之日起5个工作日内作出说明",
        5,
        Unit.WORKDAYS,
    ),
    SeedRule(
        "complaint.decision",
        "投诉处理决定",
        f"《中华人民共和国政府采购法》第五十六条；{ORDER_94}第二十六条：财政部门应当自收到投诉之日起"
        "30个工作日内，对投诉事项作出处理决定；第二十七条：财政部门处理投诉事项，需要检验、检测、"
        "鉴定、专家评审以及需要投诉人补正材料的，所需时间不计算在投诉处理期限内",
        30,
        Unit.WORKDAYS,
        pausable=True,
        reminder_hours=(120, 24),
    ),
    SeedRule(
        "complaint.suspension",
        "暂停采购活动",
        f"《中华人民共和国政府采购法》第五十七条；{ORDER_94}第二十八条：财政部门在处理投诉事项期间，"
        "可以视具体情况书面通知采购人和采购代理机构暂停采购活动，暂停采购活动时间最长不得超过30日",
        30,
        Unit.CALENDAR_DAYS,
        reminder_hours=(72,),
    ),
    # Seed 二(二): "受咨询的部门应当认真研究、及时答复" — the mechanism's own default.
    SeedRule(
        "consultation.answer",
        "答复案件咨询",
        "《鲤城区政府采购领域联动执法协作机制》二（二）：受咨询的部门应当认真研究、及时答复（默认5个工作日）",
        5,
        Unit.WORKDAYS,
        configurable=True,
        statutory=False,
    ),
    SeedRule(
        "consultation.answer_urgent",
        "答复紧急案件咨询",
        "《鲤城区政府采购领域联动执法协作机制》二（二）：受咨询的部门应当认真研究、及时答复（紧急事项默认2个工作日）",
        2,
        Unit.WORKDAYS,
        configurable=True,
        statutory=False,
        reminder_hours=(8,),
    ),
    # The requester sets the date (start_deadline's due_on); the rule gives the name, the basis,
    # the reminders and the date a new request is offered (10 workdays) or gets when none is set.
    SeedRule(
        "assistance.respond",
        "协查答复",
        "《鲤城区政府采购领域联动执法协作机制》二（四）：相关部门应当积极配合",
        10,
        Unit.WORKDAYS,
        configurable=True,
        statutory=False,
    ),
]


def ensure_seeded(**kwargs) -> None:
    """Create the rules that are missing (post_migrate); never overwrites an adjusted figure of
    the mechanism's own. The name, the basis, whether a clock may stop, what may be adjusted
    and a statutory figure are the law's: they follow this list, so a corrected citation reaches
    databases seeded before it."""
    from liandong.deadlines.models import DeadlineRule

    seeds = {seed.code: seed for seed in SEED}
    existing = {rule.code: rule for rule in DeadlineRule.objects.filter(code__in=seeds)}
    law = ("name", "basis", "pausable", "configurable", "statutory")
    stale = []
    for code, rule in existing.items():
        seed = seeds[code]
        wanted = {name: getattr(seed, name) for name in law}
        if seed.statutory:
            wanted["amount"] = seed.amount  # a figure the law sets is never anyone's to change
        if any(getattr(rule, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(rule, name, value)
            stale.append(rule)
    DeadlineRule.objects.bulk_update(stale, [*law, "amount"])
    DeadlineRule.objects.bulk_create(
        DeadlineRule(
            code=seed.code,
            name=seed.name,
            basis=seed.basis,
            amount=seed.amount,
            unit=seed.unit.value,
            configurable=seed.configurable,
            pausable=seed.pausable,
            statutory=seed.statutory,
            reminder_hours=list(seed.reminder_hours),
        )
        for seed in SEED
        if seed.code not in existing
    )
