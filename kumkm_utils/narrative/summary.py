"""Summary sentences: the main facts of a report, each with its number.

:func:`ringkasan` gives the sentences of the executive summary (e.g. which kab/kota fell
furthest on RAT compliance) and says where data are missing; names in them come from
submissions and reference data, so show them with :func:`tampilkan_kalimat` (which passes them
to ``display.text`` as escaped values).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from kumkm_utils import formatting as fmt
from kumkm_utils.indicators import koperasi, trend, umkm
from kumkm_utils.indicators.headline import headline
from kumkm_utils.narrative.wording import direction_words, join_names, place

_missing = fmt.is_missing


def _kalimat_kelembagaan(
    kel: pd.DataFrame, province: str | None, year: int, table: pd.DataFrame
) -> list[str]:
    total = trend.total_rows(kel).set_index("tahun")
    if year not in total.index or not total.loc[year, "ada_data"]:
        return [f"Data koperasi tahun {year} untuk {place(province)} tidak tersedia."]
    now = total.loc[year]
    text = (
        f"Pada tahun {year} {place(province)} mencatat "
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
            f", {direction_words(round(change, 1))} {fmt.angka(abs(change), 1)} poin "
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
        f"kabupaten/kota: {join_names(missing)}; "
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
                f", {direction_words(round(growth['nilai'], 1), naik='tumbuh', turun='turun')} "
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
