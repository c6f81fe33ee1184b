"""Synthetic bid data for clue screening, with the pattern of every rule planted at known places.

    python bench/screening_data.py --bids 1000000 --format csv|xlsx|jsonl|json --out FILE
        [--clean] [--seed N] [--companies N] [--manifest FILE]

Formats: the Chinese import template as CSV or XLSX (SCREENING.md's headers), OCDS 1.1 as JSON
Lines of compiled releases (``jsonl``, one process a line), or a release package (``json``,
small sizes only: two releases per process, tender and award, compiled on import). A manifest
(JSON; default FILE with ``.manifest.json``) lists what was planted where, keyed as the format
spells it (the project number or the ocid, the bidder's name, its 统一社会信用代码 or OCDS party
id), and which rules should flag each pattern in that format.

The market (also the whole of ``--clean``): lots of 3–17 bids (mean 10) in projects of 1–3 lots,
from a pool of regular suppliers (about one per 40 bids, so each bids on ~40 lots; ``--companies``
to change it), picked without repetition inside a lot. Every company has its own people, phone,
e-mail, deposit account, computers (machine code, MAC, CPU, disk, board), pricing-software lock,
CA certificate and IP; every bid its own 文件创建标识码; document metadata names the company's
own agent. Prices: the winning bid at 50–62 % of the ceiling, the second lowest 3–7 % above it,
the others spread above with a coefficient of variation of about 5–15 %; 2 % of the losing bids
(never the two lowest) are invalid; platform similarity 0–30 %. Winners are spread so that each
company wins about its fair share (the sum of 1/size over its lots): a market of regular
suppliers, which keeps R025's fence (Q1 − 1.5·IQR over every tenderer's win ratio) above zero.
In a market where some companies never win that fence is below zero and R025 cannot fire. One
lot in 200 has two bidders uploading at the opening venue from the venue's computer (same
machine code, MAC, CPU, disk and IP): what S1 must not flag.

Planted (not with ``--clean``): see ``PLANTS`` — each statutory rule S1–S9, each price screen,
each OCDS indicator R003 R018 R024 R025 R028 R030 R035 R036 R038 R048 R058. A pattern the format
cannot carry (machine codes in OCDS, tender periods in the template) is planted in both and
listed as expected only where it can be seen.

Deterministic for a seed. 1,000,000 bids: CSV or JSON Lines in well under a minute (polars,
vectorised; one Python loop over the lots to spread the wins).
"""

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, os.path.dirname(__file__))

from case_data import CITIES, COMPANY_SUFFIXES, INDUSTRIES, SURNAMES, TRADE_NAMES

GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红建国志宏斌鹏飞宇浩凯晨欣怡雪梅"
COMPOUND = ("欧阳", "司马", "诸葛", "上官", "东方", "慕容", "司徒", "公孙", "令狐", "皇甫")
PURCHASERS = (
    "人民医院",
    "中医院",
    "第一中学",
    "实验小学",
    "教育局",
    "卫生健康局",
    "城市管理局",
    "交通运输局",
    "自然资源局",
    "机关事务服务中心",
    "疾病预防控制中心",
    "职业技术学校",
)
AGENCIES = ("招标代理有限公司", "项目管理咨询有限公司", "工程咨询有限公司", "招标有限公司")
BANKS = ("中国工商银行", "中国建设银行", "中国农业银行", "中国银行", "交通银行", "招商银行")
# (template 采购方式, OCDS procurementMethod, share)
METHODS = (
    ("公开招标", "open", 0.85),
    ("邀请招标", "selective", 0.05),
    ("竞争性磋商", "limited", 0.10),
)
CPV = (
    "03", "09", "15", "18", "22", "24", "30", "31", "32", "33", "34", "35", "37", "38", "39",
    "42", "43", "44", "45", "48", "50", "51", "55", "60", "63", "64", "65", "66", "70", "71",
    "72", "73", "75", "77", "79", "80", "85", "90", "92", "98",
)  # fmt: skip
OCID_PREFIX = "ocds-lddemo-"
SML = "application/vnd.openxmlformats-officedocument.spreadsheetml."
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PKG_REL = "application/vnd.openxmlformats-package.relationships+xml"
EPOCH = dt.datetime(2025, 1, 6, 9, 30)  # Beijing time; all times are written with +08:00
EXPORTED = "2026-11-01 10:00:00"
PRICE_SCREENS = ("P-CV", "P-SPREAD", "P-DIFFP", "P-RD", "P-IDENT")

# The Chinese template's headers, in SCREENING.md's order, with the model column each holds.
TEMPLATE = (
    ("项目编号", "project_id"),
    ("标段(包)编号", "lot_id"),
    ("项目名称", "project_name"),
    ("采购方式", "method"),
    ("预算金额(元)", "budget"),
    ("最高限价(元)", "ceiling"),
    ("采购人", "buyer"),
    ("代理机构", "agency"),
    ("开标时间", "opened_at"),
    ("投标人名称", "bidder_name"),
    ("统一社会信用代码", "bidder_id"),
    ("法定代表人", "legal_rep"),
    ("授权代表", "agent"),
    ("联系人", "contact"),
    ("联系电话", "phone"),
    ("电子邮箱", "email"),
    ("项目负责人", "manager"),
    ("项目负责人证件号(哈希)", "manager_id_hash"),
    ("投标报价(元)", "price"),
    ("最终得分", "score"),
    ("排名", "rank"),
    ("是否中标", "awarded"),
    ("投标状态(有效/无效)", "valid"),
    ("保证金形式", "deposit_form"),
    ("保证金缴纳账户名", "deposit_account_name"),
    ("保证金缴纳账号(哈希)", "deposit_account_hash"),
    ("开户行", "deposit_bank"),
    ("保证金缴纳时间", "deposit_at"),
    ("文件制作机器码", "machine_code"),
    ("文件创建标识码", "file_id_code"),
    ("网卡MAC地址", "mac"),
    ("CPU序列号", "cpu"),
    ("硬盘序列号", "hdd"),
    ("主板序列号", "board"),
    ("计价软件加密锁序列号", "pricing_lock"),
    ("CA证书序列号", "ca_serial"),
    ("上传IP地址", "upload_ip"),
    ("上传时间", "upload_at"),
    ("解密IP地址", "decrypt_ip"),
    ("是否开标现场上传", "onsite_upload"),
    ("文档作者", "author"),
    ("最后修改人", "last_modifier"),
    ("文档公司属性", "doc_company"),
    ("创建软件", "software"),
    ("创建时间", "doc_created_at"),
    ("修改时间", "doc_modified_at"),
    ("平台雷同度(%)", "similarity"),
    ("数据来源平台", "platform"),
    ("导出时间", "exported_at"),
)
COMPANY_FIELDS = (
    "bidder_name", "bidder_id", "legal_rep", "agent", "contact", "phone", "email", "manager",
    "manager_id_hash", "deposit_form", "deposit_account_name", "deposit_account_hash",
    "deposit_bank", "machine_code", "mac", "cpu", "hdd", "board", "pricing_lock", "ca_serial",
    "upload_ip", "decrypt_ip", "author", "last_modifier", "doc_company", "software",
)  # fmt: skip
TEMPLATE_ONLY, OCDS_ONLY, BOTH = ("template",), ("ocds",), ("template", "ocds")


# ---------------------------------------------------------------- the companies


def _prime_at_least(n: int) -> int:
    def prime(k):
        return k > 1 and all(k % d for d in range(2, int(k**0.5) + 1))

    while not prime(n):
        n += 1
    return n


def _uscc(n: int, kind: str) -> str:
    from stdnum.cn.uscc import calc_check_digit

    city = CITIES[n % len(CITIES)][3]
    body = f"{kind}{city}{n % 9 + 1:02d}{(n * 7_919 + 104_729) % 1_000_000_000:09d}"
    return body + calc_check_digit(body)


def _person(k: int) -> str:
    """The k-th of 115,200 distinct names (then they repeat), in a scrambled order."""
    surnames = list(SURNAMES) + list(COMPOUND)
    capacity = len(surnames) * len(GIVEN) ** 2
    k = (k * 7_919 + 31) % capacity
    given, surname = divmod(k, len(surnames))
    first, second = divmod(given, len(GIVEN))
    return surnames[surname] + GIVEN[first] + GIVEN[second]


def _hex(rng: np.random.Generator, count: int, digits: int) -> list[str]:
    words = rng.integers(0, 2**63, size=(count, math.ceil(digits / 15)), dtype=np.int64)
    return [
        "".join(f"{int(w) & (16**15 - 1):015X}" for w in row)[:digits] for row in words.tolist()
    ]


def companies(count: int, rng: np.random.Generator) -> pl.DataFrame:
    """``count`` companies with distinct names, codes, people, phones and fingerprints."""
    trades = len(TRADE_NAMES)
    capacity = len(CITIES) * trades * trades * len(INDUSTRIES)
    names, codes = [], []
    for i in range(count):
        j = (i * 7_919 + 17) % capacity
        j, city = divmod(j, len(CITIES))
        j, first = divmod(j, trades)
        industry, second = divmod(j, trades)
        stem = CITIES[city][0] + TRADE_NAMES[first] + TRADE_NAMES[second] + INDUSTRIES[industry]
        suffix = COMPANY_SUFFIXES[i % len(COMPANY_SUFFIXES)]
        names.append(stem + suffix if i < capacity else f"{stem}第{i // capacity}分{suffix}")
        codes.append(_uscc(i, "91"))
    agents = [_person(3 * i) for i in range(count)]
    macs = _hex(rng, count, 12)
    frame = pl.DataFrame(
        {
            "bidder_name": names,
            "bidder_id": codes,
            "legal_rep": [_person(3 * i + 1) for i in range(count)],
            "agent": agents,
            "contact": agents,
            "phone": [
                f"1{('38', '39', '58', '59', '86', '87', '36', '37')[i % 8]}"
                f"{(i * 7_919 + 1_234_567) % 100_000_000:08d}"
                for i in range(count)
            ],
            "email": [
                f"bid{i:06d}@{('163.com', 'qq.com', '126.com')[i % 3]}" for i in range(count)
            ],
            "manager": [_person(3 * i + 2) for i in range(count)],
            "manager_id_hash": [
                hashlib.sha256(f"id-{i}".encode()).hexdigest() for i in range(count)
            ],
            "deposit_form": ["银行转账" if i % 4 else "银行保函" for i in range(count)],
            "deposit_account_name": names,
            "deposit_account_hash": [
                hashlib.sha256(f"account-{i}".encode()).hexdigest() for i in range(count)
            ],
            "deposit_bank": [
                BANKS[i % len(BANKS)] + CITIES[(i // 7) % len(CITIES)][0] + "分行营业部"
                for i in range(count)
            ],
            "machine_code": _hex(rng, count, 32),
            "mac": ["-".join(m[k : k + 2] for k in range(0, 12, 2)) for m in macs],
            "cpu": ["BFEBFBFF" + h for h in _hex(rng, count, 8)],
            "hdd": ["WD-WCC" + h for h in _hex(rng, count, 10)],
            "board": ["PM" + h for h in _hex(rng, count, 14)],
            "pricing_lock": [f"GLD{(i * 104_729 + 99) % 10**10:010d}" for i in range(count)],
            "ca_serial": _hex(rng, count, 32),
            "upload_ip": [
                f"{36 + (i >> 16) % 180}.{(i >> 8) & 255}.{i & 255}.{10 + i % 200}"
                for i in range(count)
            ],
            "author": agents,
            "last_modifier": agents,
            "doc_company": names,
            "software": ["WPS Office" if i % 3 else "Microsoft Office Word" for i in range(count)],
        }
    )
    return frame.with_columns(pl.col("upload_ip").alias("decrypt_ip"))


# ---------------------------------------------------------------- the plants


# id → (rule(s) that should flag it, what, formats where the pattern can be seen)
PLANTS = {
    "S1-machine": (("S1",), "两家投标人文件制作机器码相同（非开标现场上传）", TEMPLATE_ONLY),
    "S1-hardware": (("S1",), "两家投标人网卡MAC、CPU、硬盘序列号均相同", TEMPLATE_ONLY),
    "S2": (("S2",), "两家投标人计价软件加密锁序列号相同", TEMPLATE_ONLY),
    "S3": (("S3",), "两家投标人文件创建标识码相同", TEMPLATE_ONLY),
    "S4": (("S4",), "两家投标人上传IP与解密IP相同", TEMPLATE_ONLY),
    "S5": (("S5",), "两家投标人的保证金从同一账户缴纳", TEMPLATE_ONLY),
    "S6-contact": (("S6",), "两家投标人联系人与联系电话相同", TEMPLATE_ONLY),
    "S6-manager": (("S6",), "两家投标人项目负责人（含证件号）相同", TEMPLATE_ONLY),
    "S7-arithmetic": (("S7",), "6个报价构成等差数列", BOTH),
    "S7-geometric": (("S7",), "5个报价构成等比数列（公比1.02）", BOTH),
    "S8-metadata": (("S8",), "两家投标文件的作者、最后修改人、公司属性相同", TEMPLATE_ONLY),
    "S8-similarity": (("S8",), "两家投标文件平台雷同度96.5%", TEMPLATE_ONLY),
    "S9": (("S9",), "4家公司在8个标段共同投标并轮流中标（各中2次）", BOTH),
    "S9-officer": (("S9",), "两家投标人法定代表人为同一人", TEMPLATE_ONLY),
    "P-tight": (("P-CV", "P-SPREAD"), "7个报价相差不到0.4%", BOTH),
    "P-gap": (("P-DIFFP", "P-RD"), "中标价比其余紧密聚集的报价低20%", BOTH),
    "P-shape": (("P-RD",), "9个报价8个紧密聚集，1个远低30%", BOTH),
    "R003": (("R003",), "投标期只有7天", OCDS_ONLY),
    "R018": (("R018",), "公开招标只有1个投标人", BOTH),
    "R024": (("R024",), "次低有效报价仅比中标价高0.05%", BOTH),
    "R025": (("R025",), "一家公司投标次数多（约1.5倍于平均）却从未中标", BOTH),
    "R028": (("R028", "P-IDENT"), "两家投标人报价完全相同", BOTH),
    "R030": (("R030",), "中标人的投标晚于截止时间2小时", OCDS_ONLY),
    "R035": (("R035",), "除中标人外其余3家投标均被否决", BOTH),
    "R036": (("R036",), "最低报价被否决", BOTH),
    "R038-tenderer": (("R038",), "一家公司12次投标中9次被否决", BOTH),
    "R038-buyer": (("R038",), "一家采购人的6个项目中约一半投标被否决", BOTH),
    "R048": (("R048",), "一家公司中标12个标段，分属12个不同品目大类", OCDS_ONLY),
    "R058": (("R058",), "次低有效报价比中标价高40%", BOTH),
}
GROUP_PLANTS = {"R025": "Tenderer", "R038-tenderer": "Tenderer", "R038-buyer": "Buyer"}
GROUP_PLANTS["R048"] = "Tenderer"
RESERVED = ("S9-1", "S9-2", "S9-3", "S9-4", "R025", "R038", "R048")


class Builder:
    """Lots as arrays: the bulk (vectorised) plus the planted lots (a few hundred rows)."""

    def __init__(self, bids: int, seed: int, clean: bool, pool: int | None):
        self.rng = np.random.default_rng(seed)
        self.clean = clean
        self.pool = _prime_at_least(max(61, pool or bids // 40))
        reserved = 0 if clean else len(RESERVED)
        self.companies = companies(self.pool + reserved, self.rng)
        self.reserved = {name: self.pool + i for i, name in enumerate(RESERVED[:reserved])}
        self.bids = bids
        self.plants: list[dict] = []


def _lot_sizes(rng: np.random.Generator, total: int) -> np.ndarray:
    sizes = rng.integers(3, 18, size=total // 8 + 10)
    ends = np.cumsum(sizes)
    count = int(np.searchsorted(ends, total)) + 1
    sizes = sizes[:count].copy()
    sizes[-1] -= int(ends[count - 1]) - total
    if sizes[-1] < 3 and count > 1:  # fold a stub lot into the one before
        sizes[-2] += sizes[-1]
        sizes = sizes[:-1]
    return sizes


def _spread_wins(lot_of: np.ndarray, company: np.ndarray, sizes: np.ndarray, rng) -> np.ndarray:
    """Per lot, the row that wins: the bidder furthest behind its fair share of wins."""
    owed = np.zeros(int(company.max()) + 1)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    jitter = rng.random(len(company)) * 1e-6
    winners = np.empty(len(sizes), dtype=np.int64)
    company_list, jitter_list, owed_list = company.tolist(), jitter.tolist(), owed.tolist()
    for lot, (start, size) in enumerate(zip(starts.tolist(), sizes.tolist(), strict=True)):
        share = 1.0 / size
        best, best_owed = start, -1e18
        for row in range(start, start + size):
            c = company_list[row]
            owed_list[c] += share
            score = owed_list[c] + jitter_list[row]
            if score > best_owed:
                best, best_owed = row, score
        owed_list[company_list[best]] -= 1.0
        winners[lot] = best
    return winners


def _prices(rng, sizes: np.ndarray, rank: np.ndarray, lot_of: np.ndarray, ceiling: np.ndarray):
    """The price model of the module docstring, by rank in the lot (0 = the winner)."""
    lots = len(sizes)
    win = ceiling * rng.uniform(0.50, 0.62, lots)
    gap = rng.uniform(0.03, 0.07, lots)
    spread = rng.uniform(0.04, 0.12, lots)
    u = rng.uniform(0.05, 4.0, len(rank))
    w, g, c = win[lot_of], gap[lot_of], spread[lot_of]
    price = np.where(rank == 0, w, np.where(rank == 1, w * (1 + g), w * (1 + g) * (1 + c * u)))
    return np.round(price, 2)


def build(bids: int, seed: int = 20261130, clean: bool = False, pool: int | None = None):
    """The data set as a polars frame of model columns (plus ``lot``, ``company``, internal),
    and the plants (internal keys)."""
    b = Builder(bids, seed, clean, pool)
    rng = b.rng
    planted_lots: list[dict] = [] if clean else _planted_lots(b)
    planted_rows = sum(len(lot["companies"]) for lot in planted_lots)
    sizes = _lot_sizes(rng, max(bids - planted_rows, 3))
    lots = len(sizes)
    lot_of = np.repeat(np.arange(lots), sizes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    slot = np.arange(len(lot_of)) - starts[lot_of]
    base = rng.integers(0, b.pool, lots)
    stride = rng.integers(1, b.pool, lots)
    company = (base[lot_of] + slot * stride[lot_of]) % b.pool
    winners = _spread_wins(lot_of, company, sizes, rng)
    # ranks: the winner 0, the others a random order 1..size-1
    key = rng.random(len(lot_of)) + 1.0
    key[winners] = 0.0
    order = np.lexsort((key, lot_of))
    rank = np.empty(len(lot_of), dtype=np.int64)
    rank[order] = np.arange(len(lot_of)) - starts[lot_of[order]]
    budget = np.round(np.exp(rng.uniform(math.log(2e5), math.log(5e7), lots)), -3)
    price = _prices(rng, sizes, rank, lot_of, budget)
    valid = ~((rank >= 2) & (rng.random(len(rank)) < 0.02))
    # suppliers specialise: a lot is classed in one of its winner's two divisions, 1 in 10 not
    home = company[winners]
    classification = np.where(rng.random(lots) < 0.5, home % len(CPV), (home * 7 + 3) % len(CPV))
    stray = rng.random(lots) < 0.1
    classification[stray] = rng.integers(0, len(CPV), int(stray.sum()))
    lot_table = {"budget": budget, "classification": classification}
    core = {
        "lot": lot_of,
        "company": company,
        "price": price,
        "rank": rank,
        "valid": valid,
        "awarded": rank == 0,
    }
    overrides: list[dict] = []
    if not clean:
        _substitute(b, core, lot_table, sizes, starts, overrides)
    frame = pl.DataFrame(core).with_columns(pl.lit(None, pl.String).alias("plant"))
    # the planted lots, after the bulk
    extra = []
    for n, lot in enumerate(planted_lots):
        number = lots + n
        lot["lot"] = number
        for i, c in enumerate(lot["companies"]):
            extra.append(
                {
                    "lot": number,
                    "company": c,
                    "price": float(lot["prices"][i]),
                    "rank": 0,
                    "valid": bool(lot["valid"][i]),
                    "awarded": i == lot["winner"],
                    "plant": lot["plant"],
                }
            )
    if extra:
        frame = pl.concat([frame, pl.DataFrame(extra, schema=frame.schema)])
    frame = frame.with_row_index("key").with_columns(pl.col("key").cast(pl.Int64))
    # valid bids ranked by price inside their lot
    frame = frame.with_columns(
        pl.when(pl.col("valid"))
        .then(pl.col("price").rank("ordinal").over("lot", pl.col("valid")))
        .cast(pl.Int64)
        .alias("rank")
    )
    lot_frame = _lots(b, lots, lot_table, planted_lots)
    frame = _fields(b, frame, lot_frame)
    for lot in planted_lots:
        overrides.extend(_planted_overrides(b, frame, lot))
    if clean:
        overrides.extend(_venue_noise(b, frame))
    frame = _apply(frame, overrides)
    return frame.sort("project_seq", "lot_id", "key"), b


def _pick(rng, pool: int, count: int, avoid=()) -> list[int]:
    chosen: list[int] = []
    while len(chosen) < count:
        c = int(rng.integers(0, pool))
        if c not in chosen and c not in avoid:
            chosen.append(c)
    return chosen


def _normal_prices(rng, size: int, ceiling: float, gap: float | None = None) -> list[float]:
    win = ceiling * rng.uniform(0.50, 0.62)
    g = rng.uniform(0.03, 0.07) if gap is None else gap
    c = rng.uniform(0.04, 0.12)
    rest = [win * (1 + g) * (1 + c * rng.uniform(0.05, 4.0)) for _ in range(size - 2)]
    return [round(p, 2) for p in [win, win * (1 + g), *rest]]


def _planted_lots(b: Builder) -> list[dict]:
    """The lots planted whole: companies, prices, validity, the winner's index, the field
    overrides (per index) and lot attributes."""
    rng = b.rng
    out = []

    def lot(plant, companies, prices, winner=0, valid=None, share=None, **attributes):
        out.append(
            {
                "plant": plant,
                "companies": companies,
                "prices": prices,
                "winner": winner,
                "valid": valid or [True] * len(companies),
                "share": share or {},
                "attributes": attributes,
            }
        )

    def ceiling():
        return float(round(math.exp(rng.uniform(math.log(5e5), math.log(2e7))), -3))

    # statutory: bidders 0 and 1 share the fields, the rest are ordinary
    shared = {
        "S1-machine": ("machine_code",),
        "S1-hardware": ("mac", "cpu", "hdd"),
        "S2": ("pricing_lock",),
        "S3": ("file_id_code",),
        "S4": ("upload_ip", "decrypt_ip"),
        "S5": ("deposit_account_name", "deposit_account_hash", "deposit_bank"),
        "S6-contact": ("contact", "phone"),
        "S6-manager": ("manager", "manager_id_hash"),
        "S8-metadata": ("author", "last_modifier", "doc_company"),
        "S8-similarity": ("similarity",),
    }
    for plant, fields in shared.items():
        size = 5
        lot(plant, _pick(rng, b.pool, size), _normal_prices(rng, size, ceiling()), share=fields)
    # drawn from a generator of its own, so the data sets planted before it stay as they were
    own = np.random.default_rng(b.rng.bit_generator.seed_seq.entropy + 9)
    size = 5
    top = float(round(math.exp(own.uniform(math.log(5e5), math.log(2e7))), -3))
    lot(
        "S9-officer", _pick(own, b.pool, size), _normal_prices(own, size, top), share=("legal_rep",)
    )
    # S7: arithmetic (exact in yuan) and geometric
    top = ceiling()
    start, step = round(top * 0.80, -2), round(top * 0.015, -2)
    lot("S7-arithmetic", _pick(rng, b.pool, 6), [start + k * step for k in range(6)])
    top = ceiling()
    lot("S7-geometric", _pick(rng, b.pool, 5), [round(top * 0.8 * 1.02**k, 2) for k in range(5)])
    # S9: four companies on eight lots, each winning two; two ordinary bidders each time
    group = [b.reserved[f"S9-{k}"] for k in range(1, 5)]
    for k in range(8):
        winner = group[k % 4]
        others = [c for c in group if c != winner]
        prices = _normal_prices(rng, 6, ceiling())
        lot("S9", [winner, *others, *_pick(rng, b.pool, 2)], prices)
    # price screens
    top = ceiling() * 0.7
    lot("P-tight", _pick(rng, b.pool, 7), [round(top * (1 + 0.0006 * k), 2) for k in range(7)])
    top = ceiling() * 0.5
    losers = [round(top * 1.25 * (1 + 0.0007 * k), 2) for k in range(6)]
    lot("P-gap", _pick(rng, b.pool, 7), [top, *losers])
    top = ceiling() * 0.7
    cluster = [round(top * (1 + 0.001 * k), 2) for k in range(8)]
    lot("P-shape", _pick(rng, b.pool, 9), [round(top * 0.7, 2), *cluster])
    # OCDS indicators planted whole
    lot("R003", _pick(rng, b.pool, 5), _normal_prices(rng, 5, ceiling()), tender_days=7)
    lot("R018", _pick(rng, b.pool, 1), _normal_prices(rng, 2, ceiling())[:1], method=0)
    lot("R024", _pick(rng, b.pool, 6), _normal_prices(rng, 6, ceiling(), gap=0.0005))
    prices = _normal_prices(rng, 5, ceiling())
    prices[3] = prices[2]
    lot("R028", _pick(rng, b.pool, 5), prices)
    lot("R030", _pick(rng, b.pool, 5), _normal_prices(rng, 5, ceiling()), late=0)
    lot(
        "R035",
        _pick(rng, b.pool, 4),
        _normal_prices(rng, 4, ceiling()),
        valid=[True, False, False, False],
    )
    lot(
        "R036",
        _pick(rng, b.pool, 5),
        _normal_prices(rng, 5, ceiling()),
        winner=1,
        valid=[False, True, True, True, True],
    )
    lot("R058", _pick(rng, b.pool, 6), _normal_prices(rng, 6, ceiling(), gap=0.40))
    for k in range(6):  # one buyer, six projects, about half the bids disqualified
        valid = [True, True, False, False, k % 2 == 0, False]
        lot("R038-buyer", _pick(rng, b.pool, 6), _normal_prices(rng, 6, ceiling()), valid=valid)
    return out


def _substitute(b: Builder, core: dict, lot_table: dict, sizes, starts, overrides) -> None:
    """R025, R038 (tenderer), R048: a reserved company put into ordinary lots."""
    rng = b.rng
    average = b.bids / b.pool
    wanted = {"R048": 12, "R038": 12, "R025": max(12, round(1.5 * average) + 5)}
    candidates = rng.permutation(np.flatnonzero(sizes >= 5))
    taken = 0
    rank, company = core["rank"], core["company"]
    for name, count in wanted.items():
        lots = candidates[taken : taken + count]
        taken += count
        b.plants.append({"plant": name, "lots": lots.tolist(), "company": b.reserved[name]})
        for n, lot in enumerate(lots.tolist()):
            rows = np.arange(starts[lot], starts[lot] + sizes[lot])
            if name == "R048":
                row = rows[rank[rows] == 0][0]
                lot_table["classification"][lot] = n * 3  # twelve different divisions
            else:  # a losing bid, never the two lowest
                row = rows[rank[rows] >= 2][0]
                if name == "R038":
                    core["valid"][row] = n >= 9
                else:
                    core["valid"][row] = True
            company[row] = b.reserved[name]


def _lots(b: Builder, lots: int, lot_table: dict, planted: list[dict]) -> pl.DataFrame:
    """Per lot: project, buyer, agency, method, times, ceiling, classification."""
    rng = b.rng
    total = lots + len(planted)
    # ordinary lots in projects of 1–3 consecutive lots, each planted lot a project of its own
    per_project = rng.choice([1, 1, 1, 1, 2, 2, 3], size=lots)
    project_of = np.empty(lots, dtype=np.int64)
    count, i = 0, 0
    while i < lots:
        k = int(min(per_project[i], lots - i))
        project_of[i : i + k] = count
        i, count = i + k, count + 1
    lot_no = np.arange(lots) - np.searchsorted(project_of, project_of)
    project_of = np.concatenate([project_of, count + np.arange(len(planted))])
    lot_no = np.concatenate([lot_no, np.zeros(len(planted), dtype=np.int64)])
    projects = count + len(planted)
    seq = rng.permutation(projects)  # planted projects spread among the others
    buyers = max(20, projects // 40)
    agencies = max(10, projects // 200)
    method_pick = rng.choice(len(METHODS), size=projects, p=[m[2] for m in METHODS])
    buyer_of = rng.integers(0, buyers, projects)
    agency_of = rng.integers(0, agencies, projects)
    opened_days = rng.integers(0, 660, projects)
    opened_minutes = rng.integers(0, 12, projects) * 30
    tender_days = rng.integers(20, 36, projects)
    budget = np.concatenate(
        [lot_table["budget"], np.array([max(lot["prices"]) / 0.6 for lot in planted])]
    )
    classification = np.concatenate(
        [lot_table["classification"], rng.integers(0, len(CPV), len(planted))]
    )
    for n, lot in enumerate(planted):
        p = count + n
        attributes = lot["attributes"]
        if "tender_days" in attributes:
            tender_days[p] = attributes["tender_days"]
        if "method" in attributes:
            method_pick[p] = attributes["method"]
        if lot["plant"] == "R038-buyer":
            buyer_of[p] = buyers  # a buyer of its own
        budget[lots + n] = round(max(max(lot["prices"]) * 1.1, budget[lots + n]), -3)
    seq_of_project = seq
    kinds = len(CITIES) * len(PURCHASERS)
    buyer_names = [
        CITIES[k % len(CITIES)][0]
        + PURCHASERS[(k // len(CITIES)) % len(PURCHASERS)]
        + (f"（{k // kinds + 1}）" if k >= kinds else "")
        for k in range(buyers + 1)
    ]
    buyer_ids = [_uscc(500_000 + k, "12") for k in range(buyers + 1)]
    agency_names = [
        CITIES[(k * 7) % len(CITIES)][0]
        + TRADE_NAMES[k % len(TRADE_NAMES)]
        + TRADE_NAMES[(k // len(TRADE_NAMES)) % len(TRADE_NAMES)]
        + AGENCIES[k % len(AGENCIES)]
        for k in range(agencies)
    ]
    opened = [
        EPOCH + dt.timedelta(days=int(d), minutes=int(m))
        for d, m in zip(opened_days, opened_minutes, strict=True)
    ]
    project = pl.DataFrame(
        {
            "project": np.arange(projects),
            "project_seq": seq_of_project,
            "project_id": [f"ZFCG-2026-{int(s) + 1:07d}" for s in seq_of_project],
            "project_name": [
                f"{buyer_names[int(k)]}{INDUSTRIES[int(s) % len(INDUSTRIES)]}采购项目"
                for k, s in zip(buyer_of, seq_of_project, strict=True)
            ],
            "method": [METHODS[int(m)][0] for m in method_pick],
            "method_ocds": [METHODS[int(m)][1] for m in method_pick],
            "buyer": [buyer_names[int(k)] for k in buyer_of],
            "buyer_id": [buyer_ids[int(k)] for k in buyer_of],
            "agency": [agency_names[int(k)] for k in agency_of],
            "agency_id": [_uscc(700_000 + int(k), "91") for k in agency_of],
            "opened_at": opened,
            "tender_days": tender_days,
        }
    ).with_columns(
        (pl.col("opened_at") - pl.duration(days=pl.col("tender_days"))).alias("tender_start"),
        pl.col("opened_at").alias("tender_end"),
    )
    lot_frame = pl.DataFrame(
        {
            "lot": np.arange(total),
            "project": project_of,
            "lot_id": (lot_no + 1).astype(str),
            "budget": budget,
            "classification": [
                f"{CPV[int(c) % len(CPV)]}{(int(c) * 37) % 1000:03d}000" for c in classification
            ],
            "late": [False] * lots + ["late" in lot["attributes"] for lot in planted],
        }
    )
    return lot_frame.join(project, on="project").with_columns(pl.col("budget").alias("ceiling"))


def _fields(b: Builder, frame: pl.DataFrame, lot_frame: pl.DataFrame) -> pl.DataFrame:
    """Every model column of every bid, vectorised."""
    rng = b.rng
    n = frame.height
    people = b.companies.with_row_index("company").with_columns(pl.col("company").cast(pl.Int64))
    frame = frame.join(lot_frame, on="lot", how="left").join(people, on="company", how="left")
    hours_before = rng.uniform(1, 72, n)
    frame = frame.with_columns(
        pl.Series("hours_before", hours_before),
        pl.Series("doc_days", rng.uniform(1, 10, n)),
        pl.Series("edit_hours", rng.uniform(1, 48, n)),
        pl.Series("deposit_days", rng.uniform(1, 7, n)),
        pl.Series("similarity", np.round(rng.uniform(0, 30, n), 1)),
        pl.Series("file_id_code", _ids(rng, n)),
    )
    upload = pl.col("opened_at") - pl.duration(
        seconds=(pl.col("hours_before") * 3600).cast(pl.Int64)
    )
    late = pl.col("late") & pl.col("awarded")
    frame = (
        frame.with_columns(
            pl.when(late)
            .then(pl.col("tender_end") + pl.duration(hours=2))
            .otherwise(upload)
            .alias("upload_at"),
            (
                pl.col("opened_at")
                - pl.duration(seconds=(pl.col("deposit_days") * 86400).cast(pl.Int64))
            ).alias("deposit_at"),
            pl.lit(False).alias("onsite_upload"),
            pl.when(pl.col("valid"))
            .then(
                (
                    92 * pl.col("price").min().over("lot", pl.col("valid")) / pl.col("price") + 6
                ).round(2)
            )
            .alias("score"),
        )
        .with_columns(
            pl.col("upload_at").alias("bid_at"),
            (
                pl.col("upload_at")
                - pl.duration(seconds=(pl.col("doc_days") * 86400).cast(pl.Int64))
            ).alias("doc_created_at"),
        )
        .with_columns(
            (
                pl.col("doc_created_at")
                + pl.duration(seconds=(pl.col("edit_hours") * 3600).cast(pl.Int64))
            ).alias("doc_modified_at"),
            (pl.col("buyer").str.slice(0, 3) + "公共资源交易平台").alias("platform"),
        )
    )
    return frame.drop("hours_before", "doc_days", "edit_hours", "deposit_days", "tender_days")


def _ids(rng, n: int) -> list[str]:
    high = rng.integers(0, 2**63, n, dtype=np.int64).tolist()
    low = rng.integers(0, 2**32, n, dtype=np.int64).tolist()
    return [f"{a:016X}{b:08X}" for a, b in zip(high, low, strict=True)]


def _planted_overrides(b: Builder, frame: pl.DataFrame, lot: dict) -> list[dict]:
    """Field overrides (by row key) making bidder 1 share bidder 0's fields."""
    rows = frame.filter(pl.col("lot") == lot["lot"]).sort("key").to_dicts()
    lot["rows"] = rows
    out = []
    if not lot["share"]:
        return out
    first, second = rows[0], rows[1]
    change = {}
    for field in lot["share"]:
        if field == "similarity":
            change[field] = 96.5
            out.append({"key": first["key"], field: 96.5})
        elif field == "deposit_account_hash":  # paid in cash from one account, not a guarantee
            change[field] = first[field]
            change["deposit_form"] = "银行转账"
            out.append({"key": first["key"], "deposit_form": "银行转账"})
        elif field == "file_id_code":
            change[field] = first[field]
        else:
            change[field] = first[field]
    out.append({"key": second["key"], **change})
    return out


def _venue_noise(b: Builder, frame: pl.DataFrame) -> list[dict]:
    """One lot in 200: two bidders upload at the opening venue from the venue's computer."""
    rng = b.rng
    lots = frame.select("lot").unique().sort("lot")["lot"].to_numpy()
    chosen = set(rng.choice(lots, size=max(1, len(lots) // 200), replace=False).tolist())
    firsts = (
        frame.filter(pl.col("lot").is_in(list(chosen)))
        .sort("key")
        .group_by("lot", maintain_order=True)
        .head(2)
    )
    out = []
    for number, row in enumerate(firsts.iter_rows(named=True)):
        code = f"{int(row['lot']):08X}"
        out.append(
            {
                "key": row["key"],
                "onsite_upload": True,
                "machine_code": "VENUE" + code * 3 + "000",
                "mac": "00-1A-2B-" + code[-6:-4] + "-" + code[-4:-2] + "-" + code[-2:],
                "cpu": "BFEBFBFF" + code,
                "hdd": "VENUE-" + code,
                "board": "VENUEPM" + code,
                "upload_ip": f"10.{number % 200}.{int(row['lot']) % 250}.8",
                "decrypt_ip": f"10.{number % 200}.{int(row['lot']) % 250}.8",
            }
        )
    return out


def _apply(frame: pl.DataFrame, overrides: list[dict]) -> pl.DataFrame:
    if not overrides:
        return frame
    merged: dict[int, dict] = {}
    for o in overrides:
        merged.setdefault(o["key"], {}).update(o)
    patch = pl.DataFrame(list(merged.values()), infer_schema_length=None)
    fields = [c for c in patch.columns if c != "key"]
    patch = patch.with_columns([pl.col(f).cast(frame.schema[f]) for f in fields]).rename(
        {f: f"__{f}" for f in fields}
    )
    frame = frame.join(patch, on="key", how="left")
    changed = pl.col("key").is_in(patch["key"].implode())
    return frame.with_columns(
        [
            pl.when(changed & pl.col(f"__{f}").is_not_null())
            .then(pl.col(f"__{f}"))
            .otherwise(pl.col(f))
            .alias(f)
            for f in fields
        ]
    ).drop([f"__{f}" for f in fields])


# ---------------------------------------------------------------- the manifest


def manifest(frame: pl.DataFrame, b: Builder, fmt: str, seed: int, clean: bool) -> dict:
    kind = "ocds" if fmt in ("jsonl", "json") else "template"
    lots = frame.group_by("lot").agg(
        pl.col("project_id").first(),
        pl.col("lot_id").first(),
        pl.col("buyer_id").first(),
        pl.col("buyer").first(),
    )
    lot_keys = {r["lot"]: r for r in lots.iter_rows(named=True)}
    people = b.companies

    def project(lot):
        key = lot_keys[lot]
        return (OCID_PREFIX if kind == "ocds" else "") + key["project_id"], key["lot_id"]

    def tenderer(company):
        code = people["bidder_id"][company]
        return f"CN-USCC-{code}" if kind == "ocds" else code

    items = []
    by_plant: dict[str, list[dict]] = {}
    for row in frame.filter(pl.col("plant").is_not_null()).sort("key").iter_rows(named=True):
        by_plant.setdefault(row["plant"], []).append(row)
    for plant, rows in by_plant.items():
        rules, what, formats = PLANTS[plant]
        for lot in sorted({r["lot"] for r in rows}):
            in_lot = [r for r in rows if r["lot"] == lot]
            project_id, lot_id = project(lot)
            involved = (
                in_lot[:2]
                if plant.startswith(("S1", "S2", "S3", "S4", "S5", "S6", "S8", "S9-"))
                else in_lot
            )
            if plant == "S9":
                involved = [r for r in in_lot if r["company"] >= b.pool]
            item = {
                "plant": plant,
                "rules": list(rules),
                "what": what,
                "project_id": project_id,
                "lot_id": lot_id,
                "bidders": [r["bidder_name"] for r in involved],
                "expected": kind in formats,
            }
            if plant == "R038-buyer":
                key = lot_keys[lot]
                item["group"] = "Buyer"
                item["identifier"] = (
                    "CN-USCC-" + key["buyer_id"] if kind == "ocds" else key["buyer"]
                )
            items.append(item)
    for sub in b.plants:
        rules, what, formats = PLANTS[{"R038": "R038-tenderer"}.get(sub["plant"], sub["plant"])]
        company = sub["company"]
        items.append(
            {
                "plant": sub["plant"] if sub["plant"] != "R038" else "R038-tenderer",
                "rules": list(rules),
                "what": what,
                "group": "Tenderer",
                "identifier": tenderer(company),
                "bidders": [people["bidder_name"][company]],
                "lots": [list(project(lot)) for lot in sub["lots"]],
                "expected": kind in formats,
            }
        )
    return {
        "format": fmt,
        "seed": seed,
        "clean": clean,
        "bids": frame.height,
        "lots": frame.select("lot").n_unique(),
        "companies": b.pool,
        "price_screens": list(PRICE_SCREENS),
        "planted": items,
    }


# ---------------------------------------------------------------- writers


def _text_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """The template's columns as the text a platform export holds."""
    stamp = "%Y-%m-%d %H:%M:%S"
    frame = frame.with_columns(pl.lit(EXPORTED).alias("exported_at"))
    columns = []
    for header, column in TEMPLATE:
        expr = pl.col(column)
        dtype = frame.schema[column]
        if column in ("awarded", "onsite_upload"):
            expr = pl.when(expr).then(pl.lit("是")).otherwise(pl.lit("否"))
        elif column == "valid":
            expr = pl.when(expr).then(pl.lit("有效")).otherwise(pl.lit("无效"))
        elif isinstance(dtype, pl.Datetime):
            expr = expr.dt.strftime(stamp)
        elif column in ("price", "budget", "ceiling"):
            expr = expr.round(2).cast(pl.String)
        elif column == "exported_at":
            expr = pl.lit(EXPORTED)
        else:
            expr = expr.cast(pl.String)
        columns.append(expr.alias(header))
    return frame.select(columns)


def write_csv(frame: pl.DataFrame, path: Path) -> None:
    _text_columns(frame).write_csv(path)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_xlsx(frame: pl.DataFrame, path: Path) -> None:
    """A minimal .xlsx written as XML with polars (openpyxl would take minutes for a million
    rows): one sheet, inline strings, numbers as numbers."""
    if frame.height > 1_048_575:
        raise SystemExit("XLSX holds at most 1,048,575 rows of data; use --format csv.")
    text = _text_columns(frame)
    numeric = {"投标报价(元)", "预算金额(元)", "最高限价(元)", "最终得分", "排名", "平台雷同度(%)"}

    def cell(header: str, index: int) -> pl.Expr:
        value = pl.col(header)
        ref = pl.lit(_column_letter(index)) + pl.col("__r")
        if header in numeric:
            body = pl.lit('"><v>') + value + pl.lit("</v></c>")
        else:
            escaped = (
                value.str.replace_all("&", "&amp;", literal=True)
                .str.replace_all("<", "&lt;", literal=True)
                .str.replace_all(">", "&gt;", literal=True)
            )
            body = pl.lit('" t="inlineStr"><is><t>') + escaped + pl.lit("</t></is></c>")
        return (
            pl.when(value.is_not_null()).then(pl.lit('<c r="') + ref + body).otherwise(pl.lit(""))
        )

    headers = [h for h, _c in TEMPLATE]
    head_cells = "".join(
        f'<c r="{_column_letter(i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
        for i, h in enumerate(headers)
    )
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="' + PKG_REL + '"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="' + SML + 'sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
            + SML
            + 'worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="' + REL + 'officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="投标数据" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="' + REL + 'worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData>" + f'<row r="1">{head_cells}</row>'.encode()
            )
            step = 100_000
            for offset in range(0, text.height, step):
                chunk = text.slice(offset, step).with_columns(
                    (pl.int_range(offset + 2, offset + 2 + min(step, text.height - offset)))
                    .cast(pl.String)
                    .alias("__r")
                )
                rows = chunk.select(
                    pl.lit('<row r="')
                    + pl.col("__r")
                    + pl.lit('">')
                    + pl.concat_str([cell(h, i) for i, h in enumerate(headers)])
                    + pl.lit("</row>")
                ).to_series()
                sheet.write("".join(rows.to_list()).encode())
            sheet.write(b"</sheetData></worksheet>")


def _iso(column: str) -> pl.Expr:
    return pl.col(column).dt.strftime("%Y-%m-%dT%H:%M:%S+08:00")


def _party(id_column: str, name_column: str) -> pl.Expr:
    return pl.struct(pl.col(id_column).alias("id"), pl.col(name_column).alias("name"))


def releases(frame: pl.DataFrame) -> pl.Series:
    """One compiled release (JSON text) per process, built with polars expressions."""
    bids = frame.with_columns(
        (pl.lit(OCID_PREFIX) + pl.col("project_id")).alias("ocid"),
        (pl.lit("CN-USCC-") + pl.col("bidder_id")).alias("tid"),
        (pl.lit("CN-USCC-") + pl.col("buyer_id")).alias("bid_buyer"),
        (pl.lit("CN-USCC-") + pl.col("agency_id")).alias("bid_agency"),
    )
    detail = pl.struct(
        (pl.col("ocid") + "-bid-" + pl.col("key").cast(pl.String)).alias("id"),
        _iso("bid_at").alias("date"),
        pl.when(pl.col("valid"))
        .then(pl.lit("valid"))
        .otherwise(pl.lit("disqualified"))
        .alias("status"),
        pl.concat_list([_party("tid", "bidder_name")]).alias("tenderers"),
        pl.struct(pl.col("price").alias("amount"), pl.lit("CNY").alias("currency")).alias("value"),
        pl.concat_list([pl.col("lot_id")]).alias("relatedLots"),
    ).struct.json_encode()
    bids = bids.with_columns(detail.alias("bid_json"))
    classification = pl.struct(pl.lit("CPV").alias("scheme"), pl.col("classification").alias("id"))
    award = pl.struct(
        (pl.col("ocid") + "-award-" + pl.col("lot_id")).alias("id"),
        pl.lit("active").alias("status"),
        (pl.col("opened_at") + pl.duration(days=3))
        .dt.strftime("%Y-%m-%dT%H:%M:%S+08:00")
        .alias("date"),
        pl.concat_list([_party("tid", "bidder_name")]).alias("suppliers"),
        pl.struct(pl.col("price").alias("amount"), pl.lit("CNY").alias("currency")).alias("value"),
        pl.concat_list([pl.col("lot_id")]).alias("relatedLots"),
        pl.concat_list(
            [
                pl.struct(
                    pl.lit("1").alias("id"),
                    classification.alias("classification"),
                    pl.col("lot_id").alias("relatedLot"),
                )
            ]
        ).alias("items"),
    ).struct.json_encode()
    awards = bids.filter(pl.col("awarded")).select("ocid", award.alias("award_json"))
    lot = pl.struct(
        pl.col("lot_id").alias("id"),
        (pl.lit("第") + pl.col("lot_id") + pl.lit("包")).alias("title"),
        pl.struct(pl.col("budget").alias("amount"), pl.lit("CNY").alias("currency")).alias("value"),
    ).struct.json_encode()
    item = pl.struct(
        pl.col("lot_id").alias("id"),
        classification.alias("classification"),
        pl.col("lot_id").alias("relatedLot"),
    ).struct.json_encode()
    lots = bids.group_by("ocid", "lot_id").agg(
        lot.first().alias("lot_json"), item.first().alias("item_json")
    )
    parties = (
        bids.group_by("ocid", "tid")
        .agg(pl.col("bidder_name").first(), pl.col("bidder_id").first(), pl.col("awarded").any())
        .with_columns(
            (
                pl.lit('{"id":')
                + _json_text("tid")
                + pl.lit(',"name":')
                + _json_text("bidder_name")
                + pl.lit(',"identifier":{"scheme":"CN-USCC","id":"')
                + pl.col("bidder_id")
                + pl.lit('"},"roles":')
                + pl.when(pl.col("awarded"))
                .then(pl.lit('["tenderer","supplier"]'))
                .otherwise(pl.lit('["tenderer"]'))
                + pl.lit("}")
            ).alias("party_json")
        )
    )
    process = bids.group_by("ocid").agg(
        pl.col("project_id").first(),
        pl.col("project_name").first(),
        pl.col("method").first(),
        pl.col("method_ocds").first(),
        pl.col("bid_buyer").first(),
        pl.col("buyer").first(),
        pl.col("buyer_id").first(),
        pl.col("bid_agency").first(),
        pl.col("agency").first(),
        pl.col("agency_id").first(),
        _iso("tender_start").first().alias("start"),
        _iso("tender_end").first().alias("end"),
        pl.col("budget").sum().alias("budget"),
        pl.col("bid_json").str.join(",").alias("bids_json"),
        pl.col("project_seq").first().alias("seq"),
        pl.col("tid").n_unique().alias("tenderers"),
    )
    process = (
        process.join(
            lots.group_by("ocid").agg(
                pl.col("lot_json").str.join(",").alias("lots_json"),
                pl.col("item_json").str.join(",").alias("items_json"),
            ),
            on="ocid",
        )
        .join(
            awards.group_by("ocid").agg(pl.col("award_json").str.join(",").alias("awards_json")),
            on="ocid",
            how="left",
        )
        .join(
            parties.group_by("ocid").agg(pl.col("party_json").str.join(",").alias("tparties")),
            on="ocid",
        )
        .sort("seq")
        .with_columns((pl.col("ocid") + "-compiled").alias("release_id"))
    )

    js = _json_text

    def org(i: str, n: str, roles: str) -> pl.Expr:
        return pl.lit('{"id":') + js(i) + pl.lit(',"name":') + js(n) + pl.lit(f',"roles":{roles}}}')

    release = (
        pl.lit('{"ocid":')
        + js("ocid")
        + pl.lit(',"id":')
        + js("release_id")
        + pl.lit(',"date":')
        + js("end")
        + pl.lit(',"tag":["compiled"],"initiationType":"tender","language":"zh"')
        + pl.lit(',"parties":[')
        + org("bid_buyer", "buyer", '["buyer"]')
        + pl.lit(",")
        + org("bid_agency", "agency", '["procuringEntity"]')
        + pl.lit(",")
        + pl.col("tparties")
        + pl.lit('],"buyer":{"id":')
        + js("bid_buyer")
        + pl.lit(',"name":')
        + js("buyer")
        + pl.lit('},"tender":{"id":')
        + js("project_id")
        + pl.lit(',"title":')
        + js("project_name")
        + pl.lit(',"status":"complete","procurementMethod":')
        + js("method_ocds")
        + pl.lit(',"procurementMethodDetails":')
        + js("method")
        + pl.lit(',"value":{"amount":')
        + pl.col("budget").round(2).cast(pl.String)
        + pl.lit(',"currency":"CNY"},"tenderPeriod":{"startDate":')
        + js("start")
        + pl.lit(',"endDate":')
        + js("end")
        + pl.lit('},"procuringEntity":{"id":')
        + js("bid_agency")
        + pl.lit(',"name":')
        + js("agency")
        + pl.lit('},"numberOfTenderers":')
        + pl.col("tenderers").cast(pl.String)
        + pl.lit(',"lots":[')
        + pl.col("lots_json")
        + pl.lit('],"items":[')
        + pl.col("items_json")
        + pl.lit(']},"bids":{"details":[')
        + pl.col("bids_json")
        + pl.lit(']},"awards":[')
        + pl.col("awards_json").fill_null("")
        + pl.lit("]}")
    )
    return process.select(release.alias("release")).to_series()


def _json_text(column: str) -> pl.Expr:
    """A text column as JSON string literals."""
    return pl.col(column).map_batches(_json_str, return_dtype=pl.String)


def _json_str(series: pl.Series) -> pl.Series:
    return (
        pl.select(pl.struct(series.alias("v")).struct.json_encode())
        .to_series()
        .str.slice(5)
        .str.head(-1)
    )


def write_jsonl(frame: pl.DataFrame, path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for text in releases(frame).to_list():
            handle.write(text + "\n")


def write_package(frame: pl.DataFrame, path: Path) -> None:
    """A release package: per process a tender release and an award release (bids, awards)."""
    if frame.height > 50_000:
        raise SystemExit("A release package is for small sets (≤ 50,000 bids); use jsonl.")
    out = []
    for text in releases(frame).to_list():
        compiled = json.loads(text)
        common = {k: compiled[k] for k in ("ocid", "initiationType", "language", "buyer")}
        tender = {
            **common,
            "id": compiled["ocid"] + "-tender",
            "date": compiled["tender"]["tenderPeriod"]["startDate"],
            "tag": ["tender"],
            "parties": [p for p in compiled["parties"] if "tenderer" not in p["roles"]],
            "tender": {**compiled["tender"], "status": "active"},
        }
        award = {
            **common,
            "id": compiled["ocid"] + "-award",
            "date": compiled["date"],
            "tag": ["award"],
            "parties": [p for p in compiled["parties"] if "tenderer" in p["roles"]],
            "tender": {"id": compiled["tender"]["id"], "status": "complete"},
            "bids": compiled["bids"],
            "awards": compiled["awards"],
        }
        out.extend([tender, award])
    package = {
        "uri": "https://example.org/liandong/synthetic.json",
        "version": "1.1",
        "publishedDate": "2026-11-01T10:00:00+08:00",
        "publisher": {"name": "联动 合成测试数据"},
        "releases": out,
    }
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "jsonl": write_jsonl, "json": write_package}


def generate(
    bids: int,
    fmt: str,
    out: Path,
    *,
    clean: bool = False,
    seed: int = 20261130,
    companies: int | None = None,
    manifest_path: Path | None = None,
) -> dict:
    """Write the data set and its manifest; returns the manifest."""
    frame, builder = build(bids, seed, clean, companies)
    WRITERS[fmt](frame, out)
    result = manifest(frame, builder, fmt, seed, clean)
    target = manifest_path or out.with_name(out.name.split(".")[0] + ".manifest.json")
    target.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    result["manifest"] = str(target)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bids", type=int, default=10_000)
    parser.add_argument("--format", choices=sorted(WRITERS), default="csv")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--clean", action="store_true", help="plant nothing")
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--companies", type=int, help="supplier pool (default bids / 40)")
    parser.add_argument("--manifest", type=Path)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = generate(
        args.bids,
        args.format,
        args.out,
        clean=args.clean,
        seed=args.seed,
        companies=args.companies,
        manifest_path=args.manifest,
    )
    print(
        f"{result['bids']:,} bids in {result['lots']:,} lots, {result['companies']:,} companies, "
        f"{len(result['planted'])} planted patterns → {args.out} "
        f"({args.out.stat().st_size / 2**20:.1f} MiB) in {time.perf_counter() - started:.1f} s; "
        f"manifest {result['manifest']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
