"""What the runner refuses before any kernel starts: owned parameters, years without data."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.submissions import corpus, write_csv

from kumkm_utils import warehouse
from kumkm_utils.cli import main
from kumkm_utils.exceptions import ParameterError
from kumkm_utils.ingest.runs import run_files
from kumkm_utils.runner.data_years import check_data_for_year
from kumkm_utils.runner.overrides import refuse_runner_owned


@pytest.fixture
def small_warehouse(tmp_path) -> Path:
    """Koperasi of Sulawesi Tenggara for book year 2024 only."""
    db = tmp_path / "w.duckdb"
    f = write_csv(tmp_path / "koperasi_2024.csv", [corpus.kop(1), corpus.kop(2)])
    con = warehouse.connect_writer(db, wait_seconds=0)
    try:
        run_files([f], con)
    finally:
        con.close()
    return db


@pytest.mark.parametrize(
    ("assignment", "option"),
    [
        ("kode_provinsi=61", "--province"),
        ("tahun_evaluasi=2024", "--year"),
        ("warehouse=/tmp/lain.duckdb", "--warehouse"),
        ("output_dir=/tmp/di-luar", "--reports-dir"),
    ],
)
def test_param_refuses_what_the_runner_owns(tmp_path, capsys, assignment, option):
    code = main(
        [
            "report",
            "--province",
            "74",
            "--year",
            "2025",
            "--reports-dir",
            str(tmp_path / "reports"),
            "--param",
            assignment,
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "tidak dapat diubah dengan --param" in err and option in err
    assert not (tmp_path / "reports").exists()  # refused before anything was written


def test_refuse_runner_owned_lets_other_parameters_through():
    refuse_runner_owned("tahun_rencana")
    with pytest.raises(ParameterError, match="--province"):
        refuse_runner_owned("kode_provinsi")


def test_year_without_data_is_refused_listing_the_years(small_warehouse, tmp_path, capsys):
    reports = tmp_path / "reports"
    code = main(
        [
            "report",
            "--province",
            "74",
            "--year",
            "2026",
            "--warehouse",
            str(small_warehouse),
            "--reports-dir",
            str(reports),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "tidak ada data tahun 2026" in err and "2024" in err
    assert not reports.exists()  # no kernel started, no folder, no index entry
    code = main(
        [
            "batch",
            "--year",
            "2030",
            "--warehouse",
            str(small_warehouse),
            "--reports-dir",
            str(reports),
        ]
    )
    assert code == 2 and "2024" in capsys.readouterr().err
    assert not reports.exists()


def test_province_without_data_is_refused(small_warehouse):
    with pytest.raises(ParameterError, match="tidak ada data sama sekali"):
        check_data_for_year(small_warehouse, "61", 2024, label="Kalimantan Barat")


def test_year_with_some_datasets_names_the_missing_ones(small_warehouse):
    missing = check_data_for_year(small_warehouse, "74", 2024, label="Sulawesi Tenggara")
    assert missing == ["umkm", "program", "makro"]  # targets are plans, not data of the year


def test_targets_for_a_year_do_not_make_it_a_year_with_data(small_warehouse):
    """The sample has targets up to 2026: a 2026 report is still refused (Rakorda 2026: 2025)."""
    con = warehouse.connect_writer(small_warehouse, wait_seconds=0)
    try:
        con.execute("INSERT INTO target (kode_provinsi, tahun) VALUES ('74', 2025), ('74', 2026)")
    finally:
        con.close()
    with pytest.raises(ParameterError, match="tidak ada data tahun 2026") as refused:
        check_data_for_year(small_warehouse, "74", 2026, label="Sulawesi Tenggara")
    assert "2025" not in str(refused.value).split("datanya:")[1]  # only 2024 has data


def test_report_with_some_datasets_missing_gets_a_banner(small_warehouse, tmp_path):
    """Koperasi only for 2024: the rendered report names the datasets without data."""
    from test_render_report import META, build_notebook

    from kumkm_utils.render import render_report
    from kumkm_utils.runner.data_years import data_years, missing_for_year

    meta = dict(META)
    meta["parameters"] = {"kode_provinsi": "74", "tahun_evaluasi": 2024}
    meta["missing_data"] = missing_for_year(data_years(small_warehouse, "74"), 2024)
    out = render_report(
        build_notebook(tmp_path / "executed.ipynb"),
        tmp_path / "out",
        title="Laporan Evaluasi KUMKM",
        subtitle="Bahan Rakorda 2025",
        is_synthetic=True,
        meta=meta,
        outputs=("html", "pdf"),
    )
    html = out["html"].read_text(encoding="utf-8")
    assert "Data belum lengkap." in html
    assert (
        "belum ada kiriman: Data UMKM, Realisasi program dan anggaran, Data makro provinsi" in html
    )
    from pypdf import PdfReader

    text = " ".join(p.extract_text() or "" for p in PdfReader(str(out["pdf"])).pages)
    assert "Data belum lengkap" in " ".join(text.split())


def test_index_names_the_datasets_missing_for_the_year(small_warehouse, tmp_path):
    """Koperasi only for 2024: the manifest records the missing datasets, the index shows them."""
    from runner_support import write_notebook

    from kumkm_utils import schemas
    from kumkm_utils.runner.batch import run_batch
    from kumkm_utils.runner.index import render_index
    from kumkm_utils.runner.jobs import Job, RunSettings
    from kumkm_utils.runner.manifest import load_manifest

    notebook = write_notebook(
        tmp_path / "laporan.ipynb",
        headline="from kumkm_utils.runner import record_headline\n"
        "record_headline(output_dir, {'Kode': kode_provinsi}, is_synthetic=True)\n",
    )
    year = tmp_path / "2024"
    job = Job(
        "74",
        "Sulawesi Tenggara",
        notebook,
        {"kode_provinsi": "74", "tahun_evaluasi": 2024},
        year / "74-sulawesi-tenggara",
        scope="74",
    )
    settings = RunSettings(
        workers=1, renderer="runner_support:fake_render", warehouse=small_warehouse, progress=False
    )
    outcome = run_batch([job], year_dir=year, settings=settings, tahun=2024)
    assert outcome.built == ["74"], outcome.manifest.jobs["74"].error
    assert load_manifest(year).jobs["74"].missing_data == ["umkm", "program", "makro"]
    page = render_index(year)
    titles = [schemas.dataset(d).schema.title for d in ("umkm", "program", "makro")]
    assert f"Data belum lengkap: belum ada kiriman {', '.join(titles)}" in page
    notice = page.split("Data belum lengkap")[1].split("</div>")[0]
    assert schemas.dataset("koperasi").schema.title not in notice
    # the report's own banner names the same datasets, from the same reading of the warehouse
    report = (job.output_dir / "laporan.html").read_text(encoding="utf-8")
    assert f"belum ada kiriman: {', '.join(titles)}." in report


def test_years_of_many_provinces_are_read_in_one_pass(small_warehouse):
    from kumkm_utils.runner.data_years import data_years, data_years_of

    many = data_years_of(small_warehouse, ["74", "61", None])
    assert many["74"]["koperasi"] == [2024] and many["74"]["umkm"] == []
    assert all(years == [] for years in many["61"].values())
    for province in ("74", "61", None):
        assert many[province] == data_years(small_warehouse, province)
