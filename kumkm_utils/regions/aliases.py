"""Generation of ``kabkota_alias.csv``: the rows derived from the official names."""

from __future__ import annotations

import pandas as pd

from kumkm_utils.regions.tables import _kabkota_table

GENERATED_NOTE = "dibuat otomatis dari regions_kemendagri.csv"


def generated_kabkota_aliases() -> pd.DataFrame:
    """Return the alias rows derived from the official names (the generated part of the table).

    For each kab/kota: the official name (``resmi``), the name without ``Kabupaten``/``Kota``
    (``nama pendek``) and, for kabupaten, the ``Kab.`` abbreviation (``singkatan awalan``).
    ``kabkota_alias.csv`` holds these rows followed by the hand-added ones; a test keeps the
    generated part in step with ``regions_kemendagri.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``alias``, ``kode_kabkota``, ``jenis_alias``, ``keterangan``.
    """
    rows = []
    for r in _kabkota_table().itertuples():
        rows.append((r.nama_kabkota, r.kode_kabkota, "resmi"))
        rows.append((r.nama_pendek, r.kode_kabkota, "nama pendek"))
        if r.jenis == "Kabupaten":
            rows.append((f"Kab. {r.nama_pendek}", r.kode_kabkota, "singkatan awalan"))
    out = pd.DataFrame(rows, columns=["alias", "kode_kabkota", "jenis_alias"])
    out["keterangan"] = GENERATED_NOTE
    return out


def build_kabkota_alias_table(manual: pd.DataFrame) -> pd.DataFrame:
    """Return the full alias table: generated rows, then the hand-added ``manual`` rows."""
    manual = manual[manual["keterangan"] != GENERATED_NOTE]
    return pd.concat([generated_kabkota_aliases(), manual], ignore_index=True)
