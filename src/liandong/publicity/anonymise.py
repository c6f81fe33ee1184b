"""Anonymisation (脱敏) of a text that is to be published: natural persons' names, personal ID
numbers and telephone numbers are masked; organisations' names are left as they are (legal
persons' penalties are public).

Plain Python, no Django: the publicity actions call it, and so can anything else.

What is masked, and how:

- names given by the caller (the case's natural-person parties, names the drafter adds): the
  surname stays, the given name becomes 某 — 张三 → 张某, 欧阳娜娜 → 欧阳某 (compound surnames are
  recognised). When two different people of one text would read alike (张三 and 张四), they are
  told apart as 张某甲, 张某乙 … in the order they were given. A name already masked (王某) and a
  single character are left alone;
- 18-character personal ID numbers (GB 11643, checked with ``stdnum.cn.ric``): the first six
  characters (the region code, not personal) stay, the other twelve (birth date, sequence, check)
  become ``*``. A number whose only fault is its check digit is masked too (a mistyped ID is still
  someone's); an 18-character 统一社会信用代码 is not an ID number and stays;
- mobile numbers (1[3-9] and nine digits, optionally +86 and separators): the first three digits
  stay; landlines with an area code (0595-22345678, （0595）22345678) keep the area code; a
  7–8 digit number right after 电话/座机/传真 is masked whole. Amounts (followed by 元/万/亿/%),
  dates and document numbers such as 泉鲤政财〔2026〕1号 are not telephone numbers.

``anonymise`` returns the new text and what it changed. The changes name the original of a name
in full (the drafter needs to see whose name went), but of an ID or telephone number only its last
four characters: the list is kept with the draft, and must not become a copy of the number.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as InvalidNumber

NAME, ID_NUMBER, MOBILE, LANDLINE = "name", "id_number", "mobile", "landline"
KIND_LABELS = {NAME: "姓名", ID_NUMBER: "身份证号码", MOBILE: "手机号码", LANDLINE: "固定电话"}

MASK_CHAR = "*"
NAME_MASK = "某"
SUFFIXES = "甲乙丙丁戊己庚辛壬癸"

# 复姓: two-character surnames that occur today (《百家姓》 and the census lists).
_COMPOUND = """
欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 司空 夏侯 轩辕 端木 独孤
南宫 西门 东门 南门 百里 呼延 澹台 公冶 太史 申屠 闻人 赫连 钟离 锺离 濮阳 万俟 单于 拓跋
第五 梁丘 左丘 东郭 仲孙 淳于 鲜于 宗政 羊舌 谷梁 乐正 公羊 漆雕 壤驷 公西 亓官 司寇 巫马
子车 颛孙 段干 微生 公良 夹谷 宰父 归海 伯赏 商牟
"""
COMPOUND_SURNAMES = frozenset(_COMPOUND.split())

_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(
    r"(?<![0-9A-Za-z+])(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}"
    r"(?![0-9A-Za-z.]|\s*(?:元|万|亿|%|％|年|月|日|号))"
)
_LANDLINE = re.compile(
    r"(?<![0-9A-Za-z-])(?:[(（]0\d{2,3}[)）]\s?|0\d{2,3}[-－—\s])\d{7,8}(?:-\d{1,6})?"
    r"(?![0-9A-Za-z.]|\s*(?:元|万|亿|%|％))"
)
_LANDLINE_AFTER_WORD = re.compile(
    r"(?:电话|座机|传真|联系方式|Tel|TEL)(?:号码)?[:：\s]*(\d{7,8})(?![0-9A-Za-z.])"
)
_SEPARATORS = re.compile(r"[\s、，,；;／/]+")


@dataclass(frozen=True)
class Change:
    """One value that was masked, and how often."""

    kind: str
    original: str  # a name in full; an ID or telephone number only by its last four characters
    masked: str
    count: int

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def __str__(self) -> str:
        return f"{self.label} {self.original} → {self.masked}（{self.count}处）"

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "original": self.original,
            "masked": self.masked,
            "count": self.count,
        }


@dataclass(frozen=True)
class Result:
    texts: tuple[str, ...]
    changes: tuple[Change, ...]

    @property
    def text(self) -> str:
        return self.texts[0]

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def split_names(text: str) -> list[str]:
    """Names typed one a line, or separated by 、，, ；/ and spaces."""
    return [n for n in _SEPARATORS.split(text or "") if n]


def surname(name: str) -> str:
    name = name.split("·")[0].split("•")[0]
    if name[:2] in COMPOUND_SURNAMES and len(name) > 2:
        return name[:2]
    return name[:1]


def mask_name(name: str) -> str:
    return surname(name) + NAME_MASK


def is_maskable_name(name: str) -> bool:
    return len(name) >= 2 and NAME_MASK not in name


def mask_id_number(value: str) -> str:
    return value[:6] + MASK_CHAR * (len(value) - 6)


def _mask_digits(value: str, keep: int) -> str:
    """Every digit after the first ``keep`` digits becomes ``*``; separators stay."""
    out, seen = [], 0
    for ch in value:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen <= keep else MASK_CHAR)
        else:
            out.append(ch)
    return "".join(out)


def mask_mobile(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    keep = 5 if digits.startswith("86") and len(digits) == 13 else 3  # +86 138…
    return _mask_digits(value, keep)


def mask_landline(value: str) -> str:
    area = re.match(r"[(（]?(0\d{2,3})", value)
    return _mask_digits(value, len(area.group(1)) if area else 0)


def _tail(value: str) -> str:
    digits = re.sub(r"[^0-9Xx]", "", value)
    return MASK_CHAR * (len(digits) - 4) + digits[-4:]


def _is_id_number(value: str) -> bool:
    """A valid 居民身份证号码, or one whose only fault is the check digit (and which is not a
    valid 统一社会信用代码 instead)."""
    try:
        ric.validate(value)
    except InvalidChecksum:
        return not uscc.is_valid(value)
    except InvalidNumber:
        return False
    return True


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    kind: str
    original: str
    masked: str
    shown: str  # how the original appears in the list of changes


def _name_masks(names: Sequence[str], texts: Sequence[str]) -> dict[str, str]:
    """Each name that occurs in ``texts`` → its mask, telling apart people who would read alike."""
    present = [
        n
        for n in dict.fromkeys(n.strip() for n in names)
        if is_maskable_name(n) and n in "".join(texts)
    ]
    by_mask: dict[str, list[str]] = {}
    for name in present:
        by_mask.setdefault(mask_name(name), []).append(name)
    masks = {}
    for mask, alike in by_mask.items():
        if len(alike) == 1:
            masks[alike[0]] = mask
        else:
            for i, name in enumerate(alike):
                suffix = SUFFIXES[i] if i < len(SUFFIXES) else str(i + 1)
                masks[name] = mask + suffix
    return masks


def _hits(text: str, masks: dict[str, str]) -> list[_Hit]:
    hits = []
    if masks:
        pattern = re.compile("|".join(re.escape(n) for n in sorted(masks, key=len, reverse=True)))
        for m in pattern.finditer(text):
            hits.append(_Hit(m.start(), m.end(), NAME, m.group(), masks[m.group()], m.group()))
    for m in _ID.finditer(text):
        value = m.group()
        if _is_id_number(value.upper()):
            hits.append(
                _Hit(m.start(), m.end(), ID_NUMBER, value, mask_id_number(value), _tail(value))
            )
    for m in _MOBILE.finditer(text):
        value = m.group()
        hits.append(_Hit(m.start(), m.end(), MOBILE, value, mask_mobile(value), _tail(value)))
    for m in _LANDLINE.finditer(text):
        value = m.group()
        hits.append(_Hit(m.start(), m.end(), LANDLINE, value, mask_landline(value), _tail(value)))
    for m in _LANDLINE_AFTER_WORD.finditer(text):
        value = m.group(1)
        hits.append(
            _Hit(m.start(1), m.end(1), LANDLINE, value, MASK_CHAR * len(value), _tail(value))
        )
    return hits


def _kept_spans(text: str, keep: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for word in {k.strip() for k in keep if k and k.strip()}:
        start = text.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = text.find(word, start + 1)
    return spans


def _rewrite(text: str, masks: dict[str, str], keep: Iterable[str]) -> tuple[str, list[_Hit]]:
    kept = _kept_spans(text, keep)
    chosen: list[_Hit] = []
    last_end = 0
    # Leftmost first; at one place the longer match wins (an ID number over a name inside it).
    for hit in sorted(_hits(text, masks), key=lambda h: (h.start, -(h.end - h.start))):
        if hit.start < last_end:
            continue
        if hit.kind == NAME and any(s < hit.end and hit.start < e for s, e in kept):
            continue  # part of an organisation's name, which is published as it is
        chosen.append(hit)
        last_end = hit.end
    out, pos = [], 0
    for hit in chosen:
        out.append(text[pos : hit.start])
        out.append(hit.masked)
        pos = hit.end
    out.append(text[pos:])
    return "".join(out), chosen


def anonymise_all(
    texts: Sequence[str], *, names: Iterable[str] = (), keep: Iterable[str] = ()
) -> Result:
    """Mask ``texts`` (e.g. a title and a body) consistently: one person reads the same in each.
    ``names``: the natural persons' names to mask; ``keep``: names of organisations, whose
    letters are never masked even when a person's name occurs inside them."""
    keep = list(keep)
    masks = _name_masks(list(names), texts)
    outputs, counts, order = [], {}, []
    for text in texts:
        new, hits = _rewrite(text or "", masks, keep)
        outputs.append(new)
        for hit in hits:
            key = (hit.kind, hit.shown, hit.masked)
            if key not in counts:
                counts[key] = 0
                order.append(key)
            counts[key] += 1
    changes = tuple(
        Change(kind, shown, masked, counts[(kind, shown, masked)]) for kind, shown, masked in order
    )
    return Result(tuple(outputs), changes)


def anonymise(text: str, *, names: Iterable[str] = (), keep: Iterable[str] = ()) -> Result:
    """Mask one text; see ``anonymise_all``."""
    return anonymise_all([text], names=names, keep=keep)
