"""The provincial report notebook, run with papermill on the hand-made Sulawesi Tenggara warehouse,
and the done-when figure on the sample warehouse."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest
from fixtures.builders import build
from fixtures.sultra import koperasi_frames, makro_frame, program_frame, umkm_frames

from kumkm_utils import config, warehouse
from kumkm_utils import formatting as fmt
from kumkm_utils.display.outputs import TABLE_MIME
from kumkm_utils.indicators import koperasi

NOTEBOOK = config.NOTEBOOKS_DIR / "10_laporan_provinsi.ipynb"
HOSTILE = "<script>alert('x')</script> Pelatihan"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("laporan")
    extra = program_frame().iloc[[0]].copy()
    extra["kode_subkegiatan"] = "2.17.05.1.01.0001"
    extra["nama_subkegiatan"] = HOSTILE
    extra["kendala"] = '=HYPERLINK("http://contoh.invalid")'
    path = build(
        folder / "w.duckdb",
        koperasi=koperasi_frames(),
        umkm=umkm_frames(),
        program=[program_frame(), extra],
        makro=makro_frame(),
    )
    out = folder / "out"
    params = {
        "kode_provinsi": "74",
        "tahun_evaluasi": 2021,
        "warehouse": str(path),
        "output_dir": str(out),
    }
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(folder / "executed.ipynb"),
        parameters=params,
        kernel_name="python3",
        progress_bar=False,
        cwd=str(config.NOTEBOOKS_DIR),
    )
    return nbformat.read(folder / "executed.ipynb", 4), out


def _payloads(nb) -> dict[str, dict]:
    tables = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(TABLE_MIME)
            if payload:
                tables[payload["key"]] = payload
    return tables


@pytest.mark.slow
def test_notebook_runs_and_records_the_headline(executed):
    _, out = executed
    recorded = json.loads((out / "ringkasan.json").read_text(encoding="utf-8"))
    assert recorded["is_synthetic"] is True  # no provenance table in this warehouse: said synthetic
    headline = recorded["headline"]
    assert headline["Koperasi aktif"] == 2300
    assert headline["% RAT (dari koperasi aktif)"] == pytest.approx(18.26, abs=0.01)


@pytest.mark.slow
def test_pinned_headline_text(executed):
    nb, _ = executed
    cell = next(c for c in nb.cells if c.source.startswith("# NBVAL_CHECK_OUTPUT"))
    text = "".join(o.get("text", "") for o in cell.outputs)
    rat = next(line for line in text.splitlines() if "melaksanakan RAT" in line)
    assert "18,3%" in rat and "23,6%" in rat and "Memburuk" in rat
    assert any(
        line.startswith("Jumlah koperasi aktif") and "2.300" in line for line in text.splitlines()
    )


@pytest.mark.slow
def test_every_section_has_its_tables(executed):
    tables = _payloads(executed[0])
    for key in (
        "indikator_utama",
        "kelembagaan_kabkota",
        "anggota_kabkota",
        "usaha_kabkota",
        "kesehatan_kabkota",
        "kuk_kabkota",
        "umkm_skala_kabkota",
        "umkm_mbg_kabkota",
        "program_realisasi",
        "program_sumber_dana",
        "sinkronisasi",
        "kontribusi_pdrb",
        "isu_strategis",
        "capaian_target",
        "usulan_target",
        "definisi",
        "kiriman",
        "kabkota_melapor",
    ):
        assert key in tables, key
    kel = tables["kelembagaan_kabkota"]
    rows = {row[0]: row for row in kel["data"]}
    assert len(rows) == 18  # 17 kab/kota + the province
    assert rows["Sulawesi Tenggara"][kel["columns"].index("Koperasi aktif")] == 2300
    # a kab/kota without data stays empty (None), never zero
    assert rows["Kabupaten Konawe"][kel["columns"].index("Koperasi aktif")] is None


@pytest.mark.slow
def test_names_from_submissions_are_escaped(executed):
    nb, _ = executed
    html = "".join(
        o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", [])
    )
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Pelatihan" in html
    subkegiatan = _payloads(nb)["program_subkegiatan"]
    assert any(HOSTILE in row for row in subkegiatan["data"])  # kept as plain text for the annex


@pytest.mark.sample_warehouse
def test_sultra_2021_on_the_sample():
    """Done-when: the sample has 2.300 active cooperatives in Sultra in 2021, 420 with RAT."""
    with warehouse.connect(config.warehouse_path()) as con:
        row = koperasi.kelembagaan(con, province="74", year=2021, by="provinsi").iloc[0]
    assert (row["koperasi_aktif"], row["koperasi_rat"]) == (2300, 420)
    assert fmt.persen(row["persen_rat"]) == "18,3%"
    assert not pd.isna(row["persen_aktif"])


def test_parameters_are_documented():
    """papermill --help-notebook sees every parameter with its type and help text."""
    params = papermill.inspect_notebook(str(NOTEBOOK))
    assert set(params) == {
        "kode_provinsi",
        "tahun_evaluasi",
        "tahun_rencana",
        "warehouse",
        "output_dir",
    }
    assert params["kode_provinsi"]["default"] == '"74"'
    assert params["tahun_rencana"]["inferred_type_name"] == "Optional[int]"
    assert all(p["help"] for p in params.values())
    nb = nbformat.read(NOTEBOOK, 4)
    assert sum("parameters" in c.metadata.get("tags", []) for c in nb.cells) == 1
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith(
        "# Laporan Evaluasi KUMKM Provinsi"
    )
    # outputs stripped except the one pinned headline cell
    with_outputs = [c for c in nb.cells if c.cell_type == "code" and c.outputs]
    assert [c.source.splitlines()[0] for c in with_outputs] == ["# NBVAL_CHECK_OUTPUT"]


def test_notebook_cells_are_short():
    from notebook_rules import cells_that_are_not_one_step

    assert cells_that_are_not_one_step(nbformat.read(Path(NOTEBOOK), 4)) == []


@pytest.mark.slow
def test_notebook_runs_for_a_province_without_any_data(tmp_path):
    """Every section says "tidak ada data" instead of failing or showing zeros."""
    from fixtures.builders import koperasi as koperasi_rows

    path = build(tmp_path / "w.duckdb", koperasi=koperasi_rows("62.01", 2025, 3))
    out = tmp_path / "out"
    params = {
        "kode_provinsi": "74",
        "tahun_evaluasi": 2025,
        "warehouse": str(path),
        "output_dir": str(out),
    }
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(tmp_path / "executed.ipynb"),
        parameters=params,
        kernel_name="python3",
        progress_bar=False,
        cwd=str(config.NOTEBOOKS_DIR),
    )
    recorded = json.loads((out / "ringkasan.json").read_text(encoding="utf-8"))
    assert set(recorded["headline"].values()) == {None}
    nb = nbformat.read(tmp_path / "executed.ipynb", 4)
    text = json.dumps([o for c in nb.cells for o in c.get("outputs", [])], ensure_ascii=False)
    assert "Data koperasi tahun 2025 untuk Provinsi Sulawesi Tenggara tidak tersedia." in text
