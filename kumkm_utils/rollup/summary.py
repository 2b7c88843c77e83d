"""The national summary: headline values, like-for-like change, best/worst provinces, sentences."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kumkm_utils import formatting as fmt
from kumkm_utils.indicators import deklarasi
from kumkm_utils.rollup.measures import (
    PERINGKAT,
    REKAP,
    Ukuran,
    _format_change,
    format_nilai,
    ukuran,
)
from kumkm_utils.rollup.parts import national_totals, nilai, with_values

MAX_NAMES = 3
"""Tied best or worst provinces named before "dan n provinsi lain"."""


def _extremes(
    values: pd.DataFrame, column: str, *, largest: bool
) -> tuple[str | None, float | None]:
    data = values.dropna(subset=[column])
    if data.empty:
        return None, None
    target = data[column].max() if largest else data[column].min()
    names = data.loc[data[column] == target, "nama_provinsi"].astype(str).tolist()
    if len(names) > MAX_NAMES:
        names = [*names[:MAX_NAMES], f"dan {len(names) - MAX_NAMES} provinsi lain"]
    return ", ".join(names), float(target)


def _assessment(spec: Ukuran, value: object, change: object) -> object:
    from kumkm_utils.indicators.headline import arah_perubahan
    from kumkm_utils.indicators.program import predikat

    if spec.dinilai:
        return predikat(pd.Series([value], dtype="Float64")).iloc[0]
    # a change that shows as 0,0 at the table's decimals is "Tetap", never "Membaik"
    direction = arah_perubahan(
        None if pd.isna(change) else float(change),
        spec.naik_lebih_baik,
        decimals=fmt.desimal(spec.satuan) if spec.satuan != "Rp" else 9,
    )
    return pd.NA if direction is None else direction


def ringkasan(
    parts: pd.DataFrame, *, year: int, codes: Sequence[str] | None = None
) -> pd.DataFrame:
    """National headline values with change on the previous year and best/worst provinces.

    The change is like for like: both years are recomputed over the kab/kota (programme
    data: provinces) with data in both years, so a kab/kota that reported only one year does
    not move the national change; ``tanpa_banding`` names them.

    Parameters
    ----------
    parts
        A :func:`province_parts` frame covering ``year - 1`` and ``year``.
    year
        Evaluation year.
    codes
        Indicator codes (default :data:`REKAP`, the national summary's).

    Returns
    -------
    pandas.DataFrame
        One row per indicator: ``kode``, ``indikator``, ``satuan``, ``nilai``,
        ``nilai_sebelumnya``, ``perubahan`` (points for percentages), ``penilaian``
        (five-band rating or Membaik/Memburuk/Tetap), ``n_provinsi``, ``tingkat_banding``,
        ``n_banding`` (kab/kota, or provinces for programme data, in the change),
        ``n_wilayah_banding`` (reporting in either year), ``tanpa_banding`` (names left out),
        ``n_provinsi_banding``, ``tertinggi``, ``nilai_tertinggi``, ``terendah``,
        ``nilai_terendah``.
    """
    national = national_totals(parts).set_index("tahun")
    values = with_values(parts)
    now = values[values["tahun"] == year]
    this_year = parts[parts["tahun"] == year]
    rows = []
    for spec in (ukuran(c) for c in (codes or REKAP)):
        value = national[spec.kode].get(year, pd.NA)
        if spec.pertumbuhan:  # each year's growth is already like for like
            before_growth = national[spec.kode].get(year - 1, pd.NA)
            change = value - before_growth if not _na(value, before_growth) else pd.NA
        else:
            change = _like_for_like_change(this_year, spec)
        compared = _compared(this_year, spec.banding)
        top, top_value = _extremes(now, spec.kode, largest=True)
        low, low_value = _extremes(now, spec.kode, largest=False)
        rows.append(
            {
                "kode": spec.kode,
                "indikator": spec.nama,
                "satuan": spec.satuan,
                "nilai": value,
                "nilai_sebelumnya": national[spec.kode].get(year - 1, pd.NA),
                "perubahan": change,
                "penilaian": _assessment(spec, value, change),
                "n_provinsi": int(now[spec.kode].notna().sum()),
                **compared,
                "tertinggi": top,
                "nilai_tertinggi": top_value,
                "terendah": low,
                "nilai_terendah": low_value,
            }
        )
    out = pd.DataFrame(rows)
    for column in ("nilai", "nilai_sebelumnya", "perubahan", "nilai_tertinggi", "nilai_terendah"):
        out[column] = pd.to_numeric(out[column]).astype("Float64")
    for column in ("penilaian", "tertinggi", "terendah", "tingkat_banding", "tanpa_banding"):
        out[column] = out[column].astype("string")
    return out


def _na(*values: object) -> bool:
    return any(pd.isna(v) for v in values)


def _like_for_like_change(rows: pd.DataFrame, spec: Ukuran) -> object:
    """This year's value minus last year's, both summed over the same regions only."""
    import dataclasses

    def summed(suffix: str) -> object:
        columns = {spec.pembilang: spec.pembilang + suffix}
        if spec.penyebut:
            columns[spec.penyebut] = spec.penyebut + suffix
        if not set(columns.values()) <= set(rows.columns):
            return pd.NA
        data = rows[list(columns.values())]
        data = data[data.notna().all(axis=1)].sum(min_count=1).to_frame().T
        renamed = (
            dataclasses.replace(
                spec, pembilang=columns[spec.pembilang], penyebut=columns.get(spec.penyebut)
            )
            if spec.penyebut
            else dataclasses.replace(spec, pembilang=columns[spec.pembilang])
        )
        return nilai(data, renamed).iloc[0]

    after, before = summed("_banding"), summed("_sebelumnya_banding")
    return pd.NA if _na(after, before) else after - before


def _compared(rows: pd.DataFrame, dataset: str) -> dict[str, object]:
    """How many regions a change compares, out of those reporting in either year, and which
    were left out (kab/kota for cooperative and UMKM data, provinces for programme data)."""
    if f"n_kabkota_banding_{dataset}" in rows.columns:
        names = rows[f"tanpa_banding_{dataset}"].dropna()
        return {
            "tingkat_banding": "kabupaten/kota",
            "n_banding": int(rows[f"n_kabkota_banding_{dataset}"].sum()),
            "n_wilayah_banding": int(rows[f"n_kabkota_lapor_{dataset}"].sum()),
            "tanpa_banding": ", ".join(names) if len(names) else pd.NA,
            "n_provinsi_banding": int((rows[f"n_kabkota_banding_{dataset}"] > 0).sum()),
        }
    flag = f"ada_{dataset}"
    both = rows["pagu_rp_banding"].notna() if "pagu_rp_banding" in rows else rows[flag]
    reporting = rows[flag]
    left_out = rows.loc[reporting & ~both, "nama_provinsi"].astype(str).tolist()
    return {
        "tingkat_banding": "provinsi",
        "n_banding": int(both.sum()),
        "n_wilayah_banding": int(reporting.sum()),
        "tanpa_banding": ", ".join(left_out) if left_out else pd.NA,
        "n_provinsi_banding": int(both.sum()),
    }


_MONEY_DISPLAY = {"Rp": (1e-12, "Rp triliun")}


def _value_columns(year: int) -> tuple[str, str, str]:
    """Labels of the value columns of :func:`ringkasan_tampil`."""
    return f"Nasional {year}", f"Nasional {year - 1}", "Perubahan (sebanding)"


def ringkasan_tampil(summary: pd.DataFrame, *, year: int) -> pd.DataFrame:
    """The :func:`ringkasan` frame for display (numbers stay numbers, money in Rp triliun)."""
    factor = summary["satuan"].map(lambda s: _MONEY_DISPLAY.get(s, (1.0, s))[0]).astype("float64")
    unit = summary["satuan"].map(lambda s: _MONEY_DISPLAY.get(s, (1.0, s))[1])
    now, before, change = _value_columns(year)
    return pd.DataFrame(
        {
            "Indikator": summary["indikator"],
            "Satuan": unit,
            now: summary["nilai"] * factor,
            before: summary["nilai_sebelumnya"] * factor,
            change: summary["perubahan"] * factor,
            "Penilaian": summary["penilaian"],
            "Wilayah dibandingkan": [
                f"{n} dari {m} {t}"
                for n, m, t in zip(
                    summary["n_banding"],
                    summary["n_wilayah_banding"],
                    summary["tingkat_banding"],
                    strict=True,
                )
            ],
            "Provinsi dengan data": summary["n_provinsi"],
            "Tertinggi": summary["tertinggi"],
            "Terendah": summary["terendah"],
        }
    )


COUNT_UNITS = ("unit", "orang")
"""Units of indicators that count things: shown without decimals."""


def _nilai_ringkas(value: object) -> str:
    """Counts (Python ints here) without decimals, percentages and money with one."""
    return fmt.angka(value, 0 if isinstance(value, int) else 1)  # type: ignore[arg-type]


def tampilkan_ringkasan(summary: pd.DataFrame, *, year: int) -> None:
    """Show the national summary table (:func:`ringkasan_tampil`): counts of cooperatives,
    members and UMKM without decimals, percentages and money with one."""
    from kumkm_utils import display

    frame = ringkasan_tampil(summary, year=year)
    counts = summary["satuan"].isin(COUNT_UNITS).to_numpy()
    columns = _value_columns(year)
    for column in columns:
        frame[column] = pd.Series(
            [
                int(round(v)) if count and not pd.isna(v) else v
                for v, count in zip(frame[column], counts, strict=True)
            ],
            dtype=object,
            index=frame.index,
        )
    display.table(
        frame,
        key="ringkasan_nasional",
        title=f"Indikator utama nasional, {year}",
        note="Penilaian: predikat lima tingkat untuk serapan anggaran dan capaian fisik; "
        "arah perubahan untuk indikator lain. Perubahan dihitung sebanding, atas wilayah yang "
        "melapor pada kedua tahun" + _tanpa(summary),
        formats=dict.fromkeys(columns, _nilai_ringkas),
    )


def _tanpa(summary: pd.DataFrame) -> str:
    """ "; tidak dibandingkan: A, B." (names left out of any change) or "."."""
    names = sorted({n for v in summary["tanpa_banding"].dropna() for n in str(v).split(", ")})
    return f"; tidak dibandingkan: {', '.join(names)}." if names else "."


def kalimat_ringkasan(
    summary: pd.DataFrame, *, year: int, codes: Sequence[str] = PERINGKAT
) -> list[tuple[str, dict[str, str]]]:
    """Generated sentences of the national summary, as (Markdown template, values) pairs.

    Show each with ``display.text(template, **values)``: the values (province names among
    them) are escaped there. Missing figures are said ("tidak ada data"), not skipped.
    """
    out: list[tuple[str, dict[str, str]]] = []
    rows = summary.set_index("kode")
    for code in codes:
        if code not in rows.index:
            continue
        row = rows.loc[code]
        values = {
            "indikator": row["indikator"],
            "tahun": str(year),
            "tahun_lalu": str(year - 1),
            "nilai": format_nilai(row["nilai"], row["satuan"]),
        }
        if pd.isna(row["nilai"]):
            out.append(("- **{indikator}**: {nilai} untuk tahun {tahun}.", values))
            continue
        change = row["perubahan"]
        if pd.isna(change):
            trend = "perubahan dari {tahun_lalu} tidak dapat dihitung"
        else:
            shown = _format_change(abs(change), row["satuan"]).lstrip("+")
            if not any(digit in shown for digit in "123456789"):
                trend = "relatif tetap dibanding {tahun_lalu}"  # the change rounds to zero
            else:
                word = "naik" if change > 0 else "turun"
                trend = f"{word} {{perubahan}} dibanding {{tahun_lalu}}"
                values["perubahan"] = shown
            if not pd.isna(row.get("tanpa_banding", pd.NA)):
                trend += " (sebanding atas {n_banding} dari {n_wilayah} {tingkat}, tanpa {tanpa})"
                values.update(
                    n_banding=str(int(row["n_banding"])),
                    n_wilayah=str(int(row["n_wilayah_banding"])),
                    tingkat=str(row["tingkat_banding"]),
                    tanpa=str(row["tanpa_banding"]),
                )
        values.update(
            tertinggi=row["tertinggi"] or "",
            nilai_tertinggi=format_nilai(row["nilai_tertinggi"], row["satuan"]),
            terendah=row["terendah"] or "",
            nilai_terendah=format_nilai(row["nilai_terendah"], row["satuan"]),
            n=str(int(row["n_provinsi"])),
        )
        if int(row["n_provinsi"]) == 1:
            spread = "Hanya {tertinggi} yang memiliki data."
        else:
            spread = (
                "Tertinggi: {tertinggi} ({nilai_tertinggi}); "
                "terendah: {terendah} ({nilai_terendah}), "
                "dari {n} provinsi dengan data."
            )
        template = (
            f"- **{{indikator}}** secara nasional {{nilai}} pada {{tahun}}, {trend}. {spread}"
        )
        out.append((template, values))
    return out


def headline_indeks(summary: pd.DataFrame) -> dict[str, float | None]:
    """The national values shown on the index page (role ``indeks_nasional`` of the
    declarations, short label → value), from :func:`ringkasan` (None if missing)."""
    values = summary.set_index("kode")["nilai"]
    return {
        ind.label_pendek: (
            None if pd.isna(values.get(ind.kode, pd.NA)) else round(float(values[ind.kode]), 1)
        )
        for ind in deklarasi.dengan_peran("indeks_nasional")
    }


__all__ = [
    "ringkasan",
    "ringkasan_tampil",
    "kalimat_ringkasan",
    "headline_indeks",
]
