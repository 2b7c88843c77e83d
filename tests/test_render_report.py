"""End-to-end test of kumkm_utils.render: a small notebook with hostile data -> four outputs.

The notebook's outputs are produced by the real display functions (captured through
IPython's display publisher), so the payloads are exactly what a kernel would store.
"""

from __future__ import annotations

import base64
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import nbformat
import numpy as np
import openpyxl
import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from pypdf import PdfReader

from kumkm_utils import charts
from kumkm_utils import display as d
from kumkm_utils.display.notices import MIXED_NOTICE_TEXT, SAMPLE_NOTICE_TEXT
from kumkm_utils.exceptions import RenderError
from kumkm_utils.render import OUTPUT_FILES, render_report

HOSTILE = [
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x","y")',
    "{=1+1}",
    "http://evil.example",
    "Kota Kendari",
]
PROVINCE = "Sulawesi Tenggara"


def _cell(fn, tags=()):
    with capture_output() as captured:
        fn()
    outputs = [
        new_output("display_data", data=o.data, metadata=o.metadata) for o in captured.outputs
    ]
    return new_code_cell(
        "print('CODE-MUST-NOT-SHOW')", outputs=outputs, metadata={"tags": list(tags)}
    )


def _stdout_cell(text, tags):
    return new_code_cell(
        "x = 1", metadata={"tags": tags}, outputs=[new_output("stream", name="stdout", text=text)]
    )


def build_notebook(path: Path) -> Path:
    InteractiveShell.instance()
    d.reset_numbering()
    kab = pd.DataFrame(
        {
            "Kabupaten/Kota": HOSTILE + ["Kab. Muna", "Kab. NIK 7401012304560001"],
            "Koperasi aktif": [120, 80, 45, 300, 1234, 15, 9],
            "% RAT": [16.7, 12.5, 11.1, 20.0, 26.3, np.nan, 10.0],
        }
    )
    wide = pd.DataFrame({f"Kolom {i}": [i * 1000.5, float(i)] for i in range(15)})
    widest = pd.DataFrame({f"K{i}": [i] for i in range(25)})
    trend = pd.DataFrame({"tahun": [2019, 2020, 2021], "aktif": [2100, 2200, 2300]})
    cells = [
        _stdout_cell("PARAMETERS-MUST-NOT-SHOW", ["parameters"]),
        _stdout_cell("INJECTED-MUST-NOT-SHOW", ["injected-parameters"]),
        _cell(lambda: d.sample_notice(True)),
        new_markdown_cell("# Laporan Evaluasi KUMKM\n\nPengantar."),
        new_markdown_cell("## 1. Ringkasan eksekutif"),
        _cell(
            lambda: d.text(
                "Pada {t}, **{n}** koperasi aktif di {prov}.",
                t="2021",
                n=2300,
                prov="<b>Sultra</b>",
            )
        ),
        _cell(
            lambda: d.table(
                kab,
                key="rat_kabkota",
                title="Koperasi menurut kab/kota",
                unit="unit; %",
                note="RAT dari koperasi aktif",
            )
        ),
        new_markdown_cell("## 2. Kelembagaan <script>alert(2)</script>koperasi"),
        _cell(
            lambda: d.figure(
                charts.bar_by_region(kab, "% RAT", "Kabupaten/Kota", title="% RAT", unit="%"),
                key="rat_bar",
                title="Persentase koperasi RAT",
                source="ODS",
            )
        ),
        _cell(
            lambda: d.figure(
                charts.trend(trend, "tahun", "aktif", title="Tren", unit="unit"),
                key="tren",
                title="Tren koperasi aktif",
            )
        ),
        _cell(lambda: d.table(wide, key="lebar", title="Tabel lima belas kolom")),
        _cell(lambda: d.table(widest, key="sangat_lebar", title="Tabel dua puluh lima kolom")),
        _stdout_cell("REMOVED-OUTPUT-MUST-NOT-SHOW", ["remove-output"]),
        _stdout_cell("REMOVED-CELL-MUST-NOT-SHOW", ["remove-cell"]),
        new_code_cell(
            "x",
            outputs=[
                new_output(
                    "display_data",
                    data={
                        "text/html": '<img src="file:///etc/passwd"><a href="https://evil.example">'
                        'tautan</a><iframe src="http://evil.example"></iframe>'
                        '<p onclick="alert(3)">paragraf</p>',
                        "text/plain": "raw",
                    },
                )
            ],
        ),
        new_markdown_cell("## 3. Lampiran"),
        _cell(lambda: d.parameters_table({"kode_provinsi": "74", "tahun": 2021})),
    ]
    nb = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    nbformat.write(nb, str(path))
    d.reset_numbering()
    return path


META = {
    "provinsi": PROVINCE,
    "kode_provinsi": "74",
    "tahun_evaluasi": 2021,
    "tahun_rencana": 2022,
    "code_version": "0.1.0-test",
    "generated_at": "2024-11-21T10:30:00",
    "parameters": {"kode_provinsi": "74"},
}


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("report")
    notebook = build_notebook(folder / "executed.ipynb")
    return render_report(
        notebook,
        folder / "out",
        title="Laporan Evaluasi KUMKM",
        subtitle="Bahan Rakorda 2022",
        is_synthetic=True,
        meta=META,
    )


@pytest.fixture(scope="module")
def html_text(report) -> str:
    return report["html"].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pdf_pages(report) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(report["pdf"])).pages]


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v or "") for k, v in attrs)

    def handle_data(self, data):
        self.text.append(data)


def _parse(text: str) -> _Collect:
    parser = _Collect()
    parser.feed(text)
    return parser


def test_all_outputs_written(report):
    assert set(report) == set(OUTPUT_FILES)
    for kind, path in report.items():
        assert path.name == OUTPUT_FILES[kind] and path.stat().st_size > 0
    leftovers = [p.name for p in report["html"].parent.iterdir() if ".tmp" in p.name]
    assert leftovers == []
    nbformat.validate(nbformat.read(str(report["notebook"]), as_version=4))


def test_html_has_no_script_and_no_code(html_text):
    parsed = _parse(html_text)
    assert "script" not in parsed.tags and "iframe" not in parsed.tags
    assert "<script" not in html_text.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text  # shown as text
    for marker in (
        "CODE-MUST-NOT-SHOW",
        "PARAMETERS-MUST-NOT-SHOW",
        "INJECTED-MUST-NOT-SHOW",
        "REMOVED-OUTPUT-MUST-NOT-SHOW",
        "REMOVED-CELL-MUST-NOT-SHOW",
    ):
        assert marker not in html_text
    assert not any(name.startswith("on") for _, name, _ in parsed.attrs)


def test_html_references_no_url(html_text):
    parsed = _parse(html_text)
    for tag, name, value in parsed.attrs:
        if name in {"src", "href", "action", "srcset", "poster", "data"}:
            assert value.startswith(("#", "data:image/")), (tag, name, value[:60])
    lowered = html_text.lower()
    assert "//cdn" not in lowered and "url(" not in lowered and "@import" not in lowered
    # the only "http" left is data shown as text (escaped cell values), never a reference
    text = "".join(parsed.text)
    assert lowered.count("http://") == text.lower().count("http://")
    assert "https://" not in lowered


def test_html_toc_and_headings(html_text):
    toc = re.search(r'<nav class="toc">(.*?)</nav>', html_text, re.S).group(1)
    anchors = re.findall(r'href="#([^"]+)"', toc)
    assert len(anchors) >= 3  # three h2 sections (the title heads the page, not the body)
    for anchor in anchors:
        assert f'id="{anchor}"' in html_text
    assert "1. Ringkasan eksekutif" in toc and "3. Lampiran" in toc
    # a script inside a markdown heading is dropped, its text kept
    assert "2. Kelembagaan koperasi" in toc


def test_html_figures_embedded_and_captioned(html_text):
    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html_text)
    assert len(images) == 2
    for image in images:
        svg = base64.b64decode(image).decode("utf-8")
        root = ElementTree.fromstring(svg)  # well-formed: data labels escaped
        # the font travels with the chart (an <img> cannot use the page's fonts)
        style = "".join(root.find("{http://www.w3.org/2000/svg}defs").itertext())
        assert style.count("@font-face") == 2 and "font-weight:700" in style
        assert "font-family: 'DejaVu Sans'" in svg
    labels = base64.b64decode(images[0]).decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in labels and "<script" not in labels
    assert "Gambar 1. Persentase koperasi RAT" in html_text
    assert "Gambar 2. Tren koperasi aktif" in html_text
    assert "Tabel 1. Koperasi menurut kab/kota" in html_text


def test_html_sample_notice_top_and_footer(html_text):
    first = html_text.index(SAMPLE_NOTICE_TEXT)
    assert first < html_text.index('<nav class="toc">')
    footer = html_text[html_text.index("<footer") :]
    assert SAMPLE_NOTICE_TEXT in footer


def test_no_nik_in_outputs(html_text, pdf_pages, report):
    assert "7401012304560001" not in html_text
    assert "7401012304560001" not in "".join(pdf_pages)
    # masked in the table and in the chart's labels (chart text is text in the PDF)
    assert "".join(pdf_pages).count("[NIK disamarkan]") >= 2
    svg = [
        base64.b64decode(i).decode()
        for i in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html_text)
    ]
    assert "[NIK disamarkan]" in svg[0] and "7401012304560001" not in "".join(svg)
    with zipfile.ZipFile(report["xlsx"]) as z:
        assert not any(b"7401012304560001" in z.read(n) for n in z.namelist())


def test_pdf_pages_and_text(pdf_pages, report):
    assert len(pdf_pages) >= 3
    assert PROVINCE in pdf_pages[0]
    assert "Tahun evaluasi 2021" in pdf_pages[0] and "Tahun rencana 2022" in pdf_pages[0]
    assert "21 November 2024" in pdf_pages[0]
    for number, text in enumerate(pdf_pages, start=1):
        assert f"Halaman {number} dari {len(pdf_pages)}" in text
        assert "DATA SINTETIS" in text  # footer mark on every page
    everything = "\n".join(pdf_pages)
    assert "<script>alert(1)</script>" in everything  # shown as text, not dropped
    assert "CODE-MUST-NOT-SHOW" not in everything


def test_pdf_wide_tables(report, pdf_pages):
    pages = PdfReader(str(report["pdf"])).pages
    landscape = [i for i, p in enumerate(pages) if p.mediabox.width > p.mediabox.height]
    assert len(landscape) == 1
    assert "Tabel 2. Tabel lima belas kolom" in pdf_pages[landscape[0]]
    assert "Kolom 14" in pdf_pages[landscape[0]]  # the last column is on the page
    # the page after the landscape table is portrait again
    assert landscape[0] + 1 < len(pages)
    text = "\n".join(pdf_pages)
    assert "lampiran Excel" in text and "T03 sangat_lebar" in text


def test_pdf_toc_has_page_numbers(pdf_pages):
    toc = pdf_pages[1]
    assert "Daftar isi" in toc
    assert re.search(r"1\. Ringkasan eksekutif[ .]*\d+", toc)


def test_xlsx_has_no_formula_or_hyperlink(report):
    with zipfile.ZipFile(report["xlsx"]) as z:
        for name in z.namelist():
            body = z.read(name)
            assert b"<f>" not in body and b"<f " not in body, name
            assert b"<hyperlink" not in body, name  # worksheet hyperlink elements
            assert b"relationships/hyperlink" not in body, name  # their targets in .rels
        assert not any("externalLink" in n for n in z.namelist())


def test_xlsx_sheets_and_values(report):
    wb = openpyxl.load_workbook(report["xlsx"])
    assert wb.sheetnames[:2] == ["Keterangan", "Daftar Tabel"]
    assert wb.sheetnames[-1] == "Definisi"
    assert "T01 rat_kabkota" in wb.sheetnames and "T03 sangat_lebar" in wb.sheetnames
    assert all(len(n) <= 31 for n in wb.sheetnames)
    ws = wb["T01 rat_kabkota"]
    assert ws["A1"].value == "Tabel 1. Koperasi menurut kab/kota"
    assert ws["A2"].value == "Satuan: unit; %"
    assert [c.value for c in ws[4]] == ["Kabupaten/Kota", "Koperasi aktif", "% RAT"]
    names = [ws.cell(row=r, column=1) for r in range(5, 10)]
    assert [c.value for c in names] == HOSTILE
    assert all(c.data_type == "s" for c in names)
    assert ws["B5"].value == 120 and ws["B5"].data_type == "n"
    assert ws["C5"].value == pytest.approx(16.7) and ws["C5"].number_format == '0.0"%"'
    assert ws["C10"].value is None  # missing stays empty, not zero
    assert ws["B9"].number_format == "#,##0"
    info = {r[0]: r[1] for r in wb["Keterangan"].iter_rows(min_row=4, values_only=True)}
    assert info["Provinsi"] == PROVINCE and info["Tahun evaluasi"] == "2021"
    assert info["Data sintetis"].startswith("Ya")
    assert info["Dibuat pada"].startswith("21 November 2024")
    assert wb["Definisi"].max_row > 3


def test_missing_notebook_raises(tmp_path):
    with pytest.raises(RenderError, match="does not exist"):
        render_report(
            tmp_path / "nope.ipynb",
            tmp_path / "out",
            title="t",
            subtitle="s",
            is_synthetic=False,
            meta={},
        )


def test_not_synthetic_has_no_mark(tmp_path):
    notebook = build_notebook(tmp_path / "nb.ipynb")
    written = render_report(
        notebook,
        tmp_path / "out",
        title="t",
        subtitle="s",
        is_synthetic=False,
        meta=META,
        outputs=("html",),
    )
    assert set(written) == {"html"}
    text = written["html"].read_text(encoding="utf-8")
    # the notebook's own banner cell still shows it; the renderer adds no footer mark
    assert SAMPLE_NOTICE_TEXT not in text[text.index("<footer") :]


def test_report_facts_from_runner_meta():
    from kumkm_utils.render.templating import report_facts

    facts = report_facts(
        {
            "label": "Sulawesi Tenggara",
            "tahun": 2023,
            "code_version": "x",
            "parameters": {"kode_provinsi": "74", "tahun_evaluasi": 2021},
        }
    )
    # explicit parameters win over the batch year; plan year = evaluation year + 1
    assert facts["provinsi"] == "Sulawesi Tenggara" and facts["kode_provinsi"] == "74"
    assert facts["tahun_evaluasi"] == 2021 and facts["tahun_rencana"] == 2022
    assert report_facts({"provinsi": "Bali", "label": "x"})["provinsi"] == "Bali"


def test_notebook_title_completed_with_the_report_title():
    from kumkm_utils.render.notebook import Block, complete_title

    blocks = [
        Block("html", html="<p>pengantar</p>"),
        Block("html", html='<h1 id="x">Laporan Evaluasi KUMKM Provinsi</h1><p>a</p>'),
        Block("html", html="<h1>Laporan Evaluasi KUMKM Provinsi</h1>"),
    ]
    done = complete_title(blocks, "Laporan Evaluasi KUMKM Provinsi Bali & NTB")
    assert done[1].html == '<h1 id="x">Laporan Evaluasi KUMKM Provinsi Bali &amp; NTB</h1><p>a</p>'
    assert done[2].html == blocks[2].html  # only the first level-1 heading
    other = complete_title(blocks, "Rekapitulasi Nasional")
    assert [b.html for b in other] == [b.html for b in blocks]


def test_html_header_takes_the_notebooks_banner_and_title_once():
    """A mixed warehouse's banner (DATA CAMPURAN) moves to the header; nothing is repeated."""
    from kumkm_utils.render.html import render_html
    from kumkm_utils.render.notebook import Block

    blocks = [
        Block("html", html="<h1>Laporan Bali</h1><p>Pengantar.</p>"),
        Block(
            "html",
            html=f'<div class="kumkm-sample-notice">{MIXED_NOTICE_TEXT}</div>',
            payload={"role": "sample-notice", "text": MIXED_NOTICE_TEXT},
        ),
        Block("html", html="<h2>1. Ringkasan</h2>"),
    ]
    page = render_html(
        blocks, title="Laporan Bali", subtitle="s", is_synthetic=True, meta={"provinsi": "Bali"}
    )
    assert page.count(MIXED_NOTICE_TEXT) == 2  # under the title and in the footer
    assert SAMPLE_NOTICE_TEXT not in page
    assert "<h1" not in page and page.count("Laporan Bali") == 2  # <title> and the header
    assert "Pengantar." in page
