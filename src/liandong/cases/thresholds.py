"""The thresholds the platform starts with (RULES.md §3). Administrators edit and add versions;
these are the figures widely quoted — the 2022 revision (公通字〔2022〕12号) may have raised the
two middle ones of 串通投标罪, which an administrator enters as a new version when confirmed."""

import datetime as dt
from decimal import Decimal

from liandong.cases.advisor import Measure, Threshold, Track

COLLUSION = "串通投标罪"
COLLUSION_BASIS = (
    "《中华人民共和国刑法》第二百二十三条；《最高人民检察院 公安部关于公安机关管辖的刑事案件"
    "立案追诉标准的规定（二）》第六十八条"
)
SINCE = dt.date(2010, 5, 7)  # 立案追诉标准（二） in force

SEED = [
    Threshold(
        "collusion.direct_loss",
        COLLUSION,
        Track.CRIMINAL,
        Measure.DIRECT_LOSS,
        Decimal(500_000),
        f"{COLLUSION_BASIS}：损害招标人、投标人或者国家、集体、公民的合法利益，"
        "造成直接经济损失数额在五十万元以上",
        SINCE,
    ),
    Threshold(
        "collusion.illegal_gains",
        COLLUSION,
        Track.CRIMINAL,
        Measure.ILLEGAL_GAINS,
        Decimal(100_000),
        f"{COLLUSION_BASIS}：违法所得数额在十万元以上",
        SINCE,
    ),
    Threshold(
        "collusion.winning_amount",
        COLLUSION,
        Track.CRIMINAL,
        Measure.WINNING_AMOUNT,
        Decimal(2_000_000),
        f"{COLLUSION_BASIS}：中标项目金额在二百万元以上",
        SINCE,
    ),
    Threshold(
        "collusion.illegal_means",
        COLLUSION,
        Track.CRIMINAL,
        Measure.COERCION_OR_BRIBERY,
        Decimal(1),
        f"{COLLUSION_BASIS}：采取威胁、欺骗或者贿赂等非法手段",
        SINCE,
    ),
    Threshold(
        "collusion.repeat",
        COLLUSION,
        Track.CRIMINAL,
        Measure.PRIOR_COLLUSION_PENALTIES,
        Decimal(2),
        f"{COLLUSION_BASIS}：虽未达到上述数额标准，但二年内因串通投标受过二次以上"
        "行政处罚，又串通投标",
        SINCE,
        window_years=2,
    ),
    Threshold(
        "counterfeit.sales",
        "生产、销售伪劣产品罪",
        Track.CRIMINAL,
        Measure.COUNTERFEIT_SALES,
        Decimal(50_000),
        "《中华人民共和国刑法》第一百四十条：销售金额五万元以上",
        SINCE,
    ),
    Threshold(
        "counterfeit.unsold",
        "生产、销售伪劣产品罪（未遂）",
        Track.CRIMINAL,
        Measure.COUNTERFEIT_UNSOLD,
        Decimal(150_000),
        "立案追诉标准（一）第十六条：伪劣产品尚未销售，货值金额十五万元以上",
        SINCE,
    ),
    Threshold(
        "counterfeit.combined",
        "生产、销售伪劣产品罪",
        Track.CRIMINAL,
        Measure.COUNTERFEIT_COMBINED,
        Decimal(150_000),
        "立案追诉标准（一）第十六条：伪劣产品销售金额不满五万元，但将已销售金额乘以三倍后，"
        "与尚未销售的伪劣产品货值金额合计十五万元以上",
        SINCE,
    ),
    Threshold(
        "contract_fraud.amount",
        "合同诈骗罪",
        Track.CRIMINAL,
        Measure.FRAUD_AMOUNT,
        Decimal(20_000),
        "《中华人民共和国刑法》第二百二十四条；立案追诉标准（二）：数额在二万元以上",
        SINCE,
    ),
    Threshold(
        "bidding.serious_loss",
        "串通投标（行政处罚情节严重）",
        Track.SERIOUS_ADMINISTRATIVE,
        Measure.DIRECT_LOSS,
        Decimal(300_000),
        "《中华人民共和国招标投标法实施条例》第六十七条：中标项目金额……造成直接经济损失30万元以上的，"
        "属于情节严重，取消其1年至2年内参加依法必须进行招标的项目的投标资格",
        dt.date(2012, 2, 1),
    ),
    Threshold(
        "bidding.serious_repeat",
        "串通投标（行政处罚情节严重）",
        Track.SERIOUS_ADMINISTRATIVE,
        Measure.PRIOR_COLLUSION_PENALTIES,
        Decimal(1),
        "《中华人民共和国招标投标法实施条例》第六十七条：3年内2次以上串通投标的，属于情节严重",
        dt.date(2012, 2, 1),
        window_years=3,
    ),
    Threshold(
        "bidding.serious_bribery",
        "串通投标（行政处罚情节严重）",
        Track.SERIOUS_ADMINISTRATIVE,
        Measure.COERCION_OR_BRIBERY,
        Decimal(1),
        "《中华人民共和国招标投标法实施条例》第六十七条：以行贿谋取中标的，属于情节严重",
        dt.date(2012, 2, 1),
    ),
]
