"""Tests of the Excel input templates (read back with openpyxl) and the data dictionary."""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from kumkm_utils import cli, reference, regions, schemas, templates


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("templates")
    return outdir, templates.write_templates(outdir)


@pytest.fixture(scope="module")
def books(written):
    _, paths = written
    return {p.stem: openpyxl.load_workbook(p) for p in paths}


def _validations(ws):
    """Map column letter → data validation of the Data sheet."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        ref = str(dv.sqref)
        match = re.fullmatch(r"([A-Z]+)2:\1(\d+)", ref)
        assert match, ref
        assert int(match.group(2)) == 1_048_576  # the whole column below the header
        out[match.group(1)] = dv
    return out


def _column_dimension(ws, index: int):
    """The <col> entry covering column ``index`` (XlsxWriter groups equal adjacent columns)."""
    for dim in ws.column_dimensions.values():
        if dim.min <= index <= dim.max:
            return dim
    raise AssertionError(f"no column dimension for column {index}")


def _letter(dataset: str, column: str) -> str:
    return openpyxl.utils.get_column_letter(schemas.DATASETS[dataset].columns.index(column) + 1)


def test_one_workbook_per_dataset(written):
    outdir, paths = written
    assert [p.name for p in paths] == [
        "koperasi.xlsx",
        "umkm.xlsx",
        "program.xlsx",
        "makro.xlsx",
        "target.xlsx",
    ]
    assert all(p.parent == outdir and p.stat().st_size > 0 for p in paths)


@pytest.mark.parametrize("name", list(schemas.DATASETS))
def test_sheets_and_header_row(books, name):
    wb = books[name]
    assert wb.sheetnames == ["Data", "Kamus Data", "Petunjuk", "Daftar"]
    assert wb["Daftar"].sheet_state == "hidden"
    assert wb.active.title == "Data"
    ws = wb["Data"]
    header = [c.value for c in ws[1]]
    assert header == schemas.DATASETS[name].columns
    assert ws.max_row == 1  # an empty template: header only
    assert ws.freeze_panes == "A2"
    # each header cell explains itself in a comment: label and unit
    for j, column in enumerate(schemas.DATASETS[name].columns, start=1):
        meta = schemas.DATASETS[name].meta(column)
        comment = ws.cell(1, j).comment
        assert comment is not None and meta["label"] in comment.text
        if meta["unit"]:
            assert f"({meta['unit']})" in comment.text
        assert _column_dimension(ws, j).width >= len(column)


@pytest.mark.parametrize(
    "dataset, column",
    [
        ("koperasi", "nik_koperasi"),
        ("koperasi", "kode_kabkota"),
        ("umkm", "nib"),
        ("umkm", "id_umkm"),
        ("umkm", "kbli"),
        ("program", "kode_subkegiatan"),
        ("program", "kode_provinsi"),
        ("makro", "kode_provinsi"),
    ],
)
def test_id_and_code_columns_are_text(books, dataset, column):
    ws = books[dataset]["Data"]
    index = schemas.DATASETS[dataset].columns.index(column) + 1
    assert _column_dimension(ws, index).number_format == "@"


def test_money_and_count_columns_are_numbers(books):
    ws = books["koperasi"]["Data"]
    columns = schemas.DATASETS["koperasi"].columns

    def number_format(column):
        return _column_dimension(ws, columns.index(column) + 1).number_format

    assert number_format("aset_rp") == "#,##0"
    assert number_format("manajer") == "0"
    assert number_format("tanggal_rat") == "dd/mm/yyyy"


@pytest.mark.parametrize("name", list(schemas.DATASETS))
def test_every_coded_column_has_a_dropdown_with_the_allowed_values(books, name):
    dataset = schemas.DATASETS[name]
    dvs = _validations(books[name]["Data"])
    for column in dataset.columns:
        allowed = dataset.meta(column)["allowed"]
        if str(dataset.schema.columns[column].dtype) == "boolean":
            allowed = ("Ya", "Tidak")
        if not allowed:
            continue
        dv = dvs[_letter(name, column)]
        assert dv.type == "list"
        assert dv.formula1 == '"' + ",".join(allowed) + '"', column
        assert dv.errorStyle in (None, "stop")


def test_kabkota_dropdown_lists_all_514_codes_from_the_hidden_sheet(books):
    wb = books["koperasi"]
    dv = _validations(wb["Data"])[_letter("koperasi", "kode_kabkota")]
    assert dv.type == "list"
    match = re.fullmatch(r"'Daftar'!\$([A-Z]+)\$2:\$\1\$(\d+)", dv.formula1)
    assert match, dv.formula1
    assert int(match.group(2)) == 515
    # names are accepted on import, so a value outside the list only warns
    assert dv.errorStyle == "warning"
    col = openpyxl.utils.column_index_from_string(match.group(1))
    listed = [wb["Daftar"].cell(r, col).value for r in range(2, 516)]
    assert listed == sorted(regions.kabkota_codes())
    assert wb["Daftar"].cell(1, col).value == "kode_kabkota"


def test_program_lists_provinces_priorities_and_subkegiatan(books):
    wb = books["program"]
    dvs = _validations(wb["Data"])
    lists = wb["Daftar"]
    heads = {lists.cell(1, c).value: c for c in range(1, lists.max_column + 1)}

    def listed(column):
        c = heads[column]
        return [
            lists.cell(r, c).value
            for r in range(2, lists.max_row + 1)
            if lists.cell(r, c).value is not None
        ]

    assert listed("prioritas_nasional") == list(reference.PRIORITY_CODES)
    assert dvs[_letter("program", "prioritas_nasional")].errorStyle in (None, "stop")
    assert listed("kode_provinsi") == list(regions.provinces()["kode_provinsi"])
    assert listed("kode_subkegiatan") == list(reference.nomenclature("sub_kegiatan")["kode"])
    # SIPD may use sub kegiatan that the working list lacks: warn only
    assert dvs[_letter("program", "kode_subkegiatan")].errorStyle == "warning"
    assert (
        dvs[_letter("program", "sumber_dana")].formula1
        == '"APBD,DAK Nonfisik,Dekonsentrasi,Lainnya"'
    )


def test_numeric_checks(books):
    dvs = _validations(books["koperasi"]["Data"])
    tahun = dvs[_letter("koperasi", "tahun")]
    assert tahun.type == "whole" and (tahun.formula1, tahun.formula2) == ("2000", "2100")
    aset = dvs[_letter("koperasi", "aset_rp")]
    assert (
        aset.type == "decimal"
        and aset.operator == "greaterThanOrEqual"
        and float(aset.formula1) == 0
    )
    anggota = dvs[_letter("koperasi", "anggota_perempuan")]
    assert anggota.type == "whole" and float(anggota.formula1) == 0
    shu = dvs[_letter("koperasi", "shu_rp")]  # may be negative (a loss)
    assert shu.type == "decimal" and float(shu.formula1) < 0
    assert dvs[_letter("koperasi", "tanggal_rat")].type == "date"


@pytest.mark.parametrize("name", list(schemas.DATASETS))
def test_kamus_data_sheet_describes_every_column(books, name):
    dataset = schemas.DATASETS[name]
    ws = books[name]["Kamus Data"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == (
        "Kolom",
        "Label",
        "Tipe",
        "Satuan",
        "Kunci/wajib",
        "Nilai yang diizinkan",
        "Keterangan",
        "Contoh",
    )
    body = {r[0]: r for r in rows[1:]}
    assert list(body) == dataset.columns
    for column in dataset.columns:
        meta = dataset.meta(column)
        row = body[column]
        assert row[1] == meta["label"]
        assert row[6] == dataset.schema.columns[column].description
        assert row[4] == ("kunci" if meta["key"] else row[4])
        if meta["allowed"]:
            assert row[5] == ", ".join(meta["allowed"])
    assert {body[k][4] for k in dataset.columns if dataset.meta(k)["key"]} == {"kunci"}


def test_kamus_types_and_requirements(books):
    body = {r[0]: r for r in books["koperasi"]["Kamus Data"].iter_rows(min_row=2, values_only=True)}
    assert body["nik_koperasi"][2:5] == ("teks", None, "kunci")
    assert body["aset_rp"][2:5] == ("angka", "Rp", "boleh kosong")
    assert body["nama_koperasi"][4] == "wajib"
    assert body["rat_dilaksanakan"][2] == "Ya/Tidak"
    assert body["tanggal_rat"][2] == "tanggal"


def test_petunjuk_is_in_indonesian_and_names_the_keys(books):
    text = "\n".join(str(c.value) for c in books["umkm"]["Petunjuk"]["A"] if c.value)
    assert "Petunjuk pengisian" in text
    assert "rupiah penuh" in text and "id_umkm, tahun" in text
    assert "Jangan mengubah" in text


def test_no_formulas_or_links_in_the_files(written):
    _, paths = written
    for path in paths:
        with zipfile.ZipFile(path) as zf:
            for member in zf.namelist():
                if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                    xml = zf.read(member)
                    assert not re.search(rb"<f[ >]", xml), (path.name, member)
                    assert b"<hyperlink" not in xml, (path.name, member)


def test_calamine_reads_the_header_of_the_first_sheet(written):
    # ingestion reads workbooks with python-calamine: the first sheet must be the data sheet
    _, paths = written
    for path in paths:
        wb = CalamineWorkbook.from_path(str(path))
        assert wb.sheet_names[0] == "Data"
        rows = wb.get_sheet_by_name("Data").to_python()
        assert rows[0] == schemas.DATASETS[path.stem].columns


def test_subset_and_unknown_dataset(tmp_path):
    paths = templates.write_templates(tmp_path, ["makro"])
    assert [p.name for p in paths] == ["makro.xlsx"]
    with pytest.raises(ValueError, match="unknown dataset"):
        templates.write_templates(tmp_path, ["tidak_ada"])


def test_command_writes_templates_and_dictionary(tmp_path, capsys):
    status = cli.main(
        [
            "templates",
            str(tmp_path / "out"),
            "--dataset",
            "koperasi",
            "--dictionary",
            str(tmp_path / "dd.md"),
        ]
    )
    assert status == 0
    assert (tmp_path / "out" / "koperasi.xlsx").exists()
    assert not (tmp_path / "out" / "umkm.xlsx").exists()
    assert (tmp_path / "dd.md").read_text(encoding="utf-8") == templates.data_dictionary_markdown()
    assert "koperasi.xlsx" in capsys.readouterr().out


# --------------------------------------------------------------------------- data dictionary


def test_committed_data_dictionary_is_current():
    committed = templates.DATA_DICTIONARY_PATH.read_text(encoding="utf-8")
    assert committed == templates.data_dictionary_markdown(), (
        "docs/data_dictionary.md is stale: run `kumkm templates OUTDIR --dictionary "
        "docs/data_dictionary.md` and commit it"
    )


def test_data_dictionary_lists_every_column_once():
    text = templates.data_dictionary_markdown()
    assert text.startswith("# Data dictionary")
    for name, dataset in schemas.DATASETS.items():
        assert f"## `{name}`" in text
        for column in dataset.columns:
            assert text.count(f"| `{column}` |") >= 1
    # money columns say Rp; ID columns are text
    assert "| `aset_rp` | Aset (Rp) | angka | Rp |" in text
    assert "| `nib` | NIB | teks |" in text
