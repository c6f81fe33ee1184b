"""A chart (``charts.Chart``) as a PNG for the operation report (运行情况报告, .docx).

``png(chart)`` draws with matplotlib's object API (``Figure`` and the Agg canvas, never pyplot:
no backend is chosen for the rest of the process) in a CJK font given by file, so Chinese never
falls back to a font without its glyphs while one is installed (without any, in matplotlib's own
font: the chart is drawn, its Chinese as boxes). matplotlib keeps process-wide caches (fonts, text
layout); drawings are serialised by a lock, which makes the function safe to call from the
threads of a web worker.
"""

import functools
import glob
import io
import os
import shutil
import subprocess
import tempfile
import threading
import warnings

from liandong.reports.charts import (
    AXIS,
    GRID,
    MUTED,
    NO_DATA,
    TEXT,
    Chart,
    _color,
    _ink_on,
    _ticks,
    category_labels,
    number,
    text_width,
    truncate,
)

_LOCK = threading.Lock()
_MM = 1 / 25.4  # inches
_PT_PER_MM = 72 / 25.4
_FALLBACK_FONTS = {
    "regular": "/usr/share/fonts/**/NotoSansCJK-Regular.ttc",
    "bold": "/usr/share/fonts/**/NotoSansCJK-Bold.ttc",
}
_SC_FACE = 2  # Simplified Chinese in Noto's .ttc collections (JP, KR, SC, TC, HK)


def _matplotlib_home() -> None:
    """matplotlib writes its font cache under MPLCONFIGDIR (else ~/.config, ~/.cache): point it
    at a temporary folder of our own unless the operator chose one, so a read-only home works."""
    if "MPLCONFIGDIR" not in os.environ:
        folder = os.path.join(tempfile.gettempdir(), f"liandong-matplotlib-{os.getuid()}")
        os.makedirs(folder, mode=0o700, exist_ok=True)
        os.environ["MPLCONFIGDIR"] = folder


@functools.cache
def font_files() -> dict[str, tuple[str, int]]:
    """(file, face index) of the charts' sans-serif CJK face, regular and bold: 黑体 where
    installed (documents.fonts decides which family stands for it), Noto Sans CJK SC otherwise;
    empty when fontconfig knows no CJK font (the charts then fall back to matplotlib's own font,
    whose Chinese shows as boxes, and ``documents.checks`` says what to install). Without
    fontconfig at all, Debian's Noto files are looked for where fonts-noto-cjk puts them."""
    from liandong.documents import fonts

    family = fonts.face("heiti").family
    found = {}
    fc_match = shutil.which("fc-match")
    for weight in ("regular", "bold"):
        if fc_match:
            pattern = f"{family}:lang=zh-cn" + (":weight=bold" if weight == "bold" else "")
            out = subprocess.run(  # noqa: S603 - fixed arguments
                [fc_match, "-f", "%{file}|%{index}|%{family}", pattern],
                capture_output=True,
                text=True,
                timeout=20,
                check=False,
            ).stdout
            path, _, rest = out.partition("|")
            index, _, families = rest.partition("|")
            if path and family in families.split(",") and os.path.exists(path):
                found[weight] = (path, int(index or 0))
        else:
            matches = sorted(glob.glob(_FALLBACK_FONTS[weight], recursive=True))
            if matches:
                found[weight] = (matches[0], _SC_FACE)
    if "regular" not in found:
        return {}
    found.setdefault("bold", found["regular"])
    return found


def has_cjk_font() -> bool:
    """Whether the charts can draw Chinese."""
    return bool(font_files())


def _font(weight: str, size: float):
    from matplotlib import font_manager

    files = font_files()
    if not files:
        return font_manager.FontProperties(family="DejaVu Sans", size=size)  # bundled
    path, index = files[weight]
    font_path = getattr(font_manager, "FontPath", None)  # matplotlib ≥ 3.11 picks a face
    file = font_path(path, index) if font_path and path.endswith(".ttc") else path
    return font_manager.FontProperties(fname=file, size=size)


def png(chart: Chart, *, width_mm: float = 150, dpi: int = 200) -> bytes:
    """The chart as a PNG ``width_mm`` wide at ``dpi`` (the file records the resolution)."""
    if width_mm <= 0 or dpi <= 0:
        raise ValueError("width_mm and dpi must be positive")
    _matplotlib_home()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    pixels = round(width_mm * _MM * dpi)
    height_mm = _png_height(chart, width_mm)
    with _LOCK, warnings.catch_warnings():
        if not has_cjk_font():  # each Chinese character would warn; documents.checks says it once
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        # half a pixel more: Agg truncates the figure's size to whole pixels
        figure = Figure(
            figsize=((pixels + 0.5) / dpi, height_mm * _MM), dpi=dpi, layout="constrained"
        )
        canvas = FigureCanvasAgg(figure)
        figure.set_facecolor("#ffffff")
        _draw(chart, figure, width_mm)
        buffer = io.BytesIO()
        canvas.print_png(buffer, metadata={"Software": None})  # same chart, same bytes
        figure.clear()
    return buffer.getvalue()


def _png_height(chart: Chart, width_mm: float) -> float:
    if chart.kind != "hbar" or chart.empty:
        return max(50.0, width_mm * 0.5)
    row = 2.5 + len(chart.series) * (4.0 if len(chart.series) == 1 else 3.0)
    return min(200.0, max(width_mm * 0.4, 24 + len(chart.categories) * row))


SMALL, NORMAL, TITLE = 7.5, 9.0, 10.5  # pt: value labels; ticks and legend; title


def _draw(chart: Chart, figure, width_mm: float) -> None:
    ax = figure.add_subplot()
    if chart.title:
        figure.suptitle(
            chart.title, fontproperties=_font("bold", TITLE), color=TEXT, parse_math=False
        )
    if chart.empty:
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            NO_DATA,
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=MUTED,
            fontproperties=_font("regular", 14),
            parse_math=False,
        )
        return
    regular = _font("regular", NORMAL)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(AXIS)
    ax.tick_params(colors=MUTED, length=0, pad=4)
    ax.set_axisbelow(True)

    ticks, tick_labels = _ticks(chart)
    n = len(chart.categories)
    positions = list(range(n))
    plot_pt = (width_mm - 22) * _PT_PER_MM  # the axes' width, roughly
    horizontal = chart.kind == "hbar"
    value_axis, category_axis = (ax.xaxis, ax.yaxis) if horizontal else (ax.yaxis, ax.xaxis)
    # labels are the user's text: "$" is a dollar sign, never the start of a formula
    text = {"fontproperties": regular, "parse_math": False}
    value_axis.set_ticks(ticks, labels=tick_labels, color=MUTED, **text)
    value_axis.grid(True, color=GRID, linewidth=0.6)
    if chart.unit:
        value_axis.set_label_text(f"单位：{chart.unit}", color=MUTED, **text)

    slot = plot_pt / n
    if horizontal:
        labels = [truncate(c, 14 * NORMAL, NORMAL) for c in chart.categories]
        category_axis.set_ticks(positions, labels=labels, color=TEXT, **text)
        ax.set_ylim(n - 0.5, -0.5)  # first category on top
        ax.set_xlim(ticks[0], ticks[-1])
        ax.spines["left"].set_visible(True)
        ax.spines["bottom"].set_visible(False)
    else:
        labels, angle = category_labels(chart.categories, slot, NORMAL)
        category_axis.set_ticks(positions, labels=labels, color=TEXT, **text)
        if angle:
            for label in category_axis.get_ticklabels():
                label.set(
                    rotation=angle,
                    ha="right",
                    va="center" if angle == 90 else "top",
                    rotation_mode="anchor",
                )
        headroom = (ticks[-1] - ticks[0]) * 0.06
        ax.set_ylim(ticks[0], ticks[-1] + (headroom if ticks[-1] > 0 else 0))
        ax.set_xlim(-0.5, n - 0.5)

    small = _font("regular", SMALL)
    if chart.kind == "line":
        handles = _png_lines(chart, ax, positions, slot, small)
    elif chart.kind == "stacked":
        handles = _png_stacks(chart, ax, positions, slot, small, ticks)
    else:
        handles = _png_groups(chart, ax, positions, slot, small, horizontal)

    if len(chart.series) > 1:
        legend = figure.legend(
            handles,
            [s.name for s in chart.series],  # given, so a name starting with "_" still shows
            loc="outside lower center",
            ncols=min(len(chart.series), 4),
            frameon=False,
            prop=regular,
            handlelength=1.2,
            columnspacing=1.5,
        )
        for label in legend.get_texts():
            label.set_parse_math(False)


def _png_groups(chart, ax, positions, slot, small, horizontal) -> list:
    handles = []
    ns = len(chart.series)
    group = 0.7 if ns > 1 else 0.6
    width = group / ns
    bar_pt = slot * width
    for j, s in enumerate(chart.series):
        offset = -group / 2 + (j + 0.5) * width
        where = [p + offset for p in positions]
        draw = ax.barh if horizontal else ax.bar
        bars = draw(where, s.values, width * 0.92, color=_color(j))
        handles.append(bars)
        texts = [number(v) for v in s.values]
        fits = horizontal or all(text_width(t, SMALL) <= bar_pt + 1 for t in texts)
        if fits:
            ax.bar_label(
                bars, labels=texts, padding=2, fontproperties=small, color=TEXT, parse_math=False
            )
    return handles


def _png_stacks(chart, ax, positions, slot, small, ticks) -> list:
    handles = []
    width = 0.6
    span = ticks[-1] - ticks[0]
    ups = [0.0] * len(positions)
    downs = [0.0] * len(positions)
    for j, s in enumerate(chart.series):
        bottoms = [ups[i] if v >= 0 else downs[i] for i, v in enumerate(s.values)]
        fill = _color(j)
        handles.append(ax.bar(positions, s.values, width, bottom=bottoms, color=fill))
        for i, v in enumerate(s.values):
            text = number(v)
            tall = abs(v) / span * 50 * _PT_PER_MM  # the axes' height is about 50 mm
            if v and tall >= SMALL + 2 and text_width(text, SMALL) <= slot * width - 2:
                ax.text(
                    positions[i],
                    bottoms[i] + v / 2,
                    text,
                    ha="center",
                    va="center",
                    color=_ink_on(fill),
                    fontproperties=small,
                    parse_math=False,
                )
            if v >= 0:
                ups[i] += v
            else:
                downs[i] += v
    for i, p in enumerate(positions):
        total = number(sum(s.values[i] for s in chart.series))
        if text_width(total, SMALL) <= slot - 2:
            ax.annotate(
                total,
                (p, ups[i]),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                color=TEXT,
                fontproperties=small,
                parse_math=False,
            )
    return handles


def _png_lines(chart, ax, positions, slot, small) -> list:
    handles = []
    for j, s in enumerate(chart.series):
        (line,) = ax.plot(
            positions,
            s.values,
            color=_color(j),
            linewidth=1.8,
            marker="o",
            markersize=3.5,
        )
        handles.append(line)
        texts = [number(v) for v in s.values]
        if len(chart.series) == 1 and all(text_width(t, SMALL) <= slot - 3 for t in texts):
            for p, v, text in zip(positions, s.values, texts, strict=True):
                ax.annotate(
                    text,
                    (p, v),
                    xytext=(0, 5),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    color=TEXT,
                    fontproperties=small,
                    parse_math=False,
                )
    return handles
