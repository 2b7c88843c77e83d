"""Tests of the synthetic sample generator (``kumkm sample``).

Files are read back with pandas/openpyxl, never through the generator's own frames.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from kumkm_utils.cli import main as cli_main
from kumkm_utils.sample import UMKM_FRACTION, generate_sample, targets
from kumkm_utils.schemas import DATASETS

pytestmark = pytest.mark.filterwarnings("ignore::pandera.errors.SchemaWarning")
SEED = 2025
FAST_PROVINCES = ("74", "62", "61")
MARKER = "DATA SINTETIS"


# ----------------------------------------------------------------------------- reading helpers
def read_raw(path: Path, usecols: list[str] | None = None) -> pd.DataFrame:
    """Read a submission as written (header on the second line/row)."""
    if path.suffix == ".csv":
        return pd.read_csv(
            path, skiprows=1, dtype=str, keep_default_na=False, na_values=[""], usecols=usecols
        )
    frame = pd.read_excel(path, sheet_name="Data", header=1, dtype=object, engine="calamine")
    return frame if usecols is None else frame[usecols]


def parse(raw: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """Turn a raw submission into schema dtypes (what ingestion would do for clean rows)."""
    schema = DATASETS[dataset].schema
    out = {}
    for name, col in schema.columns.items():
        values = raw[name]
        dtype = str(col.dtype)
        if dtype in ("Int64", "Float64"):
            out[name] = pd.to_numeric(values, errors="raise").astype("Float64").astype(dtype)
        elif dtype == "boolean":
            out[name] = values.map({"Ya": True, "Tidak": False}).astype("boolean")
        elif dtype.startswith("datetime"):
            out[name] = pd.to_datetime(values).astype("datetime64[ns]")
        else:
            out[name] = values.map(lambda v: None if pd.isna(v) else str(v)).astype("string")
    return pd.DataFrame(out)


def undo_mistakes(raw: pd.DataFrame, manifest: dict, rel: str) -> pd.DataFrame:
    """Leave out the rows the manifest lists as injected junk rows and restore the original
    value of injected cell mistakes."""
    for m in manifest["injected_mistakes"]:
        if m["file"] != rel:
            continue
        pos = m["row"] - 3
        if m["kind"] in ("baris_jumlah", "baris_duplikat"):
            raw = raw.drop(index=pos)
        elif m["column"] in raw:
            value = m["original"]
            if raw[m["column"]].dtype != object and isinstance(value, float):  # a text column (CSV)
                value = str(int(value)) if value.is_integer() else str(value)
            raw.loc[pos, m["column"]] = value
    return raw.reset_index(drop=True)


def data_rows(path: Path, dataset: str, manifest: dict, rel: str) -> pd.DataFrame:
    """Rows of one file in schema dtypes, injected mistakes undone."""
    return parse(undo_mistakes(read_raw(path), manifest, rel), dataset)


_NEEDED = {
    "koperasi": [
        "status_koperasi",
        "rat_dilaksanakan",
        "anggota_laki_laki",
        "anggota_perempuan",
        "manajer",
        "karyawan",
        "modal_sendiri_rp",
        "modal_luar_rp",
        "aset_rp",
        "volume_usaha_rp",
        "shu_rp",
    ],
    "umkm": ["skala_usaha", "omzet_tahunan_rp"],
    "makro": ["tahun", "pdrb_adhb_rp"],
}


def light_rows(out: Path, manifest: dict, dataset: str, years: set[int] | None = None) -> dict:
    """Only the columns the calibration measures need, numbers parsed, keyed by (province, year)."""
    result = {}
    for f in manifest["files"]:
        if f["dataset"] != dataset:
            continue
        year = int(f["tahun"]) if dataset != "makro" else 0
        if years is not None and dataset != "makro" and year not in years:
            continue
        raw = undo_mistakes(read_raw(out / f["file"], _NEEDED[dataset]), manifest, f["file"])
        for col in raw.columns:
            if col.endswith("_rp") or col in (
                "anggota_laki_laki",
                "anggota_perempuan",
                "manajer",
                "karyawan",
                "tahun",
            ):
                raw[col] = pd.to_numeric(raw[col]).astype(float)
        if "rat_dilaksanakan" in raw:
            raw["rat_dilaksanakan"] = raw["rat_dilaksanakan"] == "Ya"
        result[(f["kode_provinsi"], year)] = raw
    return result


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("sample")
    manifest = generate_sample(out, seed=SEED, provinces=FAST_PROVINCES)
    return out, manifest


def frames(
    out: Path, manifest: dict, dataset: str, code: str | None = None
) -> dict[tuple[str, int], pd.DataFrame]:
    result = {}
    for f in manifest["files"]:
        if f["dataset"] == dataset and (code is None or f["kode_provinsi"] == code):
            result[(f["kode_provinsi"], int(f["tahun"]) if dataset != "makro" else 0)] = data_rows(
                out / f["file"], dataset, manifest, f["file"]
            )
    return result


# ----------------------------------------------------------------------------- measures
def measure(
    indicator: str, kop: pd.DataFrame | None, umkm: pd.DataFrame | None, pdrb: float | None
) -> float:
    """Compute one calibration indicator on parsed rows, independently of the generator."""
    if indicator.startswith("umkm"):
        if indicator == "umkm":
            return len(umkm)
        return int((umkm["skala_usaha_true"] == indicator.split("_")[1].capitalize()).sum())
    aktif = kop["status_koperasi"] == "Aktif"
    if indicator == "koperasi_aktif":
        return int(aktif.sum())
    if indicator == "koperasi_total":
        return len(kop)
    if indicator == "koperasi_tidak_aktif":
        return int((~aktif).sum())
    if indicator == "koperasi_rat":
        return int((aktif & kop["rat_dilaksanakan"].fillna(False)).sum())
    if indicator == "persen_koperasi_aktif":
        return aktif.mean() * 100
    if indicator == "anggota":
        return float(kop["anggota_laki_laki"].sum() + kop["anggota_perempuan"].sum())
    if indicator == "tenaga_kerja":
        return float(kop["manajer"].sum() + kop["karyawan"].sum())
    if indicator == "permodalan_rp":
        return float(kop["modal_sendiri_rp"].sum() + kop["modal_luar_rp"].sum())
    if indicator == "kontribusi_koperasi_pdrb":
        return float(kop["volume_usaha_rp"].sum()) / pdrb * 100
    return float(kop[indicator].sum())


def check_target(t: pd.Series, got: float, fraction: float) -> None:
    value, comp = t["value"], t["comparison"]
    what = f"{t['scope']} {t['year']} {t['indicator']}: got {got}, published {value} ({comp})"
    if comp == "exact":
        assert got == pytest.approx(value, abs=0.5), what
    elif comp == "exact_2dp":
        assert round(got, 2) == value, what
    elif comp == "exact_scaled":
        assert abs(got - value * fraction) <= (1 if t["indicator"] == "umkm" else 0.5), what
    elif comp == "more_than":
        assert got > value, what
    elif comp == "more_than_scaled":
        assert got / fraction > value, what
    elif comp == "about":
        assert round(got) == value, what
    else:
        raise AssertionError(f"unknown comparison {comp}")


def check_targets(out: Path, manifest: dict, codes: set[str]) -> int:
    kop = light_rows(out, manifest, "koperasi")
    umkm = light_rows(out, manifest, "umkm", {2021, 2024})
    makro = light_rows(out, manifest, "makro")
    for frame in umkm.values():  # size class as written or derived from PP 7/2021 bands
        frame["skala_usaha_true"] = frame["skala_usaha"].fillna(
            pd.Series(
                np.select(
                    [
                        frame["omzet_tahunan_rp"].fillna(0) > 15e9,
                        frame["omzet_tahunan_rp"].fillna(0) > 2e9,
                    ],
                    ["Menengah", "Kecil"],
                    "Mikro",
                ),
                index=frame.index,
            )
        )
    checked = 0
    for _, t in targets().iterrows():
        scope = set(codes) if t["scope"] == "nasional" else set(t["provinces"].split("+"))
        if not scope <= codes or (t["scope"] == "nasional" and len(codes) < 38):
            continue
        year = int(t["year"])
        wanted = umkm if t["indicator"][:4] == "umkm" else kop
        if any((c, year) not in wanted for c in scope):
            continue  # year not written in this run
        k = pd.concat([kop[(c, year)] for c in scope]) if t["indicator"][:4] != "umkm" else None
        u = pd.concat([umkm[(c, year)] for c in scope]) if t["indicator"][:4] == "umkm" else None
        pdrb = None
        if t["indicator"] == "kontribusi_koperasi_pdrb":
            pdrb = float(
                sum(makro[(c, 0)].set_index("tahun").loc[year, "pdrb_adhb_rp"] for c in scope)
            )
        check_target(t, measure(t["indicator"], k, u, pdrb), manifest["umkm_fraction"])
        checked += 1
    return checked


# ----------------------------------------------------------------------------- tests
def test_targets_table_lists_sources_and_known_comparisons():
    table = targets()
    assert {"scope", "year", "indicator", "value", "comparison", "source"} <= set(table.columns)
    assert table["source"].str.len().min() > 3
    # the figures named in the issue are claimed
    claims = {(r.scope, r.year, r.indicator, r.value) for r in table.itertuples()}
    assert ("74", 2021, "koperasi_aktif", 2300) in claims
    assert ("74", 2021, "koperasi_rat", 420) in claims
    assert ("62", 2016, "kontribusi_koperasi_pdrb", 1.42) in claims
    assert ("62", 2022, "kontribusi_koperasi_pdrb", 3.29) in claims
    for year, value in ((2016, 151170), (2018, 126343), (2021, 127846)):
        assert ("nasional", year, "koperasi_aktif", value) in claims


def test_province_targets_are_met_in_written_files(sample):
    out, manifest = sample
    assert check_targets(out, manifest, set(FAST_PROVINCES)) >= 25


def test_sultra_2021_hand_check(sample):
    out, _ = sample
    raw = pd.read_csv(out / "74-sulawesi-tenggara" / "koperasi_2021.csv", skiprows=1, dtype=str)
    aktif = raw["status_koperasi"] == "Aktif"
    assert aktif.sum() == 2300
    assert (aktif & (raw["rat_dilaksanakan"] == "Ya")).sum() == 420
    # inactive cooperatives never report a RAT for the book year
    assert (raw.loc[~aktif, "rat_dilaksanakan"] == "Tidak").all()


def test_every_file_is_marked_synthetic(sample):
    out, manifest = sample
    assert manifest["synthetic"] is True
    assert MARKER in (out / "README.txt").read_text(encoding="utf-8")
    assert manifest["files"], "no files written"
    for f in manifest["files"]:
        path = out / f["file"]
        if path.suffix == ".csv":
            first = path.open(encoding="utf-8").readline()
            assert first.startswith("# " + MARKER), f["file"]
        else:
            wb = openpyxl.load_workbook(path, read_only=True)
            assert wb.sheetnames == ["Data"]
            assert str(next(wb["Data"].iter_rows(max_row=1, values_only=True))[0]).startswith(
                MARKER
            )
            wb.close()


def test_layout_and_formats(sample):
    out, manifest = sample
    names = {f["file"] for f in manifest["files"]}
    assert "62-kalimantan-tengah/makro.xlsx" in names
    assert "74-sulawesi-tenggara/program_2025.xlsx" in names
    assert all(n.endswith(".csv") for n in names if "/umkm_" in n)
    assert not any("/umkm_2016" in n or "/program_2020" in n for n in names)
    kop_years = {
        int(f["tahun"])
        for f in manifest["files"]
        if f["dataset"] == "koperasi" and f["kode_provinsi"] == "62"
    }
    assert kop_years == set(range(2016, 2026))
    for f in manifest["files"]:
        if f["dataset"] == "koperasi":
            assert (f["format"] == "xlsx") == (f["rows"] <= manifest["koperasi_excel_max_rows"])


def test_excel_numbers_are_numbers_and_ids_text(sample):
    out, _ = sample
    ws = openpyxl.load_workbook(out / "62-kalimantan-tengah" / "makro.xlsx")["Data"]
    header = [c.value for c in ws[2]]
    row = {h: c.value for h, c in zip(header, ws[3], strict=True)}
    assert row["kode_provinsi"] == "62"
    assert isinstance(row["pdrb_adhb_rp"], (int, float)) and row["pdrb_adhb_rp"] > 1e13
    assert isinstance(row["tahun"], int)
    ws = openpyxl.load_workbook(out / "74-sulawesi-tenggara" / "program_2021.xlsx")["Data"]
    header = [c.value for c in ws[2]]
    row = {h: c.value for h, c in zip(header, ws[3], strict=True)}
    assert isinstance(row["kode_subkegiatan"], str) and row["kode_subkegiatan"].startswith("2.17.0")
    assert isinstance(row["pagu_rp"], (int, float))


def test_clean_rows_validate_against_schemas(sample):
    out, manifest = sample
    checked = set()
    for f in manifest["files"]:
        wanted = ("2016-2025", "2021", "2025", "2021-2026")  # 2021-2026: targets
        if f["kode_provinsi"] == "62" and f["tahun"] in wanted:
            frame = data_rows(out / f["file"], f["dataset"], manifest, f["file"])
            DATASETS[f["dataset"]].schema.validate(frame)
            assert len(frame) > 0, f["file"]
            checked.add(f["dataset"])
    assert checked == set(DATASETS)


def test_injected_mistakes_are_where_the_manifest_says(tmp_path):
    # the provinces the plan chose for mistakes, at a small scale to stay fast
    full = generate_sample(
        tmp_path / "probe", seed=SEED, provinces=["75"], years=[2025], datasets=["program"]
    )
    assert full["injected_mistakes"] == [] or all(
        m["kode_provinsi"] == "75" for m in full["injected_mistakes"]
    )
    from kumkm_utils.sample.mistakes import plan  # which files carry mistakes, from the seed

    chosen = sorted({code for code, _, _ in plan(SEED).mistakes})
    out = tmp_path / "m"
    manifest = generate_sample(
        out,
        seed=SEED,
        provinces=chosen,
        years=[2022, 2023, 2024, 2025],
        scale=0.05,
        datasets=["koperasi", "umkm", "program"],
    )
    kinds = {m["kind"] for m in manifest["injected_mistakes"]}
    assert kinds == {
        "angka_teks",
        "nama_kabkota",
        "baris_jumlah",
        "baris_duplikat",
        "modal_negatif",
        "tanggal_rat_di_luar_jendela",
        "nib_12_digit",
    }
    for m in manifest["injected_mistakes"]:
        path = out / m["file"]
        if path.suffix == ".csv":
            lines = list(csv.reader(path.open(encoding="utf-8")))
            header, row = lines[1], lines[m["row"] - 1]
            cell = row[header.index(m["column"])]
        else:
            ws = openpyxl.load_workbook(path)[m["sheet"]]
            header = [c.value for c in ws[2]]
            cell = ws.cell(row=m["row"], column=header.index(m["column"]) + 1).value
            if m["kind"] == "angka_teks":
                assert isinstance(cell, str), "number typed as text must be a text cell"
            if hasattr(cell, "date"):
                cell = cell.date().isoformat()
        if m["kind"] in ("modal_negatif",):
            assert float(cell) == float(m["value"]) < 0
        else:
            assert str(cell) == str(m["value"]), m
        if m["kind"] == "nib_12_digit":
            assert len(str(cell)) == 12 and str(cell).isdigit()
        if m["kind"] == "angka_teks":
            assert str(cell).replace(".", "") == str(int(m["original"]))
        if m["kind"] == "tanggal_rat_di_luar_jendela":
            book_year = int(m["file"].rsplit("_", 1)[1][:4])
            assert not str(cell).startswith(str(book_year + 1))
        if m["kind"] == "nama_kabkota":
            assert str(cell).startswith(("KAB. ", "KOTA ")) and m["original"].count(".") == 1


def test_same_seed_same_bytes_and_subset_same_rows(sample, tmp_path):
    out, manifest = sample
    sub = generate_sample(tmp_path / "sub", seed=SEED, provinces=["62"], years=[2016, 2022, 2025])
    full_hash = {f["file"]: f["sha256"] for f in manifest["files"]}
    assert sub["files"]
    for f in sub["files"]:
        if f["dataset"] == "makro":  # makro holds the requested years only
            continue
        # every other file, the target sheet included (calibrated on a full run's rows)
        assert full_hash[f["file"]] == f["sha256"], f["file"]
        assert (tmp_path / "sub" / f["file"]).read_bytes() == (out / f["file"]).read_bytes()
    other = generate_sample(
        tmp_path / "other", seed=SEED + 1, provinces=["62"], years=[2022], datasets=["koperasi"]
    )
    assert other["files"][0]["sha256"] != full_hash[other["files"][0]["file"]]


def test_target_sheet_alone_is_the_full_runs(sample, tmp_path):
    """--datasets target (or without koperasi, or only years before 2021) still calibrates the
    targets on the rows a full sample writes, and gives the same file."""
    out, manifest = sample
    full_hash = {f["file"]: f["sha256"] for f in manifest["files"]}
    for name, datasets, years in [
        ("alone", ["target"], None),
        ("without_koperasi", ["program", "makro", "target"], None),
        ("early_years", ["koperasi", "target"], [2016, 2017, 2018, 2019]),
    ]:
        sub = generate_sample(
            tmp_path / name, seed=SEED, provinces=["62"], years=years, datasets=datasets
        )
        target = [f for f in sub["files"] if f["dataset"] == "target"]
        assert len(target) == 1, name
        assert target[0]["sha256"] == full_hash[target[0]["file"]], name


def test_cooperative_identities_and_rat_consistency(sample):
    out, manifest = sample
    kop = frames(out, manifest, "koperasi", "74")
    years = sorted(y for _, y in kop)
    ids = {y: set(kop[("74", y)]["nik_koperasi"]) for y in years}
    for a, b in zip(years, years[1:], strict=False):
        assert len(ids[a] & ids[b]) > 0.85 * len(ids[b])  # stable identities
        assert ids[b] - ids[a], "some cooperatives are founded"
        assert ids[a] - ids[b], "some cooperatives are dissolved"
    panel = pd.concat(kop.values())
    rat = (
        panel.pivot(index="nik_koperasi", columns="tahun", values="rat_dilaksanakan")
        .fillna(False)
        .astype(bool)
    )
    status = panel.pivot(index="nik_koperasi", columns="tahun", values="status_koperasi")
    consistent = total = 0
    for year in range(2018, 2026):
        alive = status[year].notna()
        recent = rat[[year - 2, year - 1, year]].any(axis=1)
        expected = np.where(recent, "Aktif", "Tidak Aktif")
        consistent += int((status.loc[alive, year] == expected[alive.to_numpy()]).sum())
        total += int(alive.sum())
    assert consistent / total > 0.99
    dates = panel.loc[panel["rat_dilaksanakan"].fillna(False), ["tahun", "tanggal_rat"]]
    assert (dates["tanggal_rat"].dt.year == dates["tahun"] + 1).all()
    assert dates["tanggal_rat"].dt.month.between(2, 6).mean() > 0.75
    # skewed finances with some losses
    act = panel[panel["status_koperasi"] == "Aktif"]
    assert act["volume_usaha_rp"].mean() > 2 * act["volume_usaha_rp"].median()
    assert (act["shu_rp"] < 0).mean() > 0.02
    assert act["predikat_kesehatan"].notna().sum() > 0
    assert act["kode_kabkota"].value_counts().max() > 2 * act["kode_kabkota"].value_counts().min()


def test_umkm_panel_is_plausible(sample):
    out, manifest = sample
    umkm = frames(out, manifest, "umkm", "61")
    y21, y25 = umkm[("61", 2021)], umkm[("61", 2025)]
    assert len(set(y21["id_umkm"]) & set(y25["id_umkm"])) > 0.6 * len(y25)
    assert (y25["skala_usaha"].dropna() == "Mikro").mean() > 0.95
    assert y25["nib"].notna().mean() > y21["nib"].notna().mean() + 0.2
    assert y25["pemasaran_digital"].mean() > y21["pemasaran_digital"].mean()
    assert 0.4 < (y25["jenis_kelamin_pemilik"] == "Perempuan").mean() < 0.6
    assert y25["eksportir"].mean() < 0.02
    food = y25["kategori_kbli"].isin(["A", "C", "I"])
    assert (
        y25.loc[food, "potensi_pemasok_mbg"].mean()
        > 5 * y25.loc[~food, "potensi_pemasok_mbg"].mean()
    )
    assert len(y21) > 1000  # about 1/500 of Kalbar's units


def test_program_rows_and_priorities(sample):
    out, manifest = sample
    program = frames(out, manifest, "program")
    nomenclature_codes = set(
        pd.read_csv(
            Path(__file__).parents[1] / "data" / "reference" / "nomenklatur_2_17.csv", dtype=str
        )["kode"]
    )
    allowed_2023 = {"PL-KUMKM", "MP-UMKM", "KWU", "NEW-PLUT", "KOP-PANGAN", "KEMISKINAN-EKSTREM"}
    allowed_2025 = {"ASTA-CITA", "MBG", "KDKMP"}
    for (_code, year), frame in program.items():
        assert 15 <= len(frame) <= 40
        assert frame["kode_subkegiatan"].str.match(r"^2\.17\.0[1-8]\.1\.\d{2}\.\d{4}$").all()
        assert set(frame["kode_subkegiatan"]) <= nomenclature_codes
        prio = set(frame["prioritas_nasional"].dropna())
        assert prio <= (allowed_2025 if year >= 2025 else allowed_2023 if year >= 2023 else set())
        assert (frame["sumber_dana"] == "APBD").mean() > 0.5
        ratio = frame["realisasi_keuangan_rp"] / frame["pagu_rp"]
        assert ratio.median() > 0.7
    all_rows = pd.concat(program.values())
    ratio = all_rows["realisasi_keuangan_rp"] / all_rows["pagu_rp"]
    assert (ratio > 1).any() and (ratio < 0.5).any()
    assert all_rows["pagu_rp"].between(2.5e7, 5e9).all()


def test_cli_sample_writes_and_reports(tmp_path, capsys):
    out = tmp_path / "cli"
    status = cli_main(
        ["sample", str(out), "--provinces", "75", "--years", "2025", "--datasets", "program,makro"]
    )
    assert status == 0
    manifest = json.loads((out / "MANIFEST.json").read_text(encoding="utf-8"))
    assert {f["file"] for f in manifest["files"]} == {
        "75-gorontalo/makro.xlsx",
        "75-gorontalo/program_2025.xlsx",
    }
    assert manifest["seed"] == 2025 and manifest["umkm_fraction"] == UMKM_FRACTION
    # a rerun with other options removes the files of the previous run, and only those
    (out / "notes.txt").write_text("kept", encoding="utf-8")
    assert (
        cli_main(
            ["sample", str(out), "--provinces", "75", "--years", "2024", "--datasets", "program"]
        )
        == 0
    )
    assert not (out / "75-gorontalo" / "program_2025.xlsx").exists()
    assert (out / "75-gorontalo" / "program_2024.xlsx").exists() and (out / "notes.txt").exists()
    assert cli_main(["sample", str(out), "--provinces", "99"]) == 2
    assert cli_main(["sample", str(out), "--years", "2010"]) == 2


@pytest.mark.slow
def test_national_targets_on_full_run(tmp_path):
    """All 38 provinces at full scale, two book years: national and province figures."""
    out = tmp_path / "full"
    manifest = generate_sample(
        out, seed=SEED, years=[2020, 2021], datasets=["koperasi", "umkm", "makro"]
    )
    codes = {f["kode_provinsi"] for f in manifest["files"]}
    assert len(codes) == 38
    assert check_targets(out, manifest, codes) >= 25
