"""Charts as inline SVG (dashboards) and PNG (the operation report): no database needed."""

import os
import shutil
import struct
import subprocess
import sys
import threading
import warnings
import xml.etree.ElementTree as ET

import pytest

from liandong.reports import chart_png, charts
from liandong.reports.charts import Chart, Series

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = tuple(f"{m}月" for m in range(1, 7))
DEPARTMENTS = (
    "泉州市鲤城区财政局",
    "泉州市公安局鲤城分局",
    "泉州市鲤城区人民检察院",
    "泉州市鲤城区市场监督管理局",
    "泉州市鲤城区纪委监委派驻第一纪检监察组",
)


def monthly(kind="bar", **overrides) -> Chart:
    data = {
        "title": "各月受理与办结案件数",
        "categories": MONTHS,
        "series": (Series("受理", (3, 5, 2, 8, 12, 7)), Series("办结", (2, 4, 2, 6, 10, 7))),
        "kind": kind,
        "unit": "件",
    }
    data.update(overrides)
    return Chart(**data)


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 - our own markup


def bars(root: ET.Element) -> list[ET.Element]:
    return root.findall(f".//{SVG}g[@class='bars']/{SVG}rect")


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def png_dpi(data: bytes) -> float:
    at = data.index(b"pHYs")
    per_metre, _, unit = struct.unpack(">IIB", data[at + 4 : at + 13])
    assert unit == 1  # metres
    return per_metre * 0.0254


# ---------------------------------------------------------------------------------------------
# SVG


@pytest.mark.parametrize("kind", charts.KINDS)
def test_it_draws_well_formed_accessible_svg_of_every_kind(kind):
    markup = charts.svg(monthly(kind))
    root = parse(markup)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%" and root.get("viewBox").startswith("0 0 640 ")
    assert root.find(f"{SVG}title").text == "各月受理与办结案件数"
    assert "3月：受理 2件，办结 2件" in root.find(f"{SVG}desc").text
    # self-contained and allowed by the page's CSP: no script, no style, nothing fetched
    for forbidden in ("<script", "style=", "<style", "href", "url(", "@import"):
        assert forbidden not in markup


@pytest.mark.parametrize("kind", ["bar", "stacked", "hbar"])
def test_it_draws_one_rect_per_bar_each_with_a_tooltip(kind):
    root = parse(charts.svg(monthly(kind)))
    drawn = bars(root)
    assert len(drawn) == 6 * 2
    tips = [rect.find(f"{SVG}title").text for rect in drawn]
    assert "5月 · 受理：12件" in tips
    assert "6月 · 办结：7件" in tips


def test_a_line_chart_has_a_tooltip_on_every_point():
    root = parse(charts.svg(monthly("line")))
    assert len(root.findall(f".//{SVG}polyline")) == 2
    points = root.findall(f".//{SVG}circle")
    assert len(points) == 12
    assert "4月 · 受理：8件" in [p.find(f"{SVG}title").text for p in points]


def test_labels_are_escaped():
    chart = monthly(
        title="<script>alert(1)</script> & 图",
        categories=("<&>", *MONTHS[1:]),
        series=(Series('"受理" <b>', (3, 5, 2, 8, 12, 7)), Series("办结", (2, 4, 2, 6, 10, 7))),
    )
    markup = charts.svg(chart)
    assert "<script>" not in markup and "<b>" not in markup
    root = parse(markup)
    assert root.find(f"{SVG}title").text == "<script>alert(1)</script> & 图"
    assert "<&>" in texts(root)
    assert bars(root)[0].find(f"{SVG}title").text == '<&> · "受理" <b>：3件'
    assert root.get("aria-label") == "<script>alert(1)</script> & 图"


def test_control_characters_do_not_break_the_xml():
    parse(charts.svg(monthly(title="a\x00b\x1fc", categories=("\x0b1月", *MONTHS[1:]))))


@pytest.mark.parametrize(
    "chart",
    [
        Chart("本月无案件", (), ()),
        Chart("本月无案件", MONTHS, ()),
        Chart("本月无案件", MONTHS, (Series("受理", (0,) * 6),), kind="stacked"),
        Chart("本月无案件", MONTHS, (Series("受理", (0,) * 6),), kind="hbar"),
        Chart("本月无案件", MONTHS, (Series("受理", (0,) * 6),), kind="line"),
    ],
)
def test_empty_data_says_so(chart):
    root = parse(charts.svg(chart))
    assert "无数据" in texts(root)
    assert not bars(root)


def test_stacked_bars_carry_their_totals():
    root = parse(charts.svg(monthly("stacked")))
    totals = ["".join(t.itertext()) for t in root.findall(f".//{SVG}g[@class='totals']/{SVG}text")]
    assert totals == ["5", "9", "4", "14", "22", "14"]
    # the two segments of a stack meet: the second starts where the first ends
    first, second = bars(root)[0:2]
    assert float(second.get("y")) + float(second.get("height")) == pytest.approx(
        float(first.get("y")), abs=0.2
    )


def test_a_horizontal_chart_fits_long_names():
    chart = Chart(
        "各部门平均办理时长",
        DEPARTMENTS,
        (Series("时长", (36.5, 48, 12.25, 72, 5)),),
        kind="hbar",
        unit="小时",
    )
    root = parse(charts.svg(chart))
    drawn = bars(root)
    assert len(drawn) == 5
    # horizontal: the longest value is the widest bar, all bars start at the same x
    widths = [float(r.get("width")) for r in drawn]
    assert widths.index(max(widths)) == 3
    assert len({r.get("x") for r in drawn}) == 1
    shown = texts(root)
    assert "泉州市鲤城区财政局" in shown
    assert any(t.endswith("…") for t in shown)  # the longest name is cut …
    names = [t.find(f"{SVG}title") for t in root.iter(f"{SVG}text")]
    assert DEPARTMENTS[-1] in [n.text for n in names if n is not None]  # … but kept whole
    width = int(root.get("viewBox").split()[2])
    assert all(float(r.get("x")) + float(r.get("width")) <= width for r in drawn)


def test_many_long_categories_are_slanted_or_cut_but_stay_inside():
    chart = Chart(
        "各部门案件数",
        tuple(f"{name}{i}" for i in range(8) for name in DEPARTMENTS),
        (Series("案件", tuple(float(i % 7) for i in range(40))),),
    )
    root = parse(charts.svg(chart))
    assert len(bars(root)) == 40
    assert any("rotate(" in (t.get("transform") or "") for t in root.iter(f"{SVG}text"))
    width = 640
    assert all(0 <= float(r.get("x")) <= width for r in bars(root))


def test_a_legend_appears_only_for_several_series():
    assert parse(charts.svg(monthly())).find(f".//{SVG}g[@class='legend']") is not None
    one = monthly(series=(Series("受理", (3, 5, 2, 8, 12, 7)),))
    assert parse(charts.svg(one)).find(f".//{SVG}g[@class='legend']") is None


def test_the_value_axis_has_round_numbers():
    assert charts.nice_ticks(0, 12, integer=True) == [0, 5, 10, 15]
    assert charts.nice_ticks(0, 3, integer=True) == [0, 1, 2, 3]
    assert charts.nice_ticks(0, 1, integer=True) == [0, 1]
    assert charts.nice_ticks(0, 0.8) == [0, 0.2, 0.4, 0.6, 0.8]
    assert charts.nice_ticks(0, 96.5) == [0, 20, 40, 60, 80, 100]
    assert charts.nice_ticks(-7, 12, integer=True) == [-10, -5, 0, 5, 10, 15]


def test_values_are_written_plainly():
    assert [charts.number(v) for v in (12, 12.0, 96.5, 0.127, 1 / 3)] == [
        "12",
        "12",
        "96.5",
        "0.13",
        "0.33",
    ]


def test_negative_values_hang_below_the_zero_line():
    chart = monthly(series=(Series("同比增减", (3, -5, 2, -8, 12, 0)),), unit="%")
    root = parse(charts.svg(chart))
    rects = bars(root)
    assert float(rects[1].get("y")) == pytest.approx(float(rects[0].get("y")) + float(
        rects[0].get("height")), abs=0.2)  # fmt: skip


def test_a_chart_refuses_data_that_does_not_fit():
    with pytest.raises(ValueError, match="values"):
        Chart("x", MONTHS, (Series("受理", (1, 2)),))
    with pytest.raises(ValueError, match="kind"):
        Chart("x", MONTHS, (), kind="pie")
    with pytest.raises(ValueError, match="finite"):
        Chart("x", ("1月",), (Series("受理", (float("nan"),)),))


def test_a_dashboard_of_eight_charts_is_cheap():
    """No clock (it would fail on a busy machine): the markup stays small, so it is quick."""
    dashboard = [monthly(kind) for kind in charts.KINDS] * 2
    markups = [charts.svg(chart) for chart in dashboard]
    assert sum(len(m) for m in markups) < 8 * 20_000


# ---------------------------------------------------------------------------------------------
# PNG


def test_png_is_a_png_of_the_requested_physical_width():
    data = chart_png.png(monthly(), width_mm=150, dpi=200)
    width, height = png_size(data)
    assert width == round(150 / 25.4 * 200)  # 1181
    assert 0 < height < width
    assert png_dpi(data) == pytest.approx(200, abs=0.5)
    small = chart_png.png(monthly(), width_mm=80, dpi=150)
    assert png_size(small)[0] == round(80 / 25.4 * 150)


@pytest.mark.skipif(
    not chart_png.has_cjk_font(),
    reason="no CJK font (make test installs fonts-noto-cjk when run as root)",
)
@pytest.mark.parametrize("kind", charts.KINDS)
def test_png_renders_chinese_without_missing_glyphs(kind):
    chart = Chart(
        "各部门案件来源构成（$100 & <测试>）",
        DEPARTMENTS,
        (
            Series("举报", (5, 3, 2, 4, 1)),
            Series("移送", (2, 6, 1, 0, 3)),
            Series("_监督检查", (4, 1, 0, 2, 2)),
        ),
        kind=kind,
        unit="件",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = chart_png.png(chart)
    assert not [w for w in caught if "Glyph" in str(w.message)], [str(w.message) for w in caught]
    assert png_size(data)[0] == 1181


def test_without_a_cjk_font_png_still_draws_the_chart_in_matplotlib_s_own_font(monkeypatch):
    monkeypatch.setattr(chart_png, "font_files", lambda: {})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = chart_png.png(monthly())
    assert png_size(data)[0] == 1181
    assert not [w for w in caught if "Glyph" in str(w.message)]  # said once, by the checks


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig is not installed")
def test_an_empty_fontconfig_gives_no_cjk_font_files(monkeypatch, tmp_path):
    config = tmp_path / "fonts.conf"
    config.write_text(f"<fontconfig><cachedir>{tmp_path}</cachedir></fontconfig>")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    assert chart_png.font_files.__wrapped__() == {}  # not the cached answer of this machine


@pytest.mark.parametrize("chart", [Chart("本月无案件", (), ()), monthly(series=())])
def test_png_of_empty_data_says_so(chart):
    assert png_size(chart_png.png(chart))[0] == 1181


def test_png_of_many_categories_stays_within_the_type_area_height():
    chart = Chart(
        "各部门案件数",
        tuple(f"{name}{i}" for i in range(8) for name in DEPARTMENTS),
        (Series("案件", tuple(float(i % 7) for i in range(40))),),
        kind="hbar",
    )
    data = chart_png.png(chart, dpi=100)
    _width, height = png_size(data)
    assert height / 100 * 25.4 <= 200.5


def test_the_same_chart_gives_the_same_bytes():
    assert chart_png.png(monthly()) == chart_png.png(monthly())


def test_png_can_be_drawn_from_several_threads(tmp_path):
    results: dict[int, bytes] = {}
    errors: list[BaseException] = []

    def draw(i: int) -> None:
        try:
            results[i] = chart_png.png(monthly(("bar", "line", "stacked", "hbar")[i % 4]), dpi=72)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=draw, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert results[0] == results[4] and results[1] == results[5]


def test_png_leaves_pyplot_and_the_home_folder_alone(tmp_path):
    """No backend chosen for the rest of the process; no cache written to a (read-only) home."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MPL", "XDG_"))} | {
        "HOME": str(home)
    }
    script = (
        "import sys; from liandong.reports import chart_png; "
        "from liandong.reports.charts import Chart, Series; "
        "data = chart_png.png(Chart('图', ('1月',), (Series('受理', (1,)),)), dpi=72); "
        "assert data.startswith(b'\\x89PNG'); "
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=120)
    assert not any(home.iterdir())
