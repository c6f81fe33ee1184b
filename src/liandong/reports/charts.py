"""Charts: one plain description (``Chart``), drawn as inline SVG for pages and as PNG for the
operation report (运行情况报告, .docx).

``svg(chart)`` writes the markup by hand: no library, no script, no ``style`` attribute (the
page's Content-Security-Policy blocks both), only presentation attributes, so a dashboard of
eight charts costs a few milliseconds. The drawing scales with its container (``viewBox``,
``width="100%"``) and speaks to screen readers (``role="img"``, a ``<title>``, a ``<desc>`` with
the numbers, and a tooltip on every bar and point).

``chart_png.png(chart)`` draws the same description as a PNG for documents.
"""

import html
import math
import re
from dataclasses import dataclass

KINDS = ("bar", "stacked", "hbar", "line")
NO_DATA = "无数据"

NAVY = "#1f3a5f"  # the site's header
RED = "#a61c1c"
# navy and red first; four more told apart in colour and in lightness; greys last
PALETTE = (NAVY, RED, "#2f7d6d", "#c98a1b", "#4f86b8", "#6b4f8f", "#6b7280", "#a3a9b3")
TEXT = "#1f2933"
MUTED = "#5b6470"
GRID = "#e3e6ea"
AXIS = "#9aa1ab"


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    title: str
    categories: tuple[str, ...]  # x axis labels (Chinese), e.g. months or departments
    series: tuple[Series, ...]  # one or more; each as long as categories
    kind: str = "bar"  # "bar" (grouped), "stacked", "hbar" (horizontal, long labels), "line"
    unit: str = ""  # shown with values, e.g. "件", "%", "小时"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"chart kind {self.kind!r}: one of {', '.join(KINDS)}")
        for s in self.series:
            if len(s.values) != len(self.categories):
                raise ValueError(
                    f"series {s.name!r} has {len(s.values)} values for "
                    f"{len(self.categories)} categories"
                )
            if not all(math.isfinite(v) for v in s.values):
                raise ValueError(f"series {s.name!r} has a value that is not a finite number")

    @property
    def empty(self) -> bool:
        """Nothing to draw: no categories, no series, or every value zero."""
        return not any(v for s in self.series for v in s.values)


# ---------------------------------------------------------------------------------------------
# Numbers and text


def _nice(x: float, round_: bool) -> float:
    exponent = math.floor(math.log10(x))
    f = x / 10**exponent
    if round_:
        nice = 1 if f < 1.5 else 2 if f < 3 else 5 if f < 7 else 10
    else:
        nice = 1 if f <= 1 else 2 if f <= 2 else 5 if f <= 5 else 10
    return nice * 10**exponent


def nice_ticks(low: float, high: float, count: int = 5, *, integer: bool = False) -> list[float]:
    """Round tick values covering ``low``..``high`` (0 included by the callers), about ``count``
    of them, steps of 1, 2 or 5 × 10ⁿ; steps of at least 1 for counts (``integer``)."""
    if high <= low:
        high = low + 1
    step = _nice(_nice(high - low, False) / (count - 1), True)
    if integer:
        step = max(step, 1.0)
    start, stop = math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step
    return [round(start + i * step, 10) for i in range(round((stop - start) / step) + 1)]


def number(value: float, decimals: int | None = None) -> str:
    """12 → "12", 96.5 → "96.5", 0.125 → "0.13"; ``decimals`` fixed for axis ticks."""
    if decimals is not None:
        return f"{value:.{decimals}f}"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _tick_decimals(ticks: list[float]) -> int:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    return max(0, -math.floor(math.log10(step) + 1e-9))


def _with_unit(value: float, unit: str) -> str:
    return number(value) + unit


# XML 1.0 has no place for most control characters, escaped or not
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _esc(text: str) -> str:
    return html.escape(_NOT_XML.sub("", str(text)), quote=True)


def _wide(c: str) -> bool:
    return ord(c) >= 0x2E80 or c == "…"


def text_width(text: str, size: float) -> float:
    """Width of ``text`` at ``size``: CJK and full-width characters one em, the rest 0.6."""
    return sum(size if _wide(c) else 0.6 * size for c in text)


def truncate(text: str, width: float, size: float) -> str:
    """``text``, cut and ended with … when it is wider than ``width``."""
    if text_width(text, size) <= width:
        return text
    room, out = width - size, []
    for c in text:
        room -= text_width(c, size)
        if room < 0:
            break
        out.append(c)
    return "".join(out).rstrip() + "…"


def category_labels(categories: tuple[str, ...], slot: float, size: float) -> tuple[list[str], int]:
    """Labels under a vertical chart's slots ``slot`` wide, and their slant: level when they
    fit, cut with … when a slot holds four characters; else slanted at 45° while a slot is as
    tall as a slanted line, upright (90°) below that, every second or third one left out when
    even upright lines do not fit (the bars keep every name in their tooltips). Slanted and
    upright labels are cut at eight characters."""
    widest = max(text_width(c, size) for c in categories)
    if widest <= slot - 4 or slot >= 4 * size:
        return [truncate(c, slot - 4, size) for c in categories], 0
    labels = [truncate(c, 8 * size, size) for c in categories]
    if slot >= 1.45 * size:
        return labels, 45
    every = math.ceil((size + 2) / slot)
    return [c if i % every == 0 else "" for i, c in enumerate(labels)], 90


def _color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _ink_on(fill: str) -> str:
    """White or dark text, whichever reads on ``fill``."""
    r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return TEXT if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#ffffff"


def _integers(chart: Chart) -> bool:
    return all(float(v).is_integer() for s in chart.series for v in s.values)


def _domain(chart: Chart) -> tuple[float, float]:
    """The values' range, zero included; a stack's sums for "stacked"."""
    if chart.kind == "stacked":
        ups = [sum(max(s.values[i], 0) for s in chart.series) for i in range(len(chart.categories))]
        downs = [
            sum(min(s.values[i], 0) for s in chart.series) for i in range(len(chart.categories))
        ]
        return min(0.0, *downs), max(0.0, *ups)
    values = [v for s in chart.series for v in s.values]
    return min(0.0, *values), max(0.0, *values)


def _tooltip(chart: Chart, category: str, series: Series, value: float) -> str:
    return f"{category} · {series.name}：{_with_unit(value, chart.unit)}"


def _description(chart: Chart) -> str:
    """The numbers in words, for screen readers."""
    if chart.empty:
        return NO_DATA
    parts = []
    for i, category in enumerate(chart.categories):
        values = "，".join(f"{s.name} {_with_unit(s.values[i], chart.unit)}" for s in chart.series)
        parts.append(f"{category}：{values}")
    return "；".join(parts) + "。"


# ---------------------------------------------------------------------------------------------
# SVG

WIDTH = 640
HEIGHT = 360
PAD = 16
FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
TITLE_SIZE, LABEL_SIZE, TICK_SIZE, VALUE_SIZE = 15, 12, 11, 11


def _n(x: float) -> str:
    """A coordinate: one decimal is plenty."""
    return f"{x:.1f}".removesuffix(".0")


class _Svg:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float = LABEL_SIZE,
        fill: str = TEXT,
        anchor: str = "start",
        rotate: float = 0,
        cls: str = "",
        weight: str = "",
        tip: str = "",
    ) -> None:
        attrs = f'x="{_n(x)}" y="{_n(y)}" font-size="{size}" fill="{fill}"'
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if rotate:
            attrs += f' transform="rotate({_n(rotate)} {_n(x)} {_n(y)})"'
        if cls:
            attrs += f' class="{cls}"'
        if weight:
            attrs += f' font-weight="{weight}"'
        title = f"<title>{_esc(tip)}</title>" if tip and tip != text else ""
        self.add(f"<text {attrs}>{title}{_esc(text)}</text>")

    def rect(self, x: float, y: float, w: float, h: float, fill: str, tip: str = "") -> None:
        box = f'x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0))}" height="{_n(max(h, 0))}"'
        if tip:
            self.add(f'<rect {box} fill="{fill}"><title>{_esc(tip)}</title></rect>')
        else:
            self.add(f'<rect {box} fill="{fill}"/>')

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str = GRID) -> None:
        self.add(
            f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
            f'stroke="{stroke}" stroke-width="1"/>'
        )

    def markup(self, chart: Chart, height: float) -> str:
        label = _esc(chart.title or "图表")
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_n(height)}" '
            f'width="100%" role="img" aria-label="{label}" class="chart chart-{chart.kind}" '
            f'font-family="{FONT}"><title>{label}</title>'
            f"<desc>{_esc(_description(chart))}</desc>"
        )
        return head + "".join(self.parts) + "</svg>"


def _header(chart: Chart, out: _Svg) -> float:
    """Title, unit and legend; returns the height they take."""
    unit = f"单位：{chart.unit}" if chart.unit else ""
    unit_w = text_width(unit, TICK_SIZE)
    if unit:
        out.text(WIDTH - PAD, 26, unit, size=TICK_SIZE, fill=MUTED, anchor="end", cls="unit")
    title_room = WIDTH - 2 * PAD - (unit_w + 12 if unit else 0)
    out.text(
        PAD,
        26,
        truncate(chart.title, title_room, TITLE_SIZE),
        size=TITLE_SIZE,
        weight="bold",
        cls="chart-title",
        tip=chart.title,
    )
    bottom = 34.0
    if len(chart.series) > 1:
        out.add('<g class="legend">')
        x, y = float(PAD), bottom + 14
        for i, s in enumerate(chart.series):
            name = truncate(s.name, 150, LABEL_SIZE)
            w = 14 + text_width(name, LABEL_SIZE) + 16
            if x + w > WIDTH - PAD and x > PAD:
                x, y = float(PAD), y + 18
            out.rect(x, y - 9, 10, 10, _color(i))
            out.text(x + 14, y, name, tip=s.name)
            x += w
        out.add("</g>")
        bottom = y + 6
    return bottom


def _empty_svg(chart: Chart) -> str:
    out = _Svg()
    top = _header(chart, out)
    box = HEIGHT - PAD - top - 8
    out.add(
        f'<rect class="no-data" x="{PAD}" y="{_n(top + 8)}" width="{WIDTH - 2 * PAD}" '
        f'height="{_n(box)}" fill="#f6f7f9" stroke="{GRID}"/>'
    )
    out.text(WIDTH / 2, top + 8 + box / 2 + 6, NO_DATA, size=16, fill=MUTED, anchor="middle")
    return out.markup(chart, HEIGHT)


def svg(chart: Chart) -> str:
    """The chart as an inline ``<svg>`` element."""
    if chart.empty:
        return _empty_svg(chart)
    if chart.kind == "hbar":
        return _hbar_svg(chart)
    return _vertical_svg(chart)


def _ticks(chart: Chart) -> tuple[list[float], list[str]]:
    low, high = _domain(chart)
    ticks = nice_ticks(low, high, integer=_integers(chart))
    decimals = _tick_decimals(ticks)
    return ticks, [number(t, decimals) for t in ticks]


def _vertical_svg(chart: Chart) -> str:
    out = _Svg()
    top = _header(chart, out) + 18  # room for value labels over the highest bar
    ticks, tick_labels = _ticks(chart)
    n = len(chart.categories)
    left = PAD + max(text_width(t, TICK_SIZE) for t in tick_labels) + 8
    right = WIDTH - PAD
    slot = (right - left) / n

    labels, angle = category_labels(chart.categories, slot, LABEL_SIZE)
    if angle:
        longest = max(text_width(c, LABEL_SIZE) for c in labels)
        reach = longest * (math.sqrt(0.5) if angle == 45 else 1)
        if angle == 45:  # the first label reaches left of its slot
            left = max(left, PAD + reach - slot / 2)
            slot = (right - left) / n
        bottom = HEIGHT - PAD - reach - 4
    else:
        bottom = HEIGHT - PAD - 14

    low, high = ticks[0], ticks[-1]

    def y(v: float) -> float:
        return bottom - (v - low) / (high - low) * (bottom - top)

    for tick, label in zip(ticks, tick_labels, strict=True):
        out.line(left, y(tick), right, y(tick), AXIS if tick == 0 else GRID)
        out.text(left - 6, y(tick) + 4, label, size=TICK_SIZE, fill=MUTED, anchor="end")
    out.add('<g class="categories">')
    for i, (label, category) in enumerate(zip(labels, chart.categories, strict=True)):
        cx = left + (i + 0.5) * slot
        if not label:
            continue
        if angle:
            out.text(cx + 4, bottom + 10, label, anchor="end", rotate=-angle, tip=category)
        else:
            out.text(cx, bottom + 18, label, anchor="middle", tip=category)
    out.add("</g>")

    if chart.kind == "line":
        _lines(chart, out, left, slot, y)
    elif chart.kind == "stacked":
        _stacks(chart, out, left, slot, y)
    else:
        _groups(chart, out, left, slot, y)
    return out.markup(chart, HEIGHT)


def _groups(chart: Chart, out: _Svg, left: float, slot: float, y) -> None:
    ns = len(chart.series)
    group = slot * (0.7 if ns > 1 else 0.6)
    width = group / ns
    gap = min(2.0, width * 0.15) if ns > 1 else 0
    labels = []
    out.add('<g class="bars">')
    for i, category in enumerate(chart.categories):
        x0 = left + i * slot + (slot - group) / 2
        for j, s in enumerate(chart.series):
            v = s.values[i]
            x = x0 + j * width
            y0, y1 = sorted((y(0), y(v)))
            out.rect(
                x + gap / 2, y0, width - gap, y1 - y0, _color(j), _tooltip(chart, category, s, v)
            )
            text = number(v)
            if text_width(text, VALUE_SIZE) <= width + 1:
                labels.append((x + width / 2, y(v) - 4 if v >= 0 else y(v) + 13, text))
    out.add("</g>")
    _value_labels(out, labels)


def _value_labels(out: _Svg, labels, fill: str = TEXT, cls: str = "value") -> None:
    if not labels:
        return
    out.add(f'<g class="{cls}s">')
    for x, y, text, *ink in labels:
        out.text(x, y, text, size=VALUE_SIZE, fill=ink[0] if ink else fill, anchor="middle")
    out.add("</g>")


def _stacks(chart: Chart, out: _Svg, left: float, slot: float, y) -> None:
    width = slot * 0.6
    inside, totals = [], []
    out.add('<g class="bars">')
    for i, category in enumerate(chart.categories):
        x = left + i * slot + (slot - width) / 2
        up = down = 0.0
        for j, s in enumerate(chart.series):
            v = s.values[i]
            start = up if v >= 0 else down
            end = start + v
            if v >= 0:
                up = end
            else:
                down = end
            y0, y1 = sorted((y(start), y(end)))
            fill = _color(j)
            out.rect(x, y0, width, y1 - y0, fill, _tooltip(chart, category, s, v))
            text = number(v)
            if v and y1 - y0 >= VALUE_SIZE + 3 and text_width(text, VALUE_SIZE) <= width - 4:
                inside.append((x + width / 2, (y0 + y1) / 2 + 4, text, _ink_on(fill)))
        total = number(sum(s.values[i] for s in chart.series))
        if text_width(total, VALUE_SIZE) <= slot - 2:
            totals.append((x + width / 2, y(up) - 4, total))
    out.add("</g>")
    _value_labels(out, inside)
    _value_labels(out, totals, cls="total")


def _lines(chart: Chart, out: _Svg, left: float, slot: float, y) -> None:
    labels = []
    for j, s in enumerate(chart.series):
        points = [(left + (i + 0.5) * slot, y(v)) for i, v in enumerate(s.values)]
        color = _color(j)
        out.add(
            f'<polyline class="series" fill="none" stroke="{color}" stroke-width="2.5" '
            f'stroke-linejoin="round" stroke-linecap="round" '
            f'points="{" ".join(f"{_n(px)},{_n(py)}" for px, py in points)}"/>'
        )
        out.add('<g class="points">')
        for (px, py), v, category in zip(points, s.values, chart.categories, strict=True):
            out.add(
                f'<circle cx="{_n(px)}" cy="{_n(py)}" r="3.5" fill="{color}" stroke="#ffffff" '
                f'stroke-width="1"><title>{_esc(_tooltip(chart, category, s, v))}</title></circle>'
            )
            text = number(v)
            if len(chart.series) == 1 and text_width(text, VALUE_SIZE) <= slot - 4:
                labels.append((px, py - 9, text))
        out.add("</g>")
    _value_labels(out, labels)


def _hbar_svg(chart: Chart) -> str:
    out = _Svg()
    top = _header(chart, out) + 10
    ticks, tick_labels = _ticks(chart)
    n, ns = len(chart.categories), len(chart.series)
    bar = 18.0 if ns == 1 else 12.0
    row = ns * bar + 10
    bottom = top + n * row
    height = bottom + 30 + PAD / 2

    label_room = min(max(text_width(c, LABEL_SIZE) for c in chart.categories), WIDTH * 0.3)
    left = PAD + label_room + 8
    values = [number(v) for s in chart.series for v in s.values]
    right = WIDTH - PAD - max(text_width(v, VALUE_SIZE) for v in values) - 6
    low, high = ticks[0], ticks[-1]

    def x(v: float) -> float:
        return left + (v - low) / (high - low) * (right - left)

    for tick, label in zip(ticks, tick_labels, strict=True):
        out.line(x(tick), top - 4, x(tick), bottom, AXIS if tick == 0 else GRID)
        out.text(x(tick), bottom + 18, label, size=TICK_SIZE, fill=MUTED, anchor="middle")
    out.add('<g class="categories">')
    for i, category in enumerate(chart.categories):
        cy = top + (i + 0.5) * row
        label = truncate(category, label_room, LABEL_SIZE)
        out.text(left - 8, cy + 4, label, anchor="end", tip=category)
    out.add("</g>")
    labels = []
    out.add('<g class="bars">')
    for i, category in enumerate(chart.categories):
        y0 = top + i * row + 5
        for j, s in enumerate(chart.series):
            v = s.values[i]
            x0, x1 = sorted((x(0), x(v)))
            yb = y0 + j * bar
            gap = 2 if ns > 1 else 0
            out.rect(
                x0, yb + gap / 2, x1 - x0, bar - gap, _color(j), _tooltip(chart, category, s, v)
            )
            if v >= 0:
                labels.append((x(v) + 4, yb + bar / 2 + 4, number(v), "start"))
            else:
                labels.append((x(v) - 4, yb + bar / 2 + 4, number(v), "end"))
    out.add("</g>")
    out.add('<g class="values">')
    for lx, ly, text, anchor in labels:
        out.text(lx, ly, text, size=VALUE_SIZE if ns == 1 else 10, anchor=anchor)
    out.add("</g>")
    return out.markup(chart, height)
