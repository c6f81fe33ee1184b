"""The typefaces of an official document (RULES.md §8): the official ones where installed, Noto CJK
otherwise.

GB/T 9704-2012 names typefaces, not files: 仿宋 for the body, 小标宋 for the title and the
issuer's mark, 黑体 and 楷体 for the first and second heading levels, 宋体 for page numbers. Which
font family stands for each is decided here once per process from what fontconfig knows
(``fc-list``), because LibreOffice replaces a missing family with whatever fontconfig suggests,
and for 仿宋_GB2312 on a machine without it that is rarely a Chinese serif.
"""

import functools
import shutil
import subprocess
from dataclasses import dataclass

NOTO_SERIF = "Noto Serif CJK SC"
NOTO_SANS = "Noto Sans CJK SC"


@dataclass(frozen=True)
class Face:
    family: str
    bold: bool = False


# role → the official families in order of preference, then the fallback (Debian fonts-noto-cjk)
CHOICES: dict[str, tuple[tuple[str, ...], Face]] = {
    "fangsong": (
        ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong"),
        Face(NOTO_SERIF),
    ),
    # 小标宋 is a heavy Song; Noto Serif's bold weight is the nearest look
    "xiaobiaosong": (
        ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05"),
        Face(NOTO_SERIF, bold=True),
    ),
    "heiti": (("黑体", "SimHei", "STHeiti"), Face(NOTO_SANS)),
    "kaiti": (("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti"), Face(NOTO_SERIF)),
    "songti": (("宋体", "SimSun", "STSong"), Face(NOTO_SERIF)),
}


@functools.cache
def installed_families() -> frozenset[str]:
    """Every family name (and its localised aliases) fontconfig lists; empty if it cannot tell."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return frozenset()
    try:
        out = subprocess.run(  # noqa: S603 - fixed arguments
            [fc_list, ":", "family"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(","))


def cjk_installed() -> bool:
    """Whether fontconfig knows a Chinese face: an official one or the Noto fallback."""
    known = {NOTO_SERIF, NOTO_SANS}
    for official, _fallback in CHOICES.values():
        known.update(official)
    return bool(installed_families() & known)


def face(role: str) -> Face:
    official, fallback = CHOICES[role]
    families = installed_families()
    for family in official:
        if family in families:
            return Face(family)
    return fallback


def faces() -> dict[str, Face]:
    """The face of every role on this machine (rendered documents record it)."""
    return {role: face(role) for role in CHOICES}
