"""Generated Indonesian text: the main facts with their numbers, strategic issues, proposed targets.

Three products, each computed from the indicator functions (never from a notebook):

- :func:`ringkasan`: sentences for the executive summary, each stating a fact with its number
  (e.g. which kab/kota fell furthest on RAT compliance) and saying where data are missing;
- :func:`isu_strategis`: rule-based flags, each with the rule and the numbers that fired it
  (thresholds in :data:`AMBANG`);
- :func:`usulan_target`: proposed targets for the plan year: the last achievement plus the
  slope of the last five years' linear trend, bounded sensibly, never below what was achieved
  (never above, for indicators where lower is better), shown with the method and the national
  (RPJMN/RPJPN) target where one exists.

Sentences are plain text; names in them come from submissions and reference data, so show
them with :func:`tampilkan_kalimat` (which passes them to ``display.text`` as escaped values).
"""

from __future__ import annotations

import logging
import math

import duckdb
import pandas as pd

from kumkm_utils import formatting as fmt
from kumkm_utils import reference, regions
from kumkm_utils.indicators import deklarasi, katalog, koperasi, pengawasan, program, trend, umkm
from kumkm_utils.indicators.headline import headline

logger = logging.getLogger(__name__)

AMBANG: dict[str, float] = deklarasi.ambang()
"""Thresholds of the strategic-issue rules (percent or percentage points), read from the
indicator declarations (``ambang`` of :mod:`kumkm_utils.indicators.deklarasi`).
``predikat_baik``: absorption or physical achievement at or below it is below the "Baik" band
of the LKjIP scale."""


LABEL_TARGET = {
    "indikator": "Indikator",
    "satuan": "Satuan",
    "tahun_data": "Tahun data",
    "nilai_terakhir": "Capaian terakhir",
    "tren_per_tahun": "Tren per tahun",
    "proyeksi": "Proyeksi",
    "usulan_target": "Usulan target",
    "target_nasional": "Target nasional",
    "metode": "Metode",
}
"""Indonesian labels of :func:`usulan_target` columns."""

TARGET_CODES: tuple[str, ...] = deklarasi.kode_dengan_peran("target")
"""Indicators that get a proposed target for the plan year (role ``target``)."""


# --------------------------------------------------------------------------- helpers


def _names(values: list[str]) -> str:
    """Join names the Indonesian way: "A", "A dan B", "A, B dan C"."""
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " dan " + values[-1]


def _place(province: str | None) -> str:
    return "Indonesia" if province is None else f"Provinsi {regions.province_name(province)}"


_missing = fmt.is_missing


def _direction_words(change: float, *, naik: str = "naik", turun: str = "turun") -> str:
    return naik if change > 0 else turun if change < 0 else "tetap"


# --------------------------------------------------------------------------- ringkasan


def _kalimat_kelembagaan(
    kel: pd.DataFrame, province: str | None, year: int, table: pd.DataFrame
) -> list[str]:
    total = trend.total_rows(kel).set_index("tahun")
    if year not in total.index or not total.loc[year, "ada_data"]:
        return [f"Data koperasi tahun {year} untuk {_place(province)} tidak tersedia."]
    now = total.loc[year]
    text = (
        f"Pada tahun {year} {_place(province)} mencatat "
        f"{fmt.angka(now['koperasi_aktif'])} koperasi aktif "
        f"dari {fmt.angka(now['jumlah_koperasi'])} koperasi ({fmt.persen(now['persen_aktif'])}); "
        f"{fmt.angka(now['koperasi_rat'])} di antaranya melaksanakan RAT "
        f"({fmt.persen(now['persen_rat'])} dari koperasi aktif)"
    )
    before = total["persen_rat"].get(year - 1, pd.NA)
    rat = table.set_index("kode").loc["persen_rat"]
    change = rat["perubahan"]
    if not _missing(before) and not _missing(change):
        change = float(change)
        text += (
            f", {_direction_words(round(change, 1))} {fmt.angka(abs(change), 1)} poin "
            f"dibanding {year - 1}"
        )
        if not _missing(rat["tanpa_banding"]):
            text += (
                f" (dibandingkan sebanding atas {rat['n_banding']} dari {rat['n_wilayah']} "
                f"{rat['tingkat_banding']} yang melapor pada kedua tahun, tanpa "
                f"{rat['tanpa_banding']}; {fmt.persen(before)} pada {year - 1} mencakup "
                "seluruh yang melapor saat itu)"
            )
        else:
            text += f" ({fmt.persen(before)} pada {year - 1})"
    sentences = [text + "."]
    if province is not None:
        falls = trend.largest_changes(kel, year=year, column="persen_rat", n=1)
        if not falls.empty and falls.iloc[0]["persen_rat_perubahan"] < 0:
            row = falls.iloc[0]
            sentences.append(
                f"Kepatuhan RAT turun paling tajam di {row['nama_wilayah']}: dari "
                f"{fmt.persen(row['persen_rat_sebelumnya'])} menjadi "
                f"{fmt.persen(row['persen_rat'])} "
                f"({fmt.perubahan(row['persen_rat_perubahan'], satuan=' poin')})."
            )
        elif not falls.empty:
            sentences.append(
                f"Tidak ada kabupaten/kota yang kepatuhan RAT-nya turun dibanding {year - 1}."
            )
        rises = trend.largest_changes(kel, year=year, column="persen_rat", n=1, ascending=False)
        if not rises.empty and rises.iloc[0]["persen_rat_perubahan"] > 0:
            row = rises.iloc[0]
            sentences.append(
                f"Kenaikan terbesar terjadi di {row['nama_wilayah']}: dari "
                f"{fmt.persen(row['persen_rat_sebelumnya'])} menjadi "
                f"{fmt.persen(row['persen_rat'])} "
                f"({fmt.perubahan(row['persen_rat_perubahan'], satuan=' poin')})."
            )
    return sentences


def _kalimat_data_hilang(frame: pd.DataFrame, year: int, dataset: str) -> list[str]:
    rows = frame[(frame["tahun"] == year) & (frame["tingkat"] == "kabkota")]
    missing = rows.loc[~rows["ada_data"], "nama_wilayah"].tolist()
    if not missing or rows.empty:
        return []
    if len(missing) == len(rows):
        return [f"Belum ada data {dataset} tahun {year} dari kabupaten/kota mana pun."]
    return [
        f"Data {dataset} tahun {year} tidak tersedia untuk {len(missing)} dari {len(rows)} "
        f"kabupaten/kota: {_names(missing)}; "
        "angka provinsi hanya mencakup kabupaten/kota yang melapor."
    ]


def _kalimat_headline(table: pd.DataFrame, year: int) -> list[str]:
    t = table.set_index("kode")
    out = []
    vu, growth, shu = t.loc["volume_usaha_rp"], t.loc["pertumbuhan_volume_usaha"], t.loc["shu_rp"]
    if not _missing(vu["nilai"]):
        text = f"Volume usaha koperasi mencapai {fmt.rupiah(vu['nilai'])}"
        if not _missing(growth["nilai"]):
            text += (
                f", {_direction_words(round(growth['nilai'], 1), naik='tumbuh', turun='turun')} "
                f"{fmt.persen(abs(growth['nilai']))} dari tahun sebelumnya"
            )
            if not _missing(growth["tanpa_banding"]):
                text += (
                    f" (sebanding, atas {growth['n_banding']} dari {growth['n_wilayah']} "
                    f"{growth['tingkat_banding']} yang melapor pada kedua tahun; tanpa "
                    f"{growth['tanpa_banding']})"
                )
        if not _missing(shu["nilai"]):
            text += f"; SHU {fmt.rupiah(shu['nilai'])}"
        out.append(text + ".")
    dinilai, sehat = t.loc["persen_dinilai"], t.loc["persen_sehat"]
    if not _missing(dinilai["nilai"]):
        text = f"Penilaian kesehatan menjangkau {fmt.persen(dinilai['nilai'])} KSP/USP"
        if not _missing(sehat["nilai"]):
            text += f"; {fmt.persen(sehat['nilai'])} dari yang dinilai berpredikat Sehat"
        out.append(text + ".")
    jumlah, ukm, nib = t.loc["jumlah_umkm"], t.loc["persen_ukm"], t.loc["persen_nib"]
    if not _missing(jumlah["nilai"]):
        text = f"Tercatat {fmt.angka(jumlah['nilai'])} UMKM"
        if not _missing(ukm["nilai"]):
            text += (
                f"; usaha kecil dan menengah {fmt.persen(ukm['nilai'], 2)} "
                "dari UMKM berskala diketahui"
            )
        if not _missing(nib["nilai"]):
            text += f", dan {fmt.persen(nib['nilai'])} UMKM memiliki NIB"
        out.append(text + ".")
    serapan, fisik = t.loc["persen_keuangan"], t.loc["capaian_fisik"]
    if not _missing(serapan["nilai"]):
        text = (
            f"Realisasi keuangan program {year} sebesar {fmt.persen(serapan['nilai'])} dari pagu "
            f"(predikat {serapan['penilaian']})"
        )
        if not _missing(fisik["nilai"]):
            text += (
                f", dengan capaian fisik {fmt.persen(fisik['nilai'])} "
                f"(predikat {fisik['penilaian']})"
            )
        out.append(text + ".")
    else:
        out.append(f"Data realisasi program dan anggaran tahun {year} tidak tersedia.")
    pdrb = t.loc["kontribusi_pdrb"]
    if not _missing(pdrb["nilai"]):
        out.append(
            f"Volume usaha koperasi setara {fmt.persen(pdrb['nilai'], 2)} "
            "dari PDRB atas dasar harga berlaku."
        )
    return out


def ringkasan(con: duckdb.DuckDBPyConnection, *, province: str | None, year: int) -> list[str]:
    """Sentences of the executive summary, each stating a fact with its number.

    Parameters
    ----------
    con
        Open warehouse connection.
    province
        Province code, or None for Indonesia.
    year
        Evaluation year.

    Returns
    -------
    list of str
        Plain-text sentences in Bahasa Indonesia (names unescaped: show them with
        :func:`tampilkan_kalimat`).
    """
    by = "kabkota" if province is not None else "provinsi"
    kel = koperasi.kelembagaan(con, province=province, year=year, by=by, n_years=2)
    table = headline(con, province=province, year=year)
    sentences = _kalimat_kelembagaan(kel, province, year, table)
    sentences += _kalimat_headline(table, year)
    if province is not None:
        sentences += _kalimat_data_hilang(kel, year, "koperasi")
        sentences += _kalimat_data_hilang(
            umkm.skala(con, province=province, year=year), year, "UMKM"
        )
    return sentences


def tampilkan_kalimat(sentences: list[str]) -> None:
    """Show sentences as a bullet list through ``display.text`` (every sentence escaped)."""
    from kumkm_utils import display

    if not sentences:
        return
    template = "\n".join(f"- {{k{i}}}" for i in range(len(sentences)))
    display.text(template, **{f"k{i}": s for i, s in enumerate(sentences)})


# --------------------------------------------------------------------------- isu strategis


def isu_strategis(
    con: duckdb.DuckDBPyConnection, *, province: str, year: int, plan_year: int
) -> pd.DataFrame:
    """Rule-based strategic issues of a province, each with the rule and the numbers behind it.

    Returns
    -------
    pandas.DataFrame
        ``bidang``, ``isu``, ``alasan`` (the numbers that fired the rule) in rule order;
        empty when no rule fires.
    """
    a = AMBANG
    issues: list[tuple[str, str, str]] = []
    table = headline(con, province=province, year=year).set_index("kode")

    def value(code: str) -> float | None:
        v = table.loc[code, "nilai"]
        return None if _missing(v) else float(v)

    def change(code: str) -> float | None:
        v = table.loc[code, "perubahan"]
        return None if _missing(v) else float(v)

    rat, rat_change, aktif = (
        value("persen_rat"),
        change("persen_rat"),
        value("persen_aktif"),
    )
    if rat is not None and rat < a["persen_rat_rendah"]:
        issues.append(
            (
                "Kelembagaan",
                "Kepatuhan RAT rendah",
                f"Hanya {fmt.persen(rat)} koperasi aktif melaksanakan RAT pada {year} "
                f"(di bawah {fmt.persen(a['persen_rat_rendah'], 0)}).",
            )
        )
    if rat_change is not None and rat_change <= -a["penurunan_rat_poin"]:
        issues.append(
            (
                "Kelembagaan",
                "Kepatuhan RAT menurun",
                f"Persentase RAT turun {fmt.angka(-rat_change, 1)} poin dibanding {year - 1} "
                f"(batas {fmt.angka(a['penurunan_rat_poin'], 0)} poin).",
            )
        )
    kel = koperasi.kelembagaan(con, province=province, year=year, n_years=2)
    changed = trend.with_change(kel[kel["tingkat"] == "kabkota"], year=year, columns=["persen_rat"])
    falls = changed[changed["persen_rat_perubahan"] <= -a["penurunan_rat_kabkota_poin"]]
    if not falls.empty:
        listing = [
            f"{r.nama_wilayah} ({fmt.perubahan(r.persen_rat_perubahan, satuan=' poin')})"
            for r in falls.sort_values("persen_rat_perubahan").itertuples()
        ]
        issues.append(
            (
                "Kelembagaan",
                "Kepatuhan RAT anjlok di sebagian kabupaten/kota",
                f"Turun {fmt.angka(a['penurunan_rat_kabkota_poin'], 0)} poin atau lebih: "
                f"{_names(listing)}.",
            )
        )
    if aktif is not None and aktif < a["persen_aktif_rendah"]:
        issues.append(
            (
                "Kelembagaan",
                "Banyak koperasi tidak aktif",
                f"Koperasi aktif hanya {fmt.persen(aktif)} dari seluruh koperasi "
                f"(di bawah {fmt.persen(a['persen_aktif_rendah'], 0)}).",
            )
        )
    growth = value("pertumbuhan_volume_usaha")
    if growth is not None and growth < 0:
        issues.append(
            (
                "Usaha",
                "Volume usaha koperasi menurun",
                f"Volume usaha turun {fmt.persen(-growth)} dibanding {year - 1}.",
            )
        )
    dinilai = value("persen_dinilai")
    if dinilai is not None and dinilai < a["persen_usp_dinilai_rendah"]:
        issues.append(
            (
                "Pengawasan",
                "Cakupan penilaian kesehatan KSP/USP rendah",
                f"Baru {fmt.persen(dinilai)} KSP/USP yang dinilai kesehatannya "
                f"(di bawah {fmt.persen(a['persen_usp_dinilai_rendah'], 0)}).",
            )
        )
    health = trend.total_rows(
        pengawasan.kesehatan(con, province=province, year=year, by="provinsi")
    )
    supervised = health["persen_dalam_pengawasan"].iloc[0] if not health.empty else pd.NA
    if not _missing(supervised) and supervised >= a["persen_dalam_pengawasan_tinggi"]:
        issues.append(
            (
                "Pengawasan",
                "Banyak KSP/USP dalam pengawasan",
                f"{fmt.persen(supervised)} KSP/USP yang dinilai berpredikat Dalam Pengawasan atau "
                "Dalam Pengawasan Khusus "
                f"(batas {fmt.persen(a['persen_dalam_pengawasan_tinggi'], 0)}).",
            )
        )
    problems = change("persen_bermasalah")
    if problems is not None and problems > 0:
        issues.append(
            (
                "Pengawasan",
                "Koperasi bermasalah bertambah",
                f"Persentase koperasi bermasalah naik {fmt.angka(problems, 2)} poin menjadi "
                f"{fmt.persen(value('persen_bermasalah'), 2)} dari koperasi aktif.",
            )
        )
    from kumkm_utils.targets import lintasan as target_nasional

    ukm = value("persen_ukm")
    target = target_nasional.untuk_indikator(con, "persen_ukm", year) if ukm is not None else None
    if target is not None and ukm < target.pada(year):
        issues.append(
            (
                "UMKM",
                f"Proporsi usaha kecil dan menengah di bawah lintasan {target.dokumen}",
                f"UKM {fmt.persen(ukm, 2)} dari UMKM, di bawah lintasan nasional "
                f"{fmt.persen(target.pada(year), 2)} untuk {year} ({target.teks()}).",
            )
        )
    nib = value("persen_nib")
    if nib is not None and nib < a["persen_nib_rendah"]:
        issues.append(
            (
                "UMKM",
                "Legalitas usaha UMKM rendah",
                f"Hanya {fmt.persen(nib)} UMKM memiliki NIB "
                f"(di bawah {fmt.persen(a['persen_nib_rendah'], 0)}).",
            )
        )
    for code, what in (
        ("persen_keuangan", "Serapan anggaran"),
        ("capaian_fisik", "Capaian fisik program"),
    ):
        v = value(code)
        if v is not None and v <= a["predikat_baik"]:
            issues.append(
                (
                    "Program",
                    f"{what} belum optimal",
                    f"{what} {fmt.persen(v)} (predikat {table.loc[code, 'penilaian']}, "
                    f"di bawah predikat Baik).",
                )
            )
    sync = program.sinkronisasi(con, province=province, year=year, plan_year=plan_year)
    plan_codes = set(reference.priorities(plan_year)["kode"])
    empty = sync[
        sync["kode_prioritas"].isin(plan_codes) & (sync["status"] == program.STATUS_TIDAK_ADA)
    ]
    if not empty.empty:
        issues.append(
            (
                "Sinkronisasi",
                "Prioritas nasional belum didukung kegiatan daerah",
                f"Belum ada sub kegiatan untuk {_names(empty['nama_prioritas'].tolist())} "
                f"(prioritas {plan_year}, data sub kegiatan {int(empty['tahun_data'].iloc[0])}).",
            )
        )
    missing = kel[(kel["tahun"] == year) & (kel["tingkat"] == "kabkota") & ~kel["ada_data"]]
    if not missing.empty:
        issues.append(
            (
                "Data",
                "Kelengkapan data kabupaten/kota",
                f"{len(missing)} kabupaten/kota belum mengirim data koperasi {year}: "
                f"{_names(missing['nama_wilayah'].tolist())}.",
            )
        )
    return pd.DataFrame(issues, columns=["bidang", "isu", "alasan"])


# --------------------------------------------------------------------------- usulan target


def _bounded(value: float, kind: str) -> float:
    if kind == "persen":
        return min(max(value, 0.0), 100.0)
    return max(value, 0.0)


def usulan_target(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None,
    year: int,
    plan_year: int,
    codes: tuple[str, ...] = TARGET_CODES,
    n_years: int = 5,
) -> pd.DataFrame:
    """Propose plan-year targets from the linear trend of the last ``n_years`` years.

    Method, per indicator: the slope of a least-squares line through the province's values of
    ``year - n_years + 1 .. year`` (missing years skipped) is added to the last achievement
    once per year up to ``plan_year`` (anchored at the latest value rather than at the fitted
    line, so one odd early year does not make the target jump). The proposal is then bounded:
    percentages within 0–100, counts at least 0 (rounded to whole units); never below the last
    value when higher is better (never above it when lower is better), so a falling trend
    proposes holding the last achievement. With fewer than three
    years of data the last value is proposed as it is.

    Returns
    -------
    pandas.DataFrame
        ``kode``, ``indikator``, ``satuan``, ``tahun_data`` (years used), ``nilai_terakhir``,
        ``tren_per_tahun``, ``proyeksi``, ``usulan_target``, ``target_nasional`` (NA when
        none), ``metode`` (Indonesian text of what was done).
    """
    from kumkm_utils.targets import lintasan as target_nasional

    national_paths = target_nasional.daftar(con)
    years = list(range(year - n_years + 1, year + 1))
    rows = []
    for code in codes:
        entry = deklarasi.indikator(code)
        kind = "persen" if entry.satuan == "%" else "angka"
        series = trend.total_rows(
            katalog.nilai(code, con, province=province, year=year, by="provinsi", n_years=n_years)
        ).set_index("tahun")["nilai"]
        values = [series.get(y, pd.NA) for y in years]
        present = [(y, float(v)) for y, v in zip(years, values, strict=True) if not _missing(v)]
        higher_better = entry.naik_lebih_baik
        last_year, last = present[-1] if present else (None, math.nan)
        fit = (
            trend.linear_trend([p[0] for p in present], [p[1] for p in present])
            if len(present) >= 3
            else None
        )
        slope = projection = math.nan
        if not present:
            target, method = math.nan, "Tidak ada data: target tidak dapat diusulkan."
        elif fit is None:
            target = last
            method = (
                f"Data kurang dari 3 tahun ({len(present)} tahun): dipertahankan setara capaian "
                f"{last_year}."
            )
        else:
            slope, _ = fit
            projection = last + slope * (plan_year - last_year)
            bounded = _bounded(projection, kind)
            target = max(bounded, last) if higher_better else min(bounded, last)
            unit = " poin" if kind == "persen" else ""
            method = (
                f"Capaian {last_year} ditambah tren linear {present[0][0]}–{present[-1][0]} "
                f"({len(present)} titik, "
                f"{fmt.perubahan(slope, 2 if kind == 'persen' else 0, satuan=unit)}"
                f"/tahun) sampai {plan_year}"
            )
            if target != projection:
                if target == last:
                    side = "lebih rendah" if higher_better else "lebih tinggi"
                    method += f"; tidak {side} dari capaian {last_year}"
                else:
                    method += "; dibatasi 0–100%" if kind == "persen" else "; dibatasi minimal 0"
            method += "."
        if kind == "angka" and not _missing(target):
            target = float(round(target))
        national = target_nasional.pilih(national_paths, code, plan_year)
        rows.append(
            {
                "kode": code,
                "indikator": entry.label,
                "satuan": entry.satuan,
                "tahun_data": f"{present[0][0]}–{present[-1][0]}" if present else "–",
                "nilai_terakhir": last,
                "tren_per_tahun": slope,
                "proyeksi": projection,
                "usulan_target": target,
                "target_nasional": national.pada(plan_year) if national else math.nan,
                "metode": method + (f" Target nasional: {national.teks()}." if national else ""),
            }
        )
    out = pd.DataFrame(rows)
    for column in (
        "nilai_terakhir",
        "tren_per_tahun",
        "proyeksi",
        "usulan_target",
        "target_nasional",
    ):
        out[column] = out[column].astype("Float64")
    return out


__all__ = [
    "AMBANG",
    "LABEL_TARGET",
    "TARGET_CODES",
    "isu_strategis",
    "ringkasan",
    "tampilkan_kalimat",
    "usulan_target",
]


def tampilkan_target(frame: pd.DataFrame, *, key: str, title: str) -> None:
    """Show :func:`usulan_target` as a report table (decimals by the unit of each row)."""
    from kumkm_utils import display

    # no per-value formats: the display's decimals rule gives each row the decimals of its
    # unit (column Satuan), one number of decimals per unit in every column
    table = frame.drop(columns="kode").rename(columns=LABEL_TARGET)
    display.table(
        table,
        key=key,
        title=title,
        note="Satuan tiap baris pada kolom Satuan; persentase dan trennya dalam persen dan poin.",
    )
