"""Tests of kumkm_utils.display: escaping, Indonesian formats, payloads and numbering."""

from __future__ import annotations

import base64
import json
from xml.etree import ElementTree

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from kumkm_utils import display as d
from kumkm_utils import formatting
from kumkm_utils.display.column_formats import MISSING_MARK
from kumkm_utils.display.notices import MIXED_NOTICE_TEXT, SAMPLE_NOTICE_TEXT, notice_text
from kumkm_utils.display.outputs import FIGURE_MIME, KUMKM_METADATA, TABLE_MIME
from kumkm_utils.display.tables import table_html
from kumkm_utils.exceptions import DisplayError, KumkmError

EVIL = "<script>alert(1)</script>"


@pytest.fixture(autouse=True)
def _shell():
    InteractiveShell.instance()
    d.reset_numbering()
    yield
    d.reset_numbering()


def _show(fn, *args, **kwargs):
    with capture_output() as captured:
        fn(*args, **kwargs)
    return captured.outputs


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Kab/Kota": [EVIL, '=HYPERLINK("http://x","y")', "Kota Kendari"],
            "Koperasi aktif": [2300, 15, 1234567],
            "% RAT": [18.26, np.nan, 100.0],
            "Pagu": [1.2e9, 3.5e12, None],
        }
    )


def test_table_escapes_data_and_title(frame):
    (out,) = _show(d.table, frame, key="uji", title="Judul <b>tebal</b>", unit="unit")
    body = out.data["text/html"]
    assert "<script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<b>" not in body and "Judul &lt;b&gt;tebal&lt;/b&gt;" in body


def test_table_escapes_column_labels():
    df = pd.DataFrame({EVIL: [1]})
    (out,) = _show(d.table, df, key="label", title="t")
    assert "<script>" not in out.data["text/html"]


def test_table_indonesian_formats(frame):
    (out,) = _show(d.table, frame, key="fmt", title="t", formats={"Pagu": "rupiah"})
    body = out.data["text/html"]
    # 1234567 as an integer count -> thousands with dots
    assert ">1.234.567<" in body
    # "% RAT" is recognised as a percentage with one decimal comma: 18.26 -> 18,3%
    assert ">18,3%<" in body
    assert ">Rp 1,2 M<" in body and ">Rp 3,5 T<" in body


def test_table_missing_is_said_not_zero(frame):
    (out,) = _show(d.table, frame, key="na", title="t")
    body = out.data["text/html"]
    assert f">{MISSING_MARK}<" in body
    assert "tidak ada data" in body
    payload = out.data[TABLE_MIME]
    assert payload["data"][1][2] is None
    assert payload["data"][2][3] is None


def test_table_payload_numbers_stay_numbers(frame):
    (out,) = _show(d.table, frame, key="payload", title="Judul", unit="unit", note="catatan")
    payload = out.data[TABLE_MIME]
    assert set(payload) >= {"key", "title", "unit", "note", "columns", "data"}
    assert payload["key"] == "payload" and payload["title"] == "Judul"
    assert payload["columns"] == ["Kab/Kota", "Koperasi aktif", "% RAT", "Pagu"]
    assert payload["data"][0][0] == EVIL  # raw text: escaping is the writer's job
    assert payload["data"][0][1] == 2300 and isinstance(payload["data"][0][1], int)
    assert payload["data"][0][2] == pytest.approx(18.26)
    json.dumps(payload)  # must be JSON-serialisable (numpy scalars converted)


def test_table_index_option():
    df = pd.DataFrame({"n": [1, 2]}, index=pd.Index(["A", "B"], name="wilayah"))
    (out,) = _show(d.table, df, key="idx", title="t", index=True)
    assert out.data[TABLE_MIME]["columns"] == ["wilayah", "n"]


def test_table_numbering_and_rerun():
    df = pd.DataFrame({"n": [1]})
    first = _show(d.table, df, key="a", title="A")[0].data["text/plain"]
    second = _show(d.table, df, key="b", title="B")[0].data["text/plain"]
    rerun = _show(d.table, df, key="a", title="A")[0].data["text/plain"]
    assert first.startswith("Tabel 1. A")
    assert second.startswith("Tabel 2. B")
    assert rerun.startswith("Tabel 1. A")


def test_table_key_reused_for_other_title_raises():
    df = pd.DataFrame({"n": [1]})
    _show(d.table, df, key="a", title="A")
    with pytest.raises(DisplayError, match="already used"):
        d.table(df, key="a", title="Lain")


@pytest.mark.parametrize("key", ["", "Spasi kunci", "x" * 80, "../etc"])
def test_table_bad_key_raises(key):
    with pytest.raises(KumkmError, match="not valid"):
        d.table(pd.DataFrame({"n": [1]}), key=key, title="t")


def test_table_unknown_format_raises():
    with pytest.raises(DisplayError, match="unknown format"):
        d.table(pd.DataFrame({"n": [1]}), key="f", title="t", formats={"n": "mata uang"})


def test_table_rejects_non_frame():
    with pytest.raises(DisplayError, match="DataFrame"):
        d.table([1, 2], key="x", title="t")


def test_figure_svg_caption_and_close():
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    ax.set_title('Kab. <Muna> & "Buton"')
    outputs = _show(d.figure, fig, key="grafik", title="Tren <x>", source="ODS & Dinas")
    image, caption = outputs
    svg = image.data["image/svg+xml"]
    root = ElementTree.fromstring(svg)  # well-formed XML: labels from data are escaped
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert 'Kab. <Muna> & "Buton"' in texts  # text kept as text, not glyph outlines
    assert "DejaVu Sans" in svg
    assert "<dc:date>" not in svg  # no timestamp: the same chart gives the same bytes
    # a PNG copy for JupyterLab's untrusted notebooks (which never render SVG)
    png = base64.b64decode(image.data["image/png"])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert image.data[FIGURE_MIME]["title"] == "Tren <x>"
    assert image.data[FIGURE_MIME]["number"] == 1
    assert caption.metadata[KUMKM_METADATA]["role"] == "caption"
    assert "Gambar 1. Tren &lt;x&gt;" in caption.data["text/html"]
    assert "ODS &amp; Dinas" in caption.data["text/html"]
    assert not plt.fignum_exists(fig.number)


def test_figure_rejects_non_figure():
    with pytest.raises(DisplayError, match="Figure"):
        d.figure("not a figure", key="g", title="t")


def test_text_escapes_values_not_template():
    (out,) = _show(d.text, "## Bagian {nama}\n\n**{n}** koperasi", nama=EVIL + " *x*", n=2300)
    body = out.data["text/html"]
    assert "<h2>" in body and "<strong>2.300</strong>" in body
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert "<em>" not in body  # the value's *x* is not turned into emphasis


def test_text_neutralises_markdown_links():
    (out,) = _show(d.text, "{v}", v="[klik](javascript:alert(1)) ![i](http://evil.example/a.png)")
    body = out.data["text/html"]
    assert "<a " not in body and "<img" not in body


def test_text_missing_value_raises():
    with pytest.raises(DisplayError, match="'n'"):
        d.text("{n} koperasi")


def test_sample_notice():
    assert _show(d.sample_notice, False) == []
    (out,) = _show(d.sample_notice, True)
    assert "DATA SINTETIS" in out.data["text/html"]


def test_parameters_table_escaped():
    (out,) = _show(d.parameters_table, {"kode_provinsi": "74", "catatan": EVIL})
    body = out.data["text/html"]
    assert "<script>" not in body and ">74<" in body
    assert TABLE_MIME not in out.data


def test_format_helpers():
    assert formatting.angka(1234.5, 1) == "1.234,5"
    assert formatting.angka(-1234, 0) == "-1.234"
    assert formatting.persen(18.26) == "18,3%"
    assert formatting.rupiah(1.2e9) == "Rp 1,2 M"


def test_short_text_columns_do_not_wrap():
    df = pd.DataFrame({"Provinsi": ["Sulawesi Tenggara"], "Program": ["x" * 40], "n": [1]})
    body = table_html(df)
    assert '<td class="short">Sulawesi Tenggara</td>' in body
    assert f"<td>{'x' * 40}</td>" in body  # long text may wrap
    assert '<td class="num">1</td>' in body


def test_object_column_of_numbers_is_aligned_as_numbers():
    df = pd.DataFrame(
        {
            "a": pd.Series([130337, 74.2, None], dtype=object),
            "b": pd.Series([1, "dua", None], dtype=object),
        }
    )
    html = table_html(df, caption="t", formats={"a": "angka1", "b": "teks"})
    assert '<td class="num">74,2</td>' in html
    assert '<td class="num">dua</td>' not in html and ">dua<" in html


def test_notebook_table_is_styled_inline_for_untrusted_jupyterlab():
    """JupyterLab keeps style attributes (not <style> elements) in an untrusted notebook."""
    df = pd.DataFrame({"Kab/Kota": ["Kota Kendari"], "Koperasi": [12]})
    (out,) = _show(d.table, df, key="gaya", title="t")
    body = out.data["text/html"]
    assert "<style" not in body
    assert '<th style="background-color:#1f5f8b' in body
    assert '<td class="num" style="text-align:right' in body
    assert "style=" not in table_html(df)  # the report keeps its own stylesheet


def test_decimals_rule_one_per_column():
    """Declared decimals win; whole columns get none; one indicator per row: by its unit."""
    df = pd.DataFrame({"a": [0.22, -10.6], "b": [60.0, 71.7], "c": [151170.0, 2.0]})
    body = table_html(df, decimals={"a": 2})
    assert ">0,22<" in body and ">-10,60<" in body  # declared: 2 everywhere in the column
    assert ">60,0<" in body and ">71,7<" in body  # one decimal in the whole column
    assert ">151.170<" in body and ">2<" in body  # whole numbers: no decimals
    long = pd.DataFrame(
        {
            "Indikator": ["Jumlah koperasi aktif", "Persentase RAT", "Anggota"],
            "Satuan": ["unit", "%", "orang"],
            "Nilai": [151170.0, 0.32, 582353.0],
        }
    )
    body = table_html(long)
    assert ">151.170<" in body and ">582.353<" in body  # counts: no decimals
    assert ">0,3<" in body  # percentages: one decimal


def test_banner_text_by_origin():
    assert notice_text("sintetis") == SAMPLE_NOTICE_TEXT
    assert notice_text(True) == SAMPLE_NOTICE_TEXT
    assert notice_text(None) == SAMPLE_NOTICE_TEXT  # unknown: synthetic, to be safe
    assert notice_text("campuran") == MIXED_NOTICE_TEXT
    assert notice_text("asli") is None and notice_text(False) is None
    (out,) = _show(d.sample_notice, "campuran")
    assert "DATA CAMPURAN" in out.data["text/html"]
    assert _show(d.sample_notice, "asli") == []


def test_numbering_numbers_tables_and_figures_apart_and_keeps_a_shown_key():
    from kumkm_utils.display import numbering

    assert numbering.number("table", "a", "A") == 1
    assert numbering.number("figure", "a", "A") == 1  # figures are numbered on their own
    assert numbering.number("table", "b", "B") == 2
    assert numbering.number("table", "a", "A") == 1  # shown again: same number
    with pytest.raises(DisplayError, match="already used"):
        numbering.number("table", "a", "Lain")


def test_column_formatters_follow_the_decimals_rule():
    from kumkm_utils.display import column_formats

    df = pd.DataFrame(
        {
            "Indikator": ["a", "b"],
            "Satuan": ["unit", "%"],
            "Nilai": [12.0, 0.25],
            "Pagu": [1.2e9, 3.5e12],
            "d": [0.123, 1.5],
        }
    )
    labels = list(df.columns)
    formatters, numeric = column_formats.column_formatters(
        df,
        labels,
        formats={"Pagu": "rupiah"},
        declared={"d": 2},
        units=column_formats.row_units(df),
    )
    assert numeric == [False, False, True, True, True]
    assert isinstance(formatters[2], column_formats.RowFormat)  # decimals by row
    assert formatters[3](1.2e9) == "Rp 1,2 M"
    assert formatters[4](1.5) == "1,50"
    with pytest.raises(DisplayError, match="unknown format"):
        column_formats.column_formatters(
            df, labels, formats={"d": "mata uang"}, declared={}, units=None
        )
