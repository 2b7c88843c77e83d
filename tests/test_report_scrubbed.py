"""A report built from hostile input holds no citizen NIK in any file of its folder (issue 11).

The hostile input reaches the warehouse two ways: through ``kumkm ingest`` (free text is
masked on the way in) and written straight into the tables (as an older warehouse, or a
column ingestion does not mask, would hold it). The report is then built with ``kumkm report``
and every file of the report folder is searched: ``laporan.html``, the text of every PDF page,
every member of ``lampiran.xlsx``, ``ringkasan.json``, ``notebook.ipynb`` and the year's
``manifest.json``. Legitimate identifiers written next to the NIKs (a 13-digit NIB, a koperasi
registration number, a region code) must still be there.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from fixtures.builders import program
from fixtures.submissions import write_csv
from fixtures.sultra import build_sultra
from pypdf import PdfReader
from runner_support import kumkm_report

from kumkm_utils import warehouse
from kumkm_utils.ingest.runs import run_files

pytestmark = [pytest.mark.slow]

NIK_FORMS = [
    "7471 0123 4567 8901",
    "7471-0123-4567-8901",
    "7471.0123.4567.8901",
    "7471012345678901",
    "747101 230456 0001",
]
FRAGMENTS = ["4567 8901", "4567-8901", "4567.8901", "45678901", "2304560001", "230456 0001"]
LEGIT = ["9120001234567", "518/BH/XXIV/2019"]
YEAR = 2021

PROGRAM_HEADER = [
    "Kode provinsi",
    "Tahun",
    "Kode sub kegiatan",
    "Sumber dana",
    "Kode kabupaten/kota",
    "Nama sub kegiatan",
    "Pagu (Rp)",
    "Realisasi keuangan (Rp)",
    "Indikator keluaran",
    "Satuan",
    "Target",
    "Realisasi fisik",
    "Prioritas nasional",
    "Kendala",
]


def _hostile_rows() -> list[list[object]]:
    rows = []
    for i, nik in enumerate(NIK_FORMS):
        rows.append(
            [
                "74",
                str(YEAR),
                f"2.17.03.2.01.{i + 1:04d}",
                "APBD",
                "74.01",
                f"Pendampingan UMKM NIB 9120001234567 ketua {nik}",
                "100.000.000",
                "50.000.000",
                "Jumlah UMKM",
                "unit usaha",
                "10",
                "5",
                "MBG",
                f"Data peserta KTP {nik} belum lengkap; BH 518/BH/XXIV/2019",
            ]
        )
    return rows


def _raw_rows() -> object:
    """The same texts written straight into the warehouse, bypassing ingestion."""
    return program(
        [
            dict(
                kode_provinsi="74",
                tahun=YEAR,
                kode_subkegiatan=f"2.17.03.2.01.{i + 11:04d}",
                sumber_dana="APBD",
                kode_kabkota="74.01",
                nama_subkegiatan=f"Pelatihan {nik} NIB 9120001234567",
                pagu_rp=100e6,
                realisasi_keuangan_rp=40e6,
                indikator_keluaran="Jumlah UMKM",
                satuan="unit usaha",
                target=10,
                realisasi_fisik=4,
                prioritas_nasional="MBG",
                kendala=f"NIK {nik}\x1b[31m\u202e BH 518/BH/XXIV/2019",
            )
            for i, nik in enumerate(NIK_FORMS)
        ]
    )


@pytest.fixture(scope="module")
def report_folder(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    db = build_sultra(tmp / "w.duckdb")
    submission = write_csv(tmp / "program_74_2021.csv", _hostile_rows(), header=PROGRAM_HEADER)
    con = warehouse.connect_writer(db, wait_seconds=0)
    try:
        result = run_files([submission], con)[0]
        assert result.rows_loaded == len(NIK_FORMS), result.problems.to_string()
        # masked at ingestion: every cell named in the validation report
        masked = result.problems[result.problems["rule"] == "NIK disamarkan"]
        assert len(masked) == 2 * len(NIK_FORMS)
        warehouse.insert_frame(con, "program", _raw_rows())
    finally:
        con.close()
    reports = tmp / "reports"
    kumkm_report("74", YEAR, db, reports)
    return reports / str(YEAR) / "74-sulawesi-tenggara"


def _texts(folder: Path) -> dict[str, str]:
    """Every file of the report folder (and the year's manifest) as text."""
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        name = str(path.relative_to(folder))
        if path.suffix == ".pdf":
            reader = PdfReader(str(path))
            out[name] = "\n".join(page.extract_text() or "" for page in reader.pages)
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as zf:
                for member in zf.namelist():
                    out[f"{name}:{member}"] = zf.read(member).decode("utf-8", "replace")
        else:
            out[name] = path.read_bytes().decode("utf-8", "replace")
    out["../manifest.json"] = (folder.parent / "manifest.json").read_text(encoding="utf-8")
    return out


def test_report_folder_holds_every_output(report_folder):
    names = {p.name for p in report_folder.iterdir()}
    assert {"laporan.html", "laporan.pdf", "lampiran.xlsx", "notebook.ipynb"} <= names
    assert "ringkasan.json" in names


def test_no_nik_in_any_file_of_the_report_folder(report_folder):
    texts = _texts(report_folder)
    assert len(texts) > 10  # html, pdf, notebook, ringkasan, manifest, xlsx members
    for name, text in texts.items():
        # JSON escapes (\u202e) are decoded first so that nothing hides behind them
        if name.endswith((".json", ".ipynb")):
            text = json.dumps(json.loads(text), ensure_ascii=False)
        for needle in NIK_FORMS + FRAGMENTS:
            assert needle not in text, (name, needle)
        assert "\u202e" not in text and "\x1b" not in text, name


def test_raw_nik_reached_the_report_and_was_masked(report_folder):
    """The check above is not vacuous: the sub kegiatan table shows the hostile rows, masked."""
    html = (report_folder / "laporan.html").read_text(encoding="utf-8")
    notebook = (report_folder / "notebook.ipynb").read_text(encoding="utf-8")
    assert html.count("[NIK disamarkan]") >= len(NIK_FORMS)
    assert notebook.count("[NIK disamarkan]") >= len(NIK_FORMS)


def test_legitimate_identifiers_are_kept(report_folder):
    html = (report_folder / "laporan.html").read_text(encoding="utf-8")
    notebook = (report_folder / "notebook.ipynb").read_text(encoding="utf-8")
    for legit in LEGIT:
        assert legit in html and legit in notebook, legit
    assert "74.01" in notebook and "2.17.03.2.01" in notebook
