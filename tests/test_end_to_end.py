"""One province end to end, as an analyst runs it: ``kumkm report`` on the sample warehouse.

The sample warehouse (root ``conftest.py``) is built by the real generator and ingestion, so
this checks the whole chain: sample → ingest → notebook → HTML, PDF and Excel annex. Sulawesi
Tenggara 2021 is the Rakorda figure the sample is calibrated to: 2.300 active cooperatives,
420 of them with RAT (18,3%).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

pytestmark = [pytest.mark.slow, pytest.mark.sample_warehouse]


@pytest.fixture(scope="module")
def report_dir(sample_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    reports = tmp_path_factory.mktemp("reports")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kumkm_utils.cli",
            "report",
            "--province",
            "74",
            "--year",
            "2021",
            "--warehouse",
            str(sample_warehouse),
            "--reports-dir",
            str(reports),
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
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
