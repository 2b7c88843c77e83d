"""Tests of kumkm_utils.charts: house style, Indonesian axis formats, missing data, tile map."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from kumkm_utils import charts
from kumkm_utils.charts import style
from kumkm_utils.exceptions import DisplayError


def _texts(fig: Figure) -> list[str]:
    fig.canvas.draw()
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


def _bars(ax, colour=None) -> list[Rectangle]:
    bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_hatch() is None]
    return bars


@pytest.fixture
def kab() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kab": ["Kab. Kolaka", "Kota Kendari", "Kab. Konawe", "Kab. Muna"],
            "rat": [18.3, 25.1, np.nan, 9.4],
        }
    )


def test_bar_by_region_sorted_missing_and_formats(kab):
    fig = charts.bar_by_region(
        kab, "rat", "kab", title="RAT", unit="%", highlight="Kab. Muna", reference_line=18.3
    )
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    bars = _bars(ax)
    # three values drawn as bars; the missing one is not a (zero-width) bar
    assert len(bars) == 3
    by_y = sorted(bars, key=lambda b: -b.get_y())
    assert [round(b.get_width(), 1) for b in by_y] == [25.1, 18.3, 9.4]
    # the highlighted kab/kota has the accent colour
    muna = by_y[-1]
    assert muna.get_facecolor()[:3] == pytest.approx(plt.matplotlib.colors.to_rgb(style.ACCENT))
    texts = _texts(fig)
    assert "tidak ada data" in texts
    assert "18,3%" in texts and "25,1%" in texts  # value labels, decimal comma
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert any(t.endswith("%") for t in ticks) and not any("." in t for t in ticks)
    assert ax.get_yticklabels()[0].get_text() == "Kota Kendari"  # first tick = top row
    assert "Provinsi: 18,3%" in texts
    assert ax.get_xlabel() == "rat (%)"


def test_rank_chart_numbers_present_rows_only(kab):
    fig = charts.rank_chart(kab, "rat", "kab", title="Peringkat", unit="%")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["1. Kota Kendari", "2. Kab. Kolaka", "3. Kab. Muna", "Kab. Konawe"]


def test_rupiah_axis_format():
    df = pd.DataFrame({"p": ["A", "B"], "pagu": [2.5e9, 8e8], "real": [2.1e9, 8.1e8]})
    fig = charts.budget_vs_realisation(df, "p", "pagu", "real", title="Anggaran")
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert "Rp 1,0 M" in ticks
    texts = _texts(fig)
    # absorption per programme: 2,1/2,5 = 84,0%; 8,1/8,0 = 101,25% -> 101,3%
    assert "serapan 84,0%" in texts and "serapan 101,3%" in texts


def test_budget_missing_row_said():
    df = pd.DataFrame({"p": ["A", "B"], "pagu": [1e9, np.nan], "real": [5e8, np.nan]})
    texts = _texts(charts.budget_vs_realisation(df, "p", "pagu", "real", title="t"))
    assert "serapan 50,0%" in texts and "tidak ada data" in texts


def test_trend_gap_not_zero():
    df = pd.DataFrame({"tahun": [2019, 2020, 2021], "n": [2100.0, np.nan, 2300.0]})
    fig = charts.trend(df, "tahun", "n", title="Tren", unit="unit")
    ax = fig.axes[0]
    line = ax.get_lines()[0]
    y = np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(y[1])  # a gap, not a zero
    texts = _texts(fig)
    assert "tidak ada data" in texts and "2.300" in texts
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2019", "2020", "2021"]
    assert any(t.get_text() == "2.000" for t in ax.get_yticklabels())


def test_stacked_share_computes_row_shares():
    df = pd.DataFrame({"kab": ["A", "B"], "mikro": [90, 0], "kecil": [10, 0]})
    fig = charts.stacked_share(
        df, "kab", ["mikro", "kecil"], title="Kelas", part_labels=["Mikro", "Kecil"]
    )
    bars = _bars(fig.axes[0])
    widths = sorted(round(b.get_width(), 6) for b in bars)
    assert widths == [10.0, 90.0]  # row B (total 0) has no bars
    assert "tidak ada data" in _texts(fig)


def test_stacked_share_bad_labels():
    df = pd.DataFrame({"kab": ["A"], "x": [1]})
    with pytest.raises(DisplayError, match="part_labels"):
        charts.stacked_share(df, "kab", ["x"], title="t", part_labels=["a", "b"])


def test_missing_column_raises(kab):
    with pytest.raises(DisplayError, match="missing"):
        charts.bar_by_region(kab, "tidak_ada", "kab", title="t", unit="%")


def test_tile_map_all_provinces_and_missing():
    assert len(charts.TILE_LAYOUT) == 38
    cells = {(c, r) for c, r, _ in charts.TILE_LAYOUT.values()}
    assert len(cells) == 38  # no two provinces on one tile
    values = {code: 10.0 + i for i, code in enumerate(charts.TILE_LAYOUT)}
    values["93"] = None
    fig = charts.tile_map(values, title="Peta", unit="%", highlight="74")
    tiles = [p for p in fig.axes[0].patches if isinstance(p, Rectangle)]
    assert len(tiles) == 38
    hatched = [t for t in tiles if t.get_hatch()]
    assert len(hatched) == 1
    texts = _texts(fig)
    assert "Sultra" in texts and "t.a.d." in texts and "10,0%" in texts


def test_tile_map_unknown_code():
    with pytest.raises(DisplayError, match="unknown province"):
        charts.tile_map({"74": 1.0, "99": 2.0}, title="t", unit=None)


def test_no_pyplot_figures_left_open(kab):
    before = plt.get_fignums()
    charts.bar_by_region(kab, "rat", "kab", title="t", unit="%")
    assert plt.get_fignums() == before


def test_dollar_in_name_is_not_mathtext():
    df = pd.DataFrame({"kab": ["Kab. $x^2$"], "v": [1.0]})
    fig = charts.bar_by_region(df, "v", "kab", title="t", unit=None)
    fig.savefig(__import__("io").BytesIO(), format="png")  # would fail or render math otherwise
    label = fig.axes[0].get_yticklabels()[0]
    assert label.get_text() == "Kab. $x^2$" and label.get_parse_math() is False


def test_width_fits_a4(kab):
    fig = charts.bar_by_region(kab, "rat", "kab", title="t", unit="%")
    assert fig.get_figwidth() <= 7.0


def test_bar_by_region_missing_reference_line_draws_no_line():
    import pandas as pd

    from kumkm_utils import charts

    df = pd.DataFrame({"nama": ["Kota A", "Kab B"], "nilai": [10.0, 20.0]})
    fig = charts.bar_by_region(df, "nilai", "nama", title="Uji", unit="%", reference_line=pd.NA)
    assert not any(line.get_linestyle() == "--" for line in fig.axes[0].get_lines())


def test_money_axis_has_few_ticks_so_labels_do_not_crowd():
    import pandas as pd

    from kumkm_utils import charts

    df = pd.DataFrame(
        {
            "nama": [f"Kabupaten {i}" for i in range(14)],
            "nilai": [1.7e12 * (i + 1) / 14 for i in range(14)],
        }
    )
    fig = charts.bar_by_region(df, "nilai", "nama", title="Volume usaha", unit="Rp")
    fig.canvas.draw()
    ticks = [t for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert 2 <= len(ticks) <= 7
    assert all(t.get_text().startswith("Rp") for t in ticks if t.get_text() != "0")


def _charts_of_every_kind(kab) -> list:
    budget = pd.DataFrame({"p": ["Program A", "B"], "pagu": [2.5e9, np.nan], "real": [2.1e9, 1e8]})
    years = pd.DataFrame({"tahun": [2021, 2022, 2023], "n": [2100.0, np.nan, 2300.0]})
    shares = pd.DataFrame({"kab": ["A", "B"], "mikro": [90, 0], "kecil": [10, 0]})
    return [
        lambda: charts.bar_by_region(
            kab,
            "rat",
            "kab",
            title="RAT",
            unit="%",
            highlight="Kab. Muna",
            reference_line=18.3,
            subtitle="Tahun buku 2025",
        ),
        lambda: charts.rank_chart(kab, "rat", "kab", title="Peringkat", unit="%"),
        lambda: charts.budget_vs_realisation(budget, "p", "pagu", "real", title="Anggaran"),
        lambda: charts.trend(years, "tahun", "n", title="Tren", unit="unit"),
        lambda: charts.stacked_share(
            shares, "kab", ["mikro", "kecil"], title="Kelas", part_labels=["Mikro", "Kecil"]
        ),
        lambda: charts.tile_map({"74": 10.0, "11": 20.0, "93": None}, title="Peta", unit="%"),
    ]


def test_svg_shortcuts_leave_the_picture_unchanged(kab):
    """svg_text skips placing empty axis labels and titles do not re-measure the y ticks:
    the SVG must be byte for byte what matplotlib draws with its automatic placement."""
    for build in _charts_of_every_kind(kab):
        ours = style.svg_text(build(), key="k")
        fig = build()
        for ax in fig.axes:
            ax._autotitlepos = True  # what a title without y= has
        buffer = io.BytesIO()
        with plt.rc_context({**style.HOUSE_RC, "svg.fonttype": "none", "svg.hashsalt": "kumkm-k"}):
            fig.savefig(buffer, format="svg", facecolor="white", metadata={"Date": None})
        plain = buffer.getvalue().decode("utf-8")
        assert "<text" in ours
        assert ours == plain


def test_long_title_wraps_inside_the_figure_and_the_subtitle_stays_under_it():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    names = ["Daerah Istimewa Yogyakarta"] + [f"Provinsi {i}" for i in range(37)]
    df = pd.DataFrame({"p": names, "v": np.linspace(40, 90, 38)})
    title = "Koperasi aktif yang melaksanakan RAT (% dari koperasi aktif) menurut provinsi"
    fig = charts.rank_chart(df, "v", "p", title=title, unit="%", subtitle="2025")  # a tall chart
    FigureCanvasAgg(fig).draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    title_text = next(t for t in fig.findobj(Text) if t.get_text() == title)
    title_box = title_text.get_window_extent(renderer)
    subtitle = next(t for t in ax.texts if t.get_text() == "2025")
    sub_box = subtitle.get_window_extent(renderer)
    figure_box = fig.get_window_extent(renderer)
    assert "\n" in title_text._get_wrapped_text()  # wrapped, not cut at the edge
    assert title_box.x1 <= figure_box.x1 and title_box.y1 <= figure_box.y1
    assert sub_box.y1 <= title_box.y0  # under the title, not over it
    assert sub_box.y0 >= ax.get_window_extent(renderer).y1  # and above the plot


def test_value_labels_of_negative_bars_stay_inside_the_plot():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    df = pd.DataFrame(
        {
            "kab": [f"Kabupaten {i}" for i in range(8)],
            "g": [17.7, 9.1, 3.0, 0.5, -2.2, -8.1, -12.5, -17.7],
        }
    )
    fig = charts.rank_chart(df, "g", "kab", title="Pertumbuhan", unit="%")
    FigureCanvasAgg(fig).draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    plot = ax.get_window_extent(renderer)
    labels = [t for t in ax.texts if t.get_text().startswith("-")]
    assert len(labels) == 4
    for label in labels:
        assert label.get_window_extent(renderer).x0 >= plot.x0, label.get_text()


def test_labels_and_ticks_have_the_decimals_the_values_need():
    """The national "UMKM naik kelas" ranking (values around 0,05%) and a map colour bar."""
    names = [f"Provinsi {i}" for i in range(6)]
    small = pd.DataFrame({"nama": names, "persen": [0.03, 0.05, 0.06, 0.12, 0.13, 0.2]})
    fig = charts.bar_by_region(small, "persen", "nama", unit="%", title="UMKM naik kelas")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["0,20%", "0,13%", "0,12%", "0,06%", "0,05%", "0,03%"]
    fig.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert len(ticks) == len(set(ticks)), ticks  # no "0,0% 0,0% 0,1%"
    plt.close(fig)
    values = {"11": 0.381, "12": 0.402, "13": 0.43, "14": 0.455, "74": 0.46}
    fig = charts.tile_map(values, title="Peta", unit="%")
    fig.canvas.draw()
    bar_ticks = [t.get_text() for a in fig.axes[1:] for t in a.get_xticklabels() if t.get_text()]
    assert bar_ticks and len(bar_ticks) == len(set(bar_ticks)), bar_ticks
    plt.close(fig)


def test_draw_missing_rows_bands_and_says_no_data():
    with style.house_style():
        fig, ax = style.new_figure(2.0)
        style.draw_missing_rows(ax, [0.0, 2.0], 0.7)
    bands = [p for p in ax.patches if p.get_hatch() == style.MISSING_HATCH]
    assert len(bands) == 2
    assert [t.get_text() for t in ax.texts] == [style.MISSING_LABEL] * 2
    plt.close(fig)


def test_set_row_ticks_wraps_long_names_and_fits_the_rows():
    long_name = "Kabupaten Kepulauan Selayar dan sekitarnya yang panjang"
    with style.house_style():
        fig, ax = style.new_figure(2.0)
        style.set_row_ticks(ax, [1.0, 0.0], ["Kota A", long_name])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "Kota A" and labels[1] == style.wrap(long_name, 34) and "\n" in labels[1]
    assert ax.get_ylim() == pytest.approx((-0.6, 1.6))
    plt.close(fig)
