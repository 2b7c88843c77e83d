"""One province end to end, as an analyst runs it: ``kumkm report`` on the sample warehouse.

The sample warehouse (root ``conftest.py``) is built by the real generator and ingestion, so
this checks the whole chain: sample → ingest → notebook → HTML, PDF and Excel annex. Sulawesi
Tenggara 2021 is the Rakorda figure the sample is calibrated to: 2.300 active cooperatives,
420 of them with RAT (18,3%).
"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from runner_support import kumkm_report

pytestmark = [pytest.mark.slow, pytest.mark.sample_warehouse]


@pytest.fixture(scope="module")
def report_dir(sample_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    reports = tmp_path_factory.mktemp("reports")
    kumkm_report("74", 2021, sample_warehouse, reports)
    return reports / "2021" / "74-sulawesi-tenggara"


def test_all_outputs_and_manifest(report_dir: Path) -> None:
    for name in ("laporan.html", "laporan.pdf", "lampiran.xlsx", "notebook.ipynb"):
        assert (report_dir / name).stat().st_size > 1000, name
    manifest = json.loads((report_dir.parent / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tahun"] == 2021 and list(manifest["jobs"]) == ["74"]
    job = manifest["jobs"]["74"]
    assert job["status"] == "succeeded" and job["error"] is None and job["attempts"] == 1
    assert job["output_dir"] == report_dir.name
    assert job["parameters"]["kode_provinsi"] == "74"
    assert job["parameters"]["tahun_evaluasi"] == 2021
    # every output the manifest lists exists, relative to the year folder, and none is missing
    outputs = job["outputs"]
    assert set(outputs) == {"html", "pdf", "xlsx", "notebook", "ringkasan"}
    for kind, relative in outputs.items():
        assert (report_dir.parent / relative).is_file(), kind
    assert outputs["pdf"] == f"{report_dir.name}/laporan.pdf"
    hashes = job["input_hashes"]
    assert {"notebook", "code", "parameters", "data", "combined"} <= set(hashes)
    assert all(len(h) == 64 and int(h, 16) >= 0 for h in hashes.values())
    assert job["is_synthetic"] is True and job["headline"]


def test_html_is_offline_code_free_and_states_the_rakorda_figure(report_dir: Path) -> None:
    html = (report_dir / "laporan.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.IGNORECASE)
    assert "kode_provinsi =" not in html  # neither the parameters cell nor any code
    assert "import kumkm_utils" not in html and "from kumkm_utils" not in html
    assert "2.300" in html and "18,3%" in html
    assert "DATA SINTETIS" in html


def test_pdf_has_pages_text_and_watermark(report_dir: Path) -> None:
    reader = PdfReader(str(report_dir / "laporan.pdf"))
    assert len(reader.pages) >= 10
    first = reader.pages[0].extract_text()
    assert "Sulawesi Tenggara" in first and "2021" in first and "DATA SINTETIS" in first
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert sorted((round(width), round(height))) == [595, 842]  # A4, portrait or landscape
    last = reader.pages[-1].extract_text()
    assert f"Halaman {len(reader.pages)} dari {len(reader.pages)}" in last
    assert "DATA SINTETIS" in last


def test_excel_annex_has_tables_as_numbers_and_no_formulas(report_dir: Path) -> None:
    path = report_dir / "lampiran.xlsx"
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) >= 10
        for name in sheets:
            xml = archive.read(name).decode("utf-8")
            assert "<f>" not in xml and "<f " not in xml and "<hyperlink" not in xml, name
    book = openpyxl.load_workbook(path, read_only=True)
    assert "Definisi" in book.sheetnames
    numbers = {
        cell
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, (int, float))
    }
    assert 2300 in numbers and 420 in numbers  # stored as numbers, not text


@pytest.fixture(scope="module")
def national_dir(sample_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    reports = tmp_path_factory.mktemp("reports-nasional")
    kumkm_report("nasional", 2021, sample_warehouse, reports)
    return reports / "2021" / "00-nasional"


ENGLISH_WORDS = re.compile(
    r"\b(dataset|file_name|severity|rule|problems|rows|warning|error|value|count|total|"
    r"year|province|source|notes?)\b",
    re.IGNORECASE,
)


def _table_headers_and_cells(html: str) -> tuple[list[str], list[str]]:
    headers = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", html)]
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", html)]
    return headers, cells


@pytest.mark.parametrize("which", ["province", "national"])
def test_every_table_header_is_indonesian(which, report_dir, national_dir) -> None:
    folder = report_dir if which == "province" else national_dir
    html = (folder / "laporan.html").read_text(encoding="utf-8")
    headers, cells = _table_headers_and_cells(html)
    assert headers
    english = [h for h in headers if ENGLISH_WORDS.search(h) or re.fullmatch(r"[a-z]+_[a-z_]+", h)]
    assert not english, english
    assert "warning" not in cells and "error" not in cells  # severities are in Indonesian
    assert "Provinsi: Nasional" not in re.sub(r"<[^>]+>", ": ", html).replace(": : ", ": ")


def test_html_shows_title_and_banner_once_and_says_which_files_are_synthetic(report_dir) -> None:
    from kumkm_utils.display.notices import SAMPLE_NOTICE_TEXT

    html = (report_dir / "laporan.html").read_text(encoding="utf-8")
    assert html.count(SAMPLE_NOTICE_TEXT) == 2  # the banner under the title and the footer
    assert "<h1" not in html.split("<main>", 1)[1][:2000]  # no second title in the body
    headers, cells = _table_headers_and_cells(html)
    assert "Jenis data" in headers and "sintetis" in cells


def test_executed_notebook_is_trusted_and_its_charts_are_svg_only(report_dir) -> None:
    """The runner signs what it publishes, so JupyterLab shows the SVG charts; it leaves out the
    PNG copies (about 1 s per report) that unsigned notebooks (papermill, JupyterLab) carry."""
    import nbformat
    from nbformat.sign import NotebookNotary

    nb = nbformat.read(report_dir / "notebook.ipynb", 4)
    assert NotebookNotary().check_signature(nb)  # JupyterLab shows its SVG charts
    figures = [
        o for c in nb.cells for o in c.get("outputs", []) if "image/svg+xml" in o.get("data", {})
    ]
    assert figures and not any("image/png" in o["data"] for o in figures)


@pytest.mark.parametrize("which", ["province", "national"])
def test_pdf_pages_are_at_least_a_third_full(which, report_dir, national_dir) -> None:
    """No page less than a third full, except the title page, the contents, a section's last
    page, the last page and a page closed early by a landscape table; none under 10%."""
    sys.path.insert(0, str(Path(__file__).parent))
    from pdf_fill import page_fills

    folder = report_dir if which == "province" else national_dir
    pages = page_fills(folder / "laporan.pdf")
    assert len(pages) > 3
    landscape_next = {p.number - 1 for p in pages if p.landscape}
    thin = [p for p in pages if not p.exempt and p.number not in landscape_next and p.fill < 1 / 3]
    assert not thin, thin
    nearly_empty = [p for p in pages if p.number > 2 and p.number < len(pages) and p.fill < 0.1]
    assert not nearly_empty, nearly_empty


def test_screenshots_at_1366_px_show_every_column(report_dir, national_dir, tmp_path) -> None:
    """Headless Chromium: no table of either report needs a sideways scroll at 1366 px."""
    import shutil

    if not any(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")):
        pytest.skip("chromium is not installed (apt-get install chromium)")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import screenshot_reports

    status = screenshot_reports.main(
        [str(report_dir), str(national_dir), "--out", str(tmp_path), "--width", "1366"]
    )
    assert status == 0  # 1: a table hides columns
    assert list(tmp_path.glob("74-sulawesi-tenggara-program_subkegiatan-1366.png"))
    assert list(tmp_path.glob("00-nasional-perbandingan_terbitan-1366.png"))
