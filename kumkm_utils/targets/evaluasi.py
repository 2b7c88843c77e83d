"""Evaluation against agreed targets: target, realisation, achievement and rating per indicator.

The ``target`` table holds one row per region (province, or kab/kota), indicator code, year and
source document; targets of the same indicator from different documents stay side by side,
each evaluated on its own row (domain.md §1.3: "never keep a single official value").

:func:`evaluasi` answers, for one province and year:

- every target of the year (province and kab/kota): realisation, capaian and rating; a target
  whose realisation is missing is ``belum ada data``;
- every indicator of the report's standard set without a province target: its realisation,
  marked ``tidak ada target`` (an indicator without a target says so).

Realisations come from the indicator functions through
:func:`kumkm_utils.targets.indikator.nilai` (numerators and denominators summed in SQL, as
everywhere in the report), so the achievement uses the very figures of the other sections.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from kumkm_utils import formatting as fmt
from kumkm_utils import reference, regions
from kumkm_utils.reference import RATING_ORDER
from kumkm_utils.targets import capaian as cap
from kumkm_utils.targets.indikator import desimal, indikator, nilai
from kumkm_utils.targets.tabel import sumber_teks, targets

STATUS_DIEVALUASI = "dievaluasi"
STATUS_BELUM_ADA_DATA = "belum ada data"
STATUS_TANPA_TARGET = "tidak ada target"
STATUS_TARGET_NOL = "target 0: capaian tidak dihitung"

COLUMNS = [
    "tingkat",
    "kode_wilayah",
    "nama_wilayah",
    "kode_indikator",
    "indikator",
    "satuan",
    "arah",
    "dokumen",
    "sumber_target",
    "target",
    "realisasi",
    "capaian",
    "predikat",
    "status",
]
"""Columns of :func:`evaluasi`."""

LABEL = {
    "nama_wilayah": "Wilayah",
    "indikator": "Indikator",
    "satuan": "Satuan",
    "dokumen": "Dokumen",
    "sumber_target": "Sumber target",
    "target": "Target",
    "realisasi": "Realisasi",
    "capaian": "Capaian (%)",
    "predikat": "Predikat",
    "status": "Keterangan",
}
"""Indonesian labels of the displayed columns."""


def standard_codes() -> tuple[str, ...]:
    """Indicators every report evaluates against targets: those that get a proposed target
    (:data:`kumkm_utils.narrative.TARGET_CODES`), by their final codes."""
    from kumkm_utils import narrative

    return tuple(indikator(c).kode for c in narrative.TARGET_CODES)


TREND_YEARS = 5
"""Province realisations are read over the five years the proposed targets use (the report's
"usulan target" table), so a report aggregates each indicator once for both (the indicator
engine remembers an aggregation per connection)."""


def _realisations(
    con: duckdb.DuckDBPyConnection, codes: list[str], *, province: str, year: int, by: str
) -> pd.DataFrame:
    frames = []
    n_years = TREND_YEARS if by == "provinsi" else 1
    for code in codes:
        if not indikator(code).dihitung:
            continue
        frame = nilai(code, con, province=province, year=year, by=by, n_years=n_years)
        frame = frame[frame["tahun"] == year]
        frames.append(
            frame[["tingkat", "kode_wilayah", "nama_wilayah", "nilai"]].assign(kode_indikator=code)
        )
    if not frames:
        return pd.DataFrame(
            columns=["tingkat", "kode_wilayah", "nama_wilayah", "nilai", "kode_indikator"]
        )
    return pd.concat(frames, ignore_index=True)


def evaluasi(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str,
    year: int,
    codes: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Targets of ``year`` against realisations, for one province and its kab/kota.

    Parameters
    ----------
    con
        Warehouse connection.
    province
        Province code (``"74"``).
    year
        The evaluation year.
    codes
        Indicators that must appear even without a target (default :func:`standard_codes`).

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`; province rows first (standard indicators in order, then others),
        then kab/kota rows by code. ``capaian`` is NA unless both values exist and the target
        is not 0; ``status`` says why.
    """
    codes = standard_codes() if codes is None else codes
    rows = targets(con, province=province, years=[year])
    prov_rows = rows[rows["kode_kabkota"].isna()]
    kab_rows = rows[rows["kode_kabkota"].notna()]
    prov_codes = list(dict.fromkeys([*codes, *prov_rows["kode_indikator"]]))
    real_prov = _realisations(con, prov_codes, province=province, year=year, by="provinsi")
    real_prov = real_prov[real_prov["kode_wilayah"] == province]
    real_kab = _realisations(
        con, sorted(set(kab_rows["kode_indikator"])), province=province, year=year, by="kabkota"
    )
    real_kab = real_kab[real_kab["tingkat"] == "kabkota"]

    nama_prov = regions.province_name(province)
    prov = pd.DataFrame({"kode_indikator": prov_codes}).merge(
        prov_rows, on="kode_indikator", how="left"
    )
    prov["tingkat"] = "provinsi"
    prov["kode_wilayah"] = province
    prov["nama_wilayah"] = nama_prov
    prov = prov.merge(
        real_prov[["kode_indikator", "nilai"]], on="kode_indikator", how="left"
    ).rename(columns={"nilai": "realisasi"})

    kab = kab_rows.assign(tingkat="kabkota", kode_wilayah=kab_rows["kode_kabkota"])
    kab = kab.merge(
        real_kab[["kode_wilayah", "kode_indikator", "nama_wilayah", "nilai"]],
        on=["kode_wilayah", "kode_indikator"],
        how="left",
    ).rename(columns={"nilai": "realisasi"})
    kab["nama_wilayah"] = kab["nama_wilayah"].fillna(kab["kode_wilayah"])
    # kab/kota with a realisation of an indicator that other kab/kota have targets for
    have = set(zip(kab["kode_wilayah"], kab["kode_indikator"], strict=True))
    new = [
        (w, k) not in have
        for w, k in zip(real_kab["kode_wilayah"], real_kab["kode_indikator"], strict=True)
    ]
    untargeted = real_kab[real_kab["nilai"].notna().to_numpy(dtype=bool) & np.array(new, bool)]
    untargeted = untargeted.rename(columns={"nilai": "realisasi"})
    out = pd.concat([prov, kab, untargeted], ignore_index=True)
    return _finish(out)


def _finish(out: pd.DataFrame) -> pd.DataFrame:
    """Add declarations, capaian, rating and status to merged target/realisation rows."""
    if out.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})
    info = {code: indikator(code) for code in out["kode_indikator"].unique()}
    out["indikator"] = out["kode_indikator"].map(lambda c: info[c].nama)
    out["satuan"] = out["kode_indikator"].map(lambda c: info[c].satuan)
    out["arah"] = out["kode_indikator"].map(lambda c: info[c].arah)
    out["target"] = out["nilai_target"].astype("Float64")
    out["realisasi"] = pd.to_numeric(out["realisasi"]).astype("Float64")
    out["sumber_target"] = [
        sumber_teks(d, n, t) if not fmt.is_missing(d) else pd.NA
        for d, n, t in zip(
            out["dokumen"], out["nomor_dokumen"], out["tanggal_dokumen"], strict=True
        )
    ]
    out["capaian"] = cap.capaian(out["target"], out["realisasi"], out["arah"]).to_numpy()
    out["predikat"] = cap.predikat(out["capaian"]).to_numpy()
    status = pd.Series(STATUS_DIEVALUASI, index=out.index, dtype="string")
    status[out["target"].notna() & (out["target"] == 0)] = STATUS_TARGET_NOL
    status[out["target"].notna() & out["realisasi"].isna()] = STATUS_BELUM_ADA_DATA
    status[out["target"].isna()] = STATUS_TANPA_TARGET
    status[out["target"].isna() & out["realisasi"].isna()] = "tidak ada target dan data"
    out["status"] = status
    conflict = (
        out[out["target"].notna()].groupby(["kode_wilayah", "kode_indikator"])["target"].nunique()
    )
    conflict = set(conflict[conflict > 1].index)
    differs = [
        (w, k) in conflict for w, k in zip(out["kode_wilayah"], out["kode_indikator"], strict=True)
    ]
    out.loc[differs, "status"] = out.loc[differs, "status"] + "; target berbeda antar dokumen"
    for column in ("dokumen", "sumber_target", "predikat", "nama_wilayah", "kode_wilayah"):
        out[column] = out[column].astype("string")
    return out[COLUMNS].reset_index(drop=True)


def ringkas(evaluation: pd.DataFrame) -> dict[str, int]:
    """Counts of an evaluation's province rows: targets evaluated per rating and the others."""
    prov = evaluation[evaluation["tingkat"] == "provinsi"]
    rated = prov[prov["capaian"].notna()]
    counts = {band: int((rated["predikat"] == band).sum()) for band in RATING_ORDER}
    counts["dievaluasi"] = len(rated)
    counts["belum_ada_data"] = int(prov["status"].str.startswith(STATUS_BELUM_ADA_DATA).sum())
    counts["tanpa_target"] = int(prov["status"].str.startswith("tidak ada target").sum())
    counts["bertarget"] = int(prov["target"].notna().sum())
    kab = evaluation[(evaluation["tingkat"] == "kabkota") & evaluation["target"].notna()]
    counts["kabkota_bertarget"] = int(kab["kode_wilayah"].nunique())
    return counts


def kalimat(evaluation: pd.DataFrame, *, year: int) -> str:
    """One sentence for the executive summary: how the province did against its targets."""
    counts = ringkas(evaluation)
    if counts["bertarget"] == 0:
        return (
            f"Capaian target {year}: belum ada target {year} yang dimuat untuk provinsi ini "
            "(dataset target); capaian terhadap target tidak dapat dinilai."
        )
    bands = ", ".join(f"{counts[b]} {b}" for b in RATING_ORDER if counts[b])
    text = (
        f"Capaian target {year}: dari {counts['bertarget']} target tingkat provinsi "
        f"(per indikator dan dokumen), {counts['dievaluasi']} dapat dinilai"
        + (f" ({bands})" if bands else "")
    )
    if counts["belum_ada_data"]:
        text += f"; {counts['belum_ada_data']} belum ada data realisasi"
    if counts["tanpa_target"]:
        text += f"; {counts['tanpa_target']} indikator utama belum bertarget"
    if counts["kabkota_bertarget"]:
        text += f"; {counts['kabkota_bertarget']} kabupaten/kota punya target sendiri"
    return text + "."


def _formats() -> dict:
    """Achievement with one decimal; target and realisation take their row's declared decimals
    (:func:`~kumkm_utils.targets.indikator.desimal`, through the Satuan column)."""
    return {LABEL["capaian"]: lambda v: fmt.angka(float(v), 1)}


def catatan_rumus() -> str:
    """The note printed under the tables: formulas, their source and the rating bands."""
    return (
        f"Capaian = {cap.RUMUS['naik']} bila makin tinggi makin baik; "
        f"{cap.RUMUS['turun']} bila makin rendah makin baik ({cap.SUMBER_RUMUS}). "
        f"Capaian di atas 100% ditulis apa adanya. Predikat: {reference.rating_text()}. "
        "Target dari dokumen berbeda ditampilkan berdampingan, tidak digabung."
    )


def tampilkan(evaluation: pd.DataFrame, *, year: int, key: str = "capaian_target") -> None:
    """Show the province table and, when kab/kota targets exist, the kab/kota table."""
    from kumkm_utils import display

    prov = evaluation[evaluation["tingkat"] == "provinsi"]
    columns = [
        "indikator",
        "satuan",
        "sumber_target",
        "target",
        "realisasi",
        "capaian",
        "predikat",
        "status",
    ]
    display.table(
        prov[columns].rename(columns=LABEL),
        key=key,
        title=f"Capaian target indikator tingkat provinsi, {year}",
        note=catatan_rumus(),
        formats=_formats(),
        row_decimals=[desimal(c) for c in prov["kode_indikator"]],
    )
    kab = evaluation[evaluation["tingkat"] == "kabkota"]
    targeted = kab[kab["target"].notna()]
    if targeted.empty:
        display.text(
            "Belum ada target kabupaten/kota untuk {tahun} di gudang data.", tahun=str(year)
        )
        return
    display.table(
        targeted[["nama_wilayah", *columns]].rename(columns=LABEL),
        key=f"{key}_kabkota",
        title=f"Capaian target kabupaten/kota, {year}",
        note="Rumus capaian dan predikat seperti pada tabel capaian tingkat provinsi.",
        formats=_formats(),
        row_decimals=[desimal(c) for c in targeted["kode_indikator"]],
    )
    for name, group in kab[kab["target"].isna()].groupby("indikator", sort=False):
        display.text(
            "Realisasi tanpa target kabupaten/kota, {indikator}: {daftar}.",
            indikator=str(name),
            daftar=", ".join(
                f"{w} ({fmt.angka(float(v), 1)})"
                for w, v in zip(group["nama_wilayah"], group["realisasi"], strict=True)
            ),
        )
