"""Tests of the PDF renderer (Typst): text is printed literally, nothing outside is read, layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from kumkm_utils.display.tables import table_html
from kumkm_utils.exceptions import RenderError
from kumkm_utils.render.notebook import Block
from kumkm_utils.render.pdf import compile_pdf, print_source, render_pdf
from kumkm_utils.render.typst_markup import convert
from kumkm_utils.render.typst_table import fit_columns
from kumkm_utils.render.typst_text import escape

META = {
    "provinsi": "Sulawesi Tenggara",
    "tahun_evaluasi": 2023,
    "tahun_rencana": 2024,
    "generated_at": "2024-11-21",
}

HOSTILE = [
    '#read("/etc/passwd")',
    '#image("/etc/hostname")',
    "$x^2$",
    "] [ ) (",
    "= Judul palsu",
    "- bukan daftar",
    "+ bukan nomor",
    "@rujukan",
    "<label>",
    "//komentar",
    "/* blok */",
    "C:\\data\\berkas.xlsx",
    "`kode`",
    "*tebal* _miring_",
    '~ & % \' "kutip"',
    "Tunggu... -- --- -? 1. bukan nomor",
    "#{1 + 1}; #let x = 1",
    "1234567890123456",
]
"""Text from submissions that Typst markup would interpret if it were not escaped."""

NIK = "1234567890123456"


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _squash(text: str) -> str:
    return "".join(text.split()).replace("\u200b", "")


@pytest.mark.parametrize("value", HOSTILE)
def test_escape_round_trips_through_typst(tmp_path: Path, value: str):
    """Each hostile string typeset as markup prints exactly as typed."""
    compile_pdf(f"#set page(width: 300pt, height: auto)\n{escape(value)}\n", {}, tmp_path / "x.pdf")
    assert _squash(_text(tmp_path / "x.pdf")) == _squash(value)


def test_report_text_from_submissions_is_printed_verbatim(tmp_path: Path):
    """Names from submissions in paragraphs and table cells never run as Typst code."""
    import pandas as pd

    frame = pd.DataFrame({"Kabupaten/kota": HOSTILE, "Nilai": range(len(HOSTILE))})
    blocks = [
        Block(
            "html",
            html="<h2>Bab 1</h2><p>"
            + " | ".join(
                v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for v in HOSTILE
            )
            + "</p>",
        ),
        Block(
            "table",
            html=table_html(frame, caption="Tabel 1. Nama", key="nama"),
            payload={"columns": list(frame.columns)},
        ),
    ]
    out = tmp_path / "laporan.pdf"
    render_pdf(
        blocks,
        out,
        title='Laporan #read("/etc/passwd")',
        subtitle="Sub",
        is_synthetic=False,
        meta=META,
    )
    text = _squash(_text(out))
    for value in HOSTILE:
        if value != NIK:
            assert text.count(_squash(value)) >= 2, value  # in the paragraph and in the table
    assert "root:" not in text and _squash('Laporan #read("/etc/passwd")') in text
    assert NIK not in text and text.count("[NIKdisamarkan]") >= 2  # the sanitiser masks NIKs


@pytest.mark.parametrize(
    "fragment, expected",
    [
        (
            "<p><strong>Catatan</strong>.Lainnya dan <em>x</em>.at(0)</p>",
            "Catatan.Lainnya dan x.at(0)",
        ),
        (
            "<p><strong>A</strong>(b) <sub>2</sub>[c] <code>k</code>.len() <b>a</b>;b</p>",
            "A(b) 2[c] k.len() a;b",
        ),
        ("<p>a<br>#b<br>(c)</p>", "a#b(c)"),
        ("<pre><code>x = 1\nC:\\data #read()</code></pre>", "x = 1C:\\data #read()"),
    ],
)
def test_text_after_inline_markup_stays_text(tmp_path: Path, fragment: str, expected: str):
    """What follows bold, italic, code or a line break is never read as Typst code."""
    compile_pdf(
        "#set page(width: 300pt, height: auto)\n" + convert(fragment).markup, {}, tmp_path / "x.pdf"
    )
    assert _squash(_text(tmp_path / "x.pdf")) == _squash(expected)


def test_compiler_reads_nothing_outside_its_folder(tmp_path: Path):
    secret = tmp_path / "rahasia.txt"
    secret.write_text("RAHASIA-LOKAL", encoding="utf-8")
    for source in (
        f'#read("{secret}")',
        '#read("/etc/passwd")',
        '#image("/etc/hostname")',
        '#import "@preview/example:0.1.0": *',
    ):
        with pytest.raises(RenderError):
            compile_pdf(source, {}, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_sanitised_html_keeps_only_data_images(tmp_path: Path):
    converted = convert(
        '<p>a</p><img src="file:///etc/passwd"><img src="http://x/y.png">'
        '<img src="data:image/png;base64,iVBORw0KGgo=">'
    )
    assert list(converted.images) == ["gambar-001.png"]
    assert "passwd" not in converted.markup and "http" not in converted.markup


def test_title_page_footer_and_toc(tmp_path: Path):
    blocks = [
        Block(
            "html",
            html="<h1>Laporan</h1><h2>1. Ringkasan</h2><p>isi</p><h2>2. Koperasi</h2><p>isi</p>",
        )
    ]
    out = tmp_path / "laporan.pdf"
    render_pdf(
        blocks,
        out,
        title="Laporan Evaluasi",
        subtitle="Bahan Rakorda",
        is_synthetic=True,
        meta=META,
    )
    reader = PdfReader(str(out))
    pages = [p.extract_text() for p in reader.pages]
    assert all(abs(float(p.mediabox.width) - 595.3) < 1 for p in reader.pages)  # A4 portrait
    assert "Sulawesi Tenggara" in pages[0] and "21 November 2024" in pages[0]
    assert "Tahun evaluasi 2023 · Tahun rencana 2024" in pages[0]
    assert "Daftar isi" in pages[1] and "1. Ringkasan" in pages[1]
    assert all("DATA SINTETIS" in p for p in pages)
    n = len(pages)
    assert all(f"Halaman {i} dari {n}" in p for i, p in enumerate(pages, start=1))
    assert reader.metadata.title.startswith("Laporan Evaluasi")


def test_not_synthetic_has_no_mark(tmp_path: Path):
    out = tmp_path / "laporan.pdf"
    render_pdf(
        [Block("html", html="<p>x</p>")], out, title="t", subtitle="s", is_synthetic=False, meta={}
    )
    assert "DATA SINTETIS" not in _text(out)


def test_crowded_table_moves_to_a_landscape_page(tmp_path: Path):
    import pandas as pd

    long = "uraian kegiatan yang panjang sekali untuk mengisi kolom tabel ini"
    frame = pd.DataFrame({f"Kolom {i}": [f"{long} {i}"] * 3 for i in range(7)})
    block = Block(
        "table",
        html=table_html(frame, caption="Tabel 1. Padat", key="padat"),
        payload={"columns": list(frame.columns)},
    )
    source, _ = print_source([block], title="t", subtitle="s", is_synthetic=False, meta={})
    assert "flipped: true" in source
    out = tmp_path / "laporan.pdf"
    render_pdf([block], out, title="t", subtitle="s", is_synthetic=False, meta={})
    pages = PdfReader(str(out)).pages
    wide = [p for p in pages if p.mediabox.width > p.mediabox.height]
    assert len(wide) == 1 and "Tabel 1. Padat" in wide[0].extract_text()


def test_fit_columns_gives_narrow_columns_their_width():
    widths = fit_columns([[40, 60, 400, 300]], [40, 60, 60, 60], 493)
    assert widths[:2] == pytest.approx([40, 60], abs=0.5)  # numbers keep one line
    assert sum(widths) == pytest.approx(493)
    assert widths[2] > widths[3] >= 60
    assert fit_columns([[50, 60]], [20, 20], 493) == pytest.approx([224.1, 268.9], abs=0.1)
    squeezed = fit_columns([[400, 400]], [300, 300], 493)
    assert sum(squeezed) == pytest.approx(493) and squeezed[0] == pytest.approx(squeezed[1])


def test_fit_columns_widens_the_column_that_wraps_in_most_rows():
    """Row labels that all wrap get the room before one long value in a single row."""
    labels, rare = fit_columns([[200, 20]] * 10 + [[200, 290]], [60, 60], 300)
    assert labels > rare and labels + rare == pytest.approx(300)


def test_pdf_is_reproducible_in_any_time_zone(tmp_path: Path, monkeypatch):
    """The same report facts give the same bytes, dated by ``generated_at`` (naive = UTC)."""
    import time

    blocks = [Block("html", html="<h2>Bab</h2><p>isi</p>")]
    meta = {**META, "generated_at": "2024-11-21T10:00:00"}
    outputs = []
    for zone in ("UTC", "Asia/Jakarta"):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        outputs.append(tmp_path / f"{zone.replace('/', '-')}.pdf")
        render_pdf(blocks, outputs[-1], title="t", subtitle="s", is_synthetic=False, meta=meta)
    monkeypatch.undo()
    time.tzset()
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
    assert (
        PdfReader(str(outputs[0]))
        .metadata.creation_date.isoformat()
        .startswith("2024-11-21T10:00:00")
    )


def _long_table(rows: int) -> Block:
    import pandas as pd

    frame = pd.DataFrame(
        {"Kabupaten/kota": [f"Baris{i:03d}" for i in range(1, rows + 1)], "Nilai": range(rows)}
    )
    return Block(
        "table",
        html=table_html(frame, caption="Tabel 1. Panjang", key="panjang", note="baris terakhir"),
        payload={"columns": list(frame.columns)},
    )


@pytest.mark.parametrize("filler", [36, 38, 40, 42])  # the table starts near a page foot
@pytest.mark.parametrize("rows", [8, 60])
def test_tables_keep_rows_with_header_caption_and_notes(tmp_path: Path, filler: int, rows: int):
    """No page holds only one or two rows of a table, or its notes alone; a short table is
    never split; every page of a table repeats its header and the caption stays with it."""
    out = tmp_path / "laporan.pdf"
    render_pdf(
        [Block("html", html="<p>isi</p>" * filler), _long_table(rows)],
        out,
        title="t",
        subtitle="s",
        is_synthetic=False,
        meta={},
    )
    pages = [page.extract_text() for page in PdfReader(str(out)).pages][2:]  # after the TOC
    with_rows = [p for p in pages if "Baris" in p]
    counts = [p.count("Baris") for p in with_rows]
    assert sum(counts) == rows
    assert all("Kabupaten/kota" in p for p in with_rows)  # header on every page
    assert "Tabel 1. Panjang" in with_rows[0]
    if rows <= 10:
        assert counts == [rows]
    else:
        assert counts[0] >= 5 and counts[-1] >= 3
    assert "baris terakhir" in with_rows[-1] and f"Baris{rows:03d}" in with_rows[-1]


def test_only_the_bundled_dejavu_fonts_are_embedded(tmp_path: Path):
    """System fonts are ignored: the PDF looks the same on every machine."""
    out = tmp_path / "laporan.pdf"
    render_pdf(
        [
            Block(
                "html",
                html="<h2>Bab</h2><p><strong>tebal</strong> <em>miring</em> "
                "<code>kode</code> ≤ → “kutip”</p>",
            )
        ],
        out,
        title="t",
        subtitle="s",
        is_synthetic=True,
        meta=META,
    )
    fonts = set()
    for page in PdfReader(str(out)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts and all(
        name.startswith("/DejaVuSans") or name.startswith("DejaVuSans") for name in fonts
    ), fonts


def test_generated_source_reads_and_imports_nothing(tmp_path: Path):
    """Whatever the text, the source calls no file, package or evaluation function."""
    hostile = " ".join(HOSTILE) + ' #import "@preview/x:0.1.0" #include "a.typ" #eval("1")'
    block = Block(
        "html",
        html="<h2>"
        + hostile.replace("<", "&lt;")
        + "</h2><p>"
        + hostile.replace("<", "&lt;")
        + "</p>",
    )
    source, images = print_source(
        [block], title=hostile, subtitle=hostile, is_synthetic=True, meta={"provinsi": hostile}
    )
    import re

    code = re.sub(r'"[^"]*"', "", re.sub(r"\\.", "", source))  # no escapes, no strings
    # the one import is the page design, first; every text reaches it as a string
    assert source.startswith('#import "template.typ": doc\n#show: doc.with(')
    assert code.count("#import") == 1
    code = code.replace("#import : doc", "", 1)
    for call in (
        "#import",
        "#include",
        "#read",
        "#eval",
        "#json",
        "#csv",
        "#yaml",
        "#plugin",
        "#image",
    ):
        assert call not in code, call
    assert images == {}


@pytest.mark.parametrize("filler", range(40, 52, 2))
def test_headings_are_not_left_at_a_page_foot(tmp_path: Path, filler: int):
    out = tmp_path / "laporan.pdf"
    paragraph = "<p>" + "kalimat panjang untuk mengisi halaman laporan " * 12 + "</p>"
    render_pdf(
        [Block("html", html="<p>isi</p>" * filler + "<h2>Bab Baru</h2>" + paragraph)],
        out,
        title="t",
        subtitle="s",
        is_synthetic=False,
        meta={},
    )
    for page in PdfReader(str(out)).pages[2:]:
        text = page.extract_text()
        if "Bab Baru" in text:
            assert "kalimat panjang" in text.split("Bab Baru", 1)[1]


def test_row_spans_keep_columns_aligned(tmp_path: Path):
    """A bare DataFrame with a MultiIndex (row spans) prints with its cells in their columns."""
    import pandas as pd

    from kumkm_utils.render.sanitize import HtmlSanitizer

    index = pd.MultiIndex.from_tuples(
        [("Jawa", "Barat"), ("Jawa", "Timur"), ("Bali", "Bali")], names=["pulau", "provinsi"]
    )
    frame = pd.DataFrame({"nilai": [1.5, 2.5, 3.5]}, index=index)
    markup = convert(HtmlSanitizer().clean(frame.to_html())).markup
    assert "table.cell(rowspan: 2)[Jawa]" in markup
    assert "  [Timur], [2\\.5],\n" in markup  # no padding cell pushed into the next row
    compile_pdf("#set page(width: 300pt, height: auto)\n" + markup, {}, tmp_path / "x.pdf")
    assert "Timur 2.5" in _text(tmp_path / "x.pdf")


def test_page_design_lives_in_the_template_file():
    from kumkm_utils.render.pdf import TEMPLATE

    source, _ = print_source(
        [Block("html", html="<p>x</p>")], title="t", subtitle="s", is_synthetic=True, meta={}
    )
    header = source.split("\n)\n", 1)[0]
    assert "#set page" not in source and "#set text" not in source and "#pagebreak" not in header
    assert 'synthetic-mark: "DATA SINTETIS — bukan data resmi"' in header
    assert TEMPLATE.is_file() and "#let doc(" in TEMPLATE.read_text(encoding="utf-8")
    real, _ = print_source(
        [Block("html", html="<p>x</p>")], title="t", subtitle="s", is_synthetic=False, meta={}
    )
    assert "synthetic-mark: none" in real and "notice: none" in real
