"""The headline indicator table: value, previous year, change and rating or direction.

:func:`headlines` lists the indicators of the executive summary: those declared with the role
``headline`` in :mod:`.deklarasi` (label, unit, direction, computing function). Changes are like
for like: over the regions (kab/kota; provinces for programme data) with data in both years.
Programme achievements get the five-band rating; every other indicator a direction (membaik /
memburuk / tetap) read from its change and its ``arah``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import duckdb
import pandas as pd

from kumkm_utils import formatting as fmt
from kumkm_utils.indicators import _core, deklarasi, ekonomi, program
from kumkm_utils.indicators.trend import total_rows

Format = Literal["angka", "persen", "rupiah"]

MEMBAIK, MEMBURUK, TETAP = "Membaik", "Memburuk", "Tetap"


@dataclass(frozen=True)
class Headline:
    """One headline indicator, read from its declaration (:mod:`.deklarasi`)."""

    kode: str
    """Indicator code (= its column)."""

    @property
    def spec(self) -> deklarasi.Indikator:
        return deklarasi.indikator(self.kode)

    @property
    def kolom(self) -> str:
        return self.kode

    @property
    def fungsi(self) -> Callable[..., pd.DataFrame]:
        return self.spec.fungsi_hitung()

    @property
    def format(self) -> Format:
        return {"%": "persen", "Rp": "rupiah"}.get(self.spec.satuan, "angka")  # type: ignore[return-value]

    @property
    def dinilai(self) -> bool:
        """True: rated with the five-band LKjIP scale instead of a direction."""
        return self.spec.dinilai

    @property
    def nama(self) -> str:
        """The declared label (percentages name their denominator)."""
        return self.spec.label

    @property
    def naik_lebih_baik(self) -> bool:
        return self.spec.naik_lebih_baik

    @property
    def satuan(self) -> str:
        """Unit of the value column of the display table."""
        return {"persen": "%", "rupiah": "Rp miliar", "angka": self.spec.satuan}[self.format]


def headlines() -> tuple[Headline, ...]:
    """The headline indicators (role ``headline``), in declaration order."""
    return tuple(Headline(kode) for kode in deklarasi.kode_dengan_peran("headline"))


def _call(
    spec: Headline, con: duckdb.DuckDBPyConnection, province: str | None, year: int
) -> pd.DataFrame:
    """The indicator frame of two years: per kab/kota (the total is the province or
    Indonesia) so that changes can be like for like; programme and PDRB per province."""
    per_provinsi = spec.spec.dataset == "program" or spec.fungsi is ekonomi.kontribusi_pdrb
    frame = spec.fungsi(
        con, province=province, year=year, by="provinsi" if per_provinsi else "kabkota", n_years=2
    )
    if "kode" in frame.columns:  # programme frames: kode/nama instead of the region ids
        frame = frame.rename(columns={"kode": "kode_wilayah", "nama": "nama_wilayah"})
    return frame


def shown_decimals(kode: str, kind: str) -> int:
    """Decimals the headline shows an indicator's values and change with, and rates it at.

    Counts have none; money (shown in Rp miliar, its change rated in Rp juta) one; percentages
    the indicator's declared decimals (:mod:`.deklarasi`), e.g. 2 for the share of cooperatives
    with problems (0,08%), so that a change shown as -0,05 poin is never rated "Tetap".
    """
    if kind == "angka":
        return 0
    if kind == "rupiah":
        return 1
    return int(deklarasi.indikator(kode).desimal)


def arah_perubahan(change: float | None, naik_lebih_baik: bool, *, decimals: int = 9) -> str | None:
    """Return Membaik / Memburuk / Tetap for a change given the indicator's direction.

    A change that rounds to zero at the shown ``decimals`` is Tetap, so the table never says
    "0,0 poin, Membaik".

    Examples
    --------
    >>> arah_perubahan(-2.0, naik_lebih_baik=False)
    'Membaik'
    >>> arah_perubahan(0.04, naik_lebih_baik=True, decimals=1)
    'Tetap'
    """
    if change is None or pd.isna(change):
        return None
    if round(float(change), decimals) == 0:
        return TETAP
    return MEMBAIK if (change > 0) == naik_lebih_baik else MEMBURUK


@_core.remembered
def headline(con: duckdb.DuckDBPyConnection, *, province: str | None, year: int) -> pd.DataFrame:
    """Compute the headline indicators of a province (or Indonesia) for a year.

    Parameters
    ----------
    con
        Open warehouse connection.
    province
        Province code, or None for the national totals.
    year
        Evaluation year.

    Returns
    -------
    pandas.DataFrame
        One row per headline indicator (role ``headline`` of :mod:`.deklarasi`): ``kode``,
        ``indikator``, ``format``, ``satuan``, ``nilai``, ``nilai_sebelumnya``, ``perubahan``
        (points for percentages; like for like: over the regions with data in both years),
        ``penilaian`` (five-band rating or direction; NA when it cannot be said),
        ``dataset``, ``tingkat_banding``, ``n_banding`` (regions compared), ``n_wilayah``
        (regions with data in either year) and ``tanpa_banding`` (names left out, NA: none).
    """
    cache: dict[Callable[..., pd.DataFrame], pd.DataFrame] = {}
    rows = []
    for spec in headlines():
        if spec.fungsi not in cache:
            cache[spec.fungsi] = _call(spec, con, province, year)
        full = cache[spec.fungsi]
        by_year = total_rows(full).set_index("tahun")[spec.kolom]
        now = by_year.get(year, pd.NA)
        before = by_year.get(year - 1, pd.NA)
        banding = _sebanding(full, spec, year)
        change = banding["perubahan"]
        if spec.dinilai:
            rating = program.predikat(pd.Series([now], dtype="Float64")).iloc[0]
        else:
            rating = arah_perubahan(
                change if spec.format != "rupiah" or pd.isna(change) else change / 1e6,
                spec.naik_lebih_baik,
                decimals=shown_decimals(spec.kode, spec.format),
            )
        rows.append(
            {
                "kode": spec.kode,
                "indikator": spec.nama,
                "format": spec.format,
                "satuan": spec.satuan,
                "nilai": now,
                "nilai_sebelumnya": before,
                "perubahan": change,
                "penilaian": pd.NA if rating is None else rating,
                "dataset": spec.spec.dataset,
                "tingkat_banding": banding["tingkat"],
                "n_banding": banding["n_banding"],
                "n_wilayah": banding["n_wilayah"],
                "tanpa_banding": banding["tanpa"],
            }
        )
    out = pd.DataFrame(rows)
    for column in ("nilai", "nilai_sebelumnya", "perubahan"):
        out[column] = out[column].astype("Float64")
    for column in ("n_banding", "n_wilayah"):
        out[column] = pd.array(out[column], dtype="Int64")
    for column in ("penilaian", "tingkat_banding", "tanpa_banding"):
        out[column] = out[column].astype("string")
    return out


TINGKAT_NAMA = {"kabkota": "kabupaten/kota", "provinsi": "provinsi"}


def _sebanding(full: pd.DataFrame, spec: Headline, year: int) -> dict[str, object]:
    """The like-for-like change of one headline indicator and the regions it compares.

    Both years are recomputed from the declared numerator and denominator summed over the
    regions with data in both years; a region with data in one year only is named in
    ``tanpa`` and left out of the change (its value is not read as a fall to zero).
    """
    totals = total_rows(full).set_index("tahun")[spec.kolom]
    now, before = totals.get(year, pd.NA), totals.get(year - 1, pd.NA)
    plain = now - before if not (pd.isna(now) or pd.isna(before)) else pd.NA
    level = _core.region_level(full)
    empty = {"perubahan": plain, "tingkat": pd.NA, "n_banding": pd.NA, "n_wilayah": pd.NA}
    if level is None:
        return {**empty, "tanpa": pd.NA}
    regions = _core.compared_regions(full, year)
    reporting = regions[regions["ada_kini"] | regions["ada_lalu"]]
    compared = reporting[reporting["banding"]]
    missing = reporting.loc[~reporting["banding"], "nama_wilayah"].astype(str).tolist()
    out = {
        "tingkat": TINGKAT_NAMA[level],
        "n_banding": len(compared),
        "n_wilayah": len(reporting),
        "tanpa": ", ".join(missing) if missing else pd.NA,
    }
    if not missing or spec.spec.jenis == "pertumbuhan":
        # nothing dropped out; a growth's total row is already like for like (add_growth)
        return {**out, "perubahan": plain}
    rows = full[(full["tingkat"] == level) & full["kode_wilayah"].isin(compared["kode_wilayah"])]
    rows = rows[rows["tahun"].isin([year - 1, year])]
    ind = spec.spec
    needed = [c for c in rows.columns if c in _base_columns(ind)]
    sums = rows.groupby("tahun")[needed].sum(min_count=1).reindex([year - 1, year])
    values = deklarasi.hitung(sums, ind.kode)
    change = values.get(year, pd.NA) - values.get(year - 1, pd.NA)
    return {**out, "perubahan": pd.NA if pd.isna(change) else float(change)}


def _base_columns(ind: deklarasi.Indikator) -> set[str]:
    columns: set[str] = set()
    for kode in (ind.pembilang, ind.penyebut):
        if kode:
            columns |= set(deklarasi.BESARAN[kode].kolom_dasar())
    return columns


def catatan_banding(frame: pd.DataFrame) -> str | None:
    """A note saying which regions each change compares, naming those left out (None: all).

    Examples
    --------
    "Perubahan dibandingkan sebanding: hanya kabupaten/kota yang melapor pada kedua tahun.
    Tidak dibandingkan (data koperasi): Kutai Kartanegara, Pagar Alam."
    """
    rows = frame.dropna(subset=["tanpa_banding"]).drop_duplicates("dataset")
    if rows.empty:
        return None
    parts = [
        f"data {r.dataset}: {r.n_banding} dari {r.n_wilayah} {r.tingkat_banding} dibandingkan, "
        f"tanpa {r.tanpa_banding}"
        for r in rows.itertuples()
    ]
    return (
        "Perubahan dihitung sebanding, hanya atas wilayah yang melapor pada kedua tahun ("
        + "; ".join(parts)
        + ")."
    )


def _format_value(value: float, kind: str, decimals: int) -> str:
    if kind == "persen":
        return fmt.persen(value, decimals)
    if kind == "rupiah":
        return fmt.rupiah(value)
    return fmt.angka(value)


def _format_change(value: float, kind: str, decimals: int) -> str:
    if kind == "persen":
        return fmt.perubahan(value, decimals, satuan=" poin")
    if kind == "rupiah":
        return fmt.perubahan_rupiah(value)
    return fmt.perubahan(value, 0)


def headline_text(frame: pd.DataFrame, *, year: int) -> str:
    """Lay out a :func:`headline` frame as a deterministic plain-text table.

    Values are formatted the Indonesian way (``18,3%``, ``Rp 1,2 M``); missing values read
    "tidak ada data", changes that cannot be computed "–".
    """
    shown = [shown_decimals(k, f) for k, f in zip(frame["kode"], frame["format"], strict=True)]
    kinds = list(frame["format"])
    table = pd.DataFrame(
        {
            "Indikator": frame["indikator"],
            str(year): [
                _format_value(v, k, d) for v, k, d in zip(frame["nilai"], kinds, shown, strict=True)
            ],
            str(year - 1): [
                _format_value(v, k, d)
                for v, k, d in zip(frame["nilai_sebelumnya"], kinds, shown, strict=True)
            ],
            "Perubahan": [
                _format_change(v, k, d)
                for v, k, d in zip(frame["perubahan"], kinds, shown, strict=True)
            ],
            "Penilaian": frame["penilaian"].fillna(fmt.STRIP),
        }
    )
    return fmt.tabel_teks(table)


def headline_display(frame: pd.DataFrame, *, year: int) -> pd.DataFrame:
    """Return the headline table for :func:`kumkm_utils.display.table`: numbers stay numbers.

    Money is expressed in Rp miliar so that one value column can hold every indicator; the
    ``Satuan`` column says the unit of each row.
    """
    scale = frame["format"].map({"rupiah": 1e-9}).fillna(1.0)
    return pd.DataFrame(
        {
            "Indikator": frame["indikator"],
            "Satuan": frame["satuan"],
            f"Nilai {year}": (frame["nilai"] * scale).astype("Float64"),
            f"Nilai {year - 1}": (frame["nilai_sebelumnya"] * scale).astype("Float64"),
            "Perubahan": (frame["perubahan"] * scale).astype("Float64"),
            "Penilaian": frame["penilaian"],
            "Wilayah dibandingkan": _dibandingkan(frame),
        }
    )


def _dibandingkan(frame: pd.DataFrame) -> pd.Series:
    """ "12 dari 14 kabupaten/kota" per row (how many regions the change compares)."""
    texts = [
        pd.NA if pd.isna(n) or pd.isna(total) else f"{n} dari {total}"
        for n, total, level in zip(
            frame["n_banding"], frame["n_wilayah"], frame["tingkat_banding"], strict=True
        )
    ]
    return pd.Series(texts, index=frame.index, dtype="string")


def ringkas(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None = None,
    year: int,
    codes: tuple[str, ...] = ("koperasi_aktif", "persen_rat", "persen_ukm", "persen_keuangan"),
) -> pd.DataFrame:
    """A few headline values per province side by side (national roll-up, index page).

    Parameters
    ----------
    province
        None for every province (plus the national total), or one province.
    codes
        Indicator codes to include.

    Returns
    -------
    pandas.DataFrame
        ``tingkat``, ``kode_wilayah``, ``nama_wilayah``, ``tahun`` and one column per code.
    """
    specs = [Headline(kode) for kode in codes]
    out: pd.DataFrame | None = None
    for spec in specs:
        frame = spec.fungsi(con, province=province, year=year, by="provinsi")
        if "kode" in frame.columns:  # programme frames: kode/nama instead of the region ids
            frame = frame.rename(columns={"kode": "kode_wilayah", "nama": "nama_wilayah"})
        part = frame[["tingkat", "kode_wilayah", "nama_wilayah", "tahun", spec.kolom]].rename(
            columns={spec.kolom: spec.kode}
        )
        out = (
            part
            if out is None
            else out.merge(
                part, on=["tingkat", "kode_wilayah", "nama_wilayah", "tahun"], how="outer"
            )
        )
    if out is None:
        return pd.DataFrame(columns=["tingkat", "kode_wilayah", "nama_wilayah", "tahun"])
    out["_rank"] = (out["tingkat"] == "nasional").astype(int)
    return out.sort_values(["_rank", "kode_wilayah"]).drop(columns="_rank").reset_index(drop=True)


def indeks(frame: pd.DataFrame) -> dict[str, float | None]:
    """Return the index-page headline (short label → value) from a :func:`headline` frame:
    the indicators declared with the role ``indeks``."""
    values = frame.set_index("kode")["nilai"]
    return {
        ind.label_pendek: (
            None if pd.isna(values.get(ind.kode, pd.NA)) else round(float(values[ind.kode]), 2)
        )
        for ind in deklarasi.dengan_peran("indeks")
    }


def tampilkan(
    frame: pd.DataFrame, *, year: int, key: str, title: str, note: str | None = None
) -> None:
    """Show the headline table (:func:`headline_display`) with compact Indonesian number formats;
    the note names the regions a like-for-like change leaves out (:func:`catatan_banding`)."""
    from kumkm_utils import display

    table = headline_display(frame, year=year)
    banding = catatan_banding(frame)
    if banding:
        note = f"{note} {banding}" if note else banding
    # every row with the decimals its indicator is shown and rated with (shown_decimals)
    row_decimals = [
        shown_decimals(k, f) for k, f in zip(frame["kode"], frame["format"], strict=True)
    ]
    display.table(table, key=key, title=title, note=note, row_decimals=row_decimals)
