"""The thresholds the platform starts with (RULES.md §3), each version with the text it comes
from and the date it applies from. Administrators add versions (``add_threshold_version``);
the thresholds page shows every version with its text so that they can check it.

串通投标罪 has two versions: the 2010 standard (公通字〔2010〕23号 第七十六条, 50万 / 10万 /
200万) and the 2022 revision (公通字〔2022〕12号 第六十八条, in force 2022-05-15: 50万 / 20万 /
400万). Many pages still quote the 2010 figures, and under its 2022 number; they are not the law
in force.
"""

import datetime as dt
from decimal import Decimal

from liandong.cases.advisor import Measure, Threshold, Track

STANDARD_2010 = (
    "《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（二）》"
    "（公通字〔2010〕23号）"
)
STANDARD_2022 = (
    "《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（二）》"
    "（公通字〔2022〕12号）"
)
STANDARD_ONE = (
    "《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（一）》"
    "（公通字〔2008〕36号）"
)
BRIBERY_2016 = (
    "《最高人民法院 最高人民检察院关于办理贪污贿赂刑事案件适用法律若干问题的解释》"
    "（法释〔2016〕9号）"
)
SINCE_2010 = dt.date(2010, 5, 7)
SINCE_2022 = dt.date(2022, 5, 15)
SINCE_2008 = dt.date(2008, 6, 25)
SINCE_2016 = dt.date(2016, 4, 18)
SINCE_2012 = dt.date(2012, 2, 1)  # 招标投标法实施条例

COLLUSION = "串通投标罪"
COLLUSION_HEAD = (
    "〔串通投标案（刑法第二百二十三条）〕投标人相互串通投标报价，或者投标人与招标人串通投标，"
    "涉嫌下列情形之一的，应予立案追诉："
)
COUNTERFEIT = "生产、销售伪劣产品罪"
COUNTERFEIT_BASIS = (
    f"《中华人民共和国刑法》第一百四十条；{STANDARD_ONE}第十六条：〔生产、销售伪劣产品案〕"
    "生产者、销售者在产品中掺杂、掺假，以假充真，以次充好或者以不合格产品冒充合格产品，"
    "涉嫌下列情形之一的，应予立案追诉："
)
FALSE_AD = "虚假广告罪"
FALSE_AD_BASIS = (
    f"《中华人民共和国刑法》第二百二十二条；{STANDARD_2022}第六十七条：〔虚假广告案〕"
    "广告主、广告经营者、广告发布者违反国家规定，利用广告对商品或者服务作虚假宣传，"
    "涉嫌下列情形之一的，应予立案追诉："
)
PRIVATE_BRIBE = "对非国家工作人员行贿罪"
OFFICIAL_BRIBE = "行贿罪"
OFFICIAL_BRIBE_BASIS = (
    f"《中华人民共和国刑法》第三百八十九条、第三百九十条；{BRIBERY_2016}第七条；"
    "行贿犯罪由监察机关调查，线索依照《行政执法机关移送涉嫌犯罪案件的规定》第十九条"
    "移送监察机关或者人民检察院："
)
SERIOUS = "串通投标（行政处罚情节严重）"


def _collusion(basis: str, since: dt.date, gains: int, winning: int) -> list[Threshold]:
    def version(code, measure, amount, text, **kwargs):
        return Threshold(
            code, COLLUSION, Track.CRIMINAL, measure, Decimal(amount), basis + text, since, **kwargs
        )

    words = {100_000: "十万元", 200_000: "二十万元", 2_000_000: "二百万元", 4_000_000: "四百万元"}
    return [
        version(
            "collusion.direct_loss",
            Measure.DIRECT_LOSS,
            500_000,
            "（一）损害招标人、投标人或者国家、集体、公民的合法利益，造成直接经济损失数额在"
            "五十万元以上的",
        ),
        version(
            "collusion.illegal_gains",
            Measure.ILLEGAL_GAINS,
            gains,
            f"（二）违法所得数额在{words[gains]}以上的",
        ),
        version(
            "collusion.winning_amount",
            Measure.WINNING_AMOUNT,
            winning,
            f"（三）中标项目金额在{words[winning]}以上的",
        ),
        version(
            "collusion.illegal_means",
            Measure.COERCION_OR_BRIBERY,
            1,
            "（四）采取威胁、欺骗或者贿赂等非法手段的",
        ),
        version(
            "collusion.repeat",
            Measure.PRIOR_COLLUSION_PENALTIES,
            2,
            "（五）虽未达到上述数额标准，但二年内因串通投标受过二次以上行政处罚，又串通投标的",
            window_years=2,
        ),
    ]


SEED = [
    *_collusion(
        f"《中华人民共和国刑法》第二百二十三条；{STANDARD_2010}第七十六条：{COLLUSION_HEAD}",
        SINCE_2010,
        gains=100_000,
        winning=2_000_000,
    ),
    *_collusion(
        f"《中华人民共和国刑法》第二百二十三条；{STANDARD_2022}第六十八条：{COLLUSION_HEAD}",
        SINCE_2022,
        gains=200_000,
        winning=4_000_000,
    ),
    Threshold(
        "counterfeit.sales",
        COUNTERFEIT,
        Track.CRIMINAL,
        Measure.COUNTERFEIT_SALES,
        Decimal(50_000),
        f"{COUNTERFEIT_BASIS}（一）伪劣产品销售金额五万元以上的",
        SINCE_2008,
    ),
    Threshold(
        "counterfeit.unsold",
        COUNTERFEIT,
        Track.CRIMINAL,
        Measure.COUNTERFEIT_UNSOLD,
        Decimal(150_000),
        f"{COUNTERFEIT_BASIS}（二）伪劣产品尚未销售，货值金额十五万元以上的",
        SINCE_2008,
    ),
    Threshold(
        "counterfeit.combined",
        COUNTERFEIT,
        Track.CRIMINAL,
        Measure.COUNTERFEIT_COMBINED,
        Decimal(150_000),
        f"{COUNTERFEIT_BASIS}（三）伪劣产品销售金额不满五万元，但将已销售金额乘以三倍后，"
        "与尚未销售的伪劣产品货值金额合计十五万元以上的",
        SINCE_2008,
    ),
    Threshold(
        "contract_fraud.amount",
        "合同诈骗罪",
        Track.CRIMINAL,
        Measure.FRAUD_AMOUNT,
        Decimal(20_000),
        f"《中华人民共和国刑法》第二百二十四条；{STANDARD_2010}第七十七条：〔合同诈骗案〕"
        "以非法占有为目的，在签订、履行合同过程中，骗取对方当事人财物，数额在二万元以上的，"
        "应予立案追诉",
        SINCE_2010,
    ),
    Threshold(
        "contract_fraud.amount",
        "合同诈骗罪",
        Track.CRIMINAL,
        Measure.FRAUD_AMOUNT,
        Decimal(20_000),
        f"《中华人民共和国刑法》第二百二十四条；{STANDARD_2022}第六十九条：〔合同诈骗案〕"
        "以非法占有为目的，在签订、履行合同过程中，骗取对方当事人财物，数额在二万元以上的，"
        "应予立案追诉",
        SINCE_2022,
    ),
    Threshold(
        "false_ad.gains",
        FALSE_AD,
        Track.CRIMINAL,
        Measure.FALSE_AD_GAINS,
        Decimal(100_000),
        f"{FALSE_AD_BASIS}（一）违法所得数额在十万元以上的",
        SINCE_2022,
    ),
    Threshold(
        "false_ad.food_drug",
        FALSE_AD,
        Track.CRIMINAL,
        Measure.FALSE_AD_FOOD_DRUG_GAINS,
        Decimal(30_000),
        f"{FALSE_AD_BASIS}（三）利用广告对食品、药品作虚假宣传，违法所得数额在三万元以上的",
        SINCE_2022,
    ),
    Threshold(
        "false_ad.repeat",
        FALSE_AD,
        Track.CRIMINAL,
        Measure.PRIOR_FALSE_AD_PENALTIES,
        Decimal(2),
        f"{FALSE_AD_BASIS}（四）虽未达到上述数额标准，但二年内因利用广告作虚假宣传受过二次以上"
        "行政处罚，又利用广告作虚假宣传的",
        SINCE_2022,
        window_years=2,
    ),
    Threshold(
        "private_bribe.person",
        PRIVATE_BRIBE,
        Track.CRIMINAL,
        Measure.PRIVATE_BRIBE_PERSON,
        Decimal(10_000),
        f"《中华人民共和国刑法》第一百六十四条第一款；{STANDARD_2010}第十一条：〔对非国家工作人员"
        "行贿案〕为谋取不正当利益，给予公司、企业或者其他单位的工作人员以财物，个人行贿数额在"
        "一万元以上的，单位行贿数额在二十万元以上的，应予立案追诉",
        SINCE_2010,
    ),
    Threshold(
        "private_bribe.person",
        PRIVATE_BRIBE,
        Track.CRIMINAL,
        Measure.PRIVATE_BRIBE_PERSON,
        Decimal(30_000),
        f"《中华人民共和国刑法》第一百六十四条第一款；{STANDARD_2022}第十一条：〔对非国家工作人员"
        "行贿案〕为谋取不正当利益，给予公司、企业或者其他单位的工作人员以财物，个人行贿数额在"
        "三万元以上的，单位行贿数额在二十万元以上的，应予立案追诉",
        SINCE_2022,
    ),
    *(
        Threshold(
            "private_bribe.unit",
            PRIVATE_BRIBE,
            Track.CRIMINAL,
            Measure.PRIVATE_BRIBE_UNIT,
            Decimal(200_000),
            f"《中华人民共和国刑法》第一百六十四条第一款；{standard}第十一条：〔对非国家工作人员"
            "行贿案〕……单位行贿数额在二十万元以上的，应予立案追诉",
            since,
        )
        for standard, since in ((STANDARD_2010, SINCE_2010), (STANDARD_2022, SINCE_2022))
    ),
    Threshold(
        "official_bribe.amount",
        OFFICIAL_BRIBE,
        Track.SUPERVISORY,
        Measure.OFFICIAL_BRIBE,
        Decimal(30_000),
        f"{OFFICIAL_BRIBE_BASIS}为谋取不正当利益，向国家工作人员行贿，数额在三万元以上的，"
        "应当依照刑法第三百九十条的规定以行贿罪追究刑事责任",
        SINCE_2016,
    ),
    Threshold(
        "official_bribe.aggravated",
        OFFICIAL_BRIBE,
        Track.SUPERVISORY,
        Measure.OFFICIAL_BRIBE_AGGRAVATED,
        Decimal(10_000),
        f"{OFFICIAL_BRIBE_BASIS}行贿数额在一万元以上不满三万元，具有下列情形之一的……"
        "（一）向三人以上行贿的；（二）将违法所得用于行贿的；（三）通过行贿谋取职务提拔、调整的；"
        "（四）向负有食品、药品、安全生产、环境保护等监督管理职责的国家工作人员行贿，实施非法"
        "活动的；（五）向司法工作人员行贿，影响司法公正的；（六）造成经济损失数额在五十万元以上"
        "不满一百万元的",
        SINCE_2016,
    ),
    Threshold(
        "bidding.serious_loss",
        SERIOUS,
        Track.SERIOUS_ADMINISTRATIVE,
        Measure.DIRECT_LOSS,
        Decimal(300_000),
        "《中华人民共和国招标投标法实施条例》第六十七条：中标项目金额……造成直接经济损失30万元以上的，"
        "属于情节严重，取消其1年至2年内参加依法必须进行招标的项目的投标资格",
        SINCE_2012,
    ),
    Threshold(
        "bidding.serious_repeat",
        SERIOUS,
        Track.SERIOUS_ADMINISTRATIVE,
        Measure.PRIOR_COLLUSION_PENALTIES,
        Decimal(1),
        "《中华人民共和国招标投标法实施条例》第六十七条：3年内2次以上串通投标的，属于情节严重",
        SINCE_2012,
        window_years=3,
    ),
    Threshold(
        "bidding.serious_bribery",
        SERIOUS,
        Track.SERIOUS_ADMINISTRATIVE,
        Measure.COERCION_OR_BRIBERY,
        Decimal(1),
        "《中华人民共和国招标投标法实施条例》第六十七条：以行贿谋取中标的，属于情节严重",
        SINCE_2012,
    ),
]
