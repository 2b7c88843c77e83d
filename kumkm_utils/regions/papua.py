"""The 2022 split of Papua: four new provinces, the kab/kota that moved, 34 <-> 38 provinces."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from kumkm_utils.regions.tables import _papua_table, _province_code, province_of


def papua_pemekaran() -> pd.DataFrame:
    """Return the kab/kota that moved to the four new Papua provinces in 2022.

    Returns
    -------
    pandas.DataFrame
        Columns ``kode_kabkota`` (current code), ``nama_kabkota``, ``kode_provinsi`` (new),
        ``kode_kabkota_lama`` (code before the split), ``kode_provinsi_lama`` (``"91"`` Papua or
        ``"92"`` Papua Barat), ``dasar_hukum`` and ``catatan``.
    """
    return _papua_table().copy()


@lru_cache(maxsize=1)
def provinces_before_2022() -> dict[str, str]:
    t = _papua_table()
    return dict(zip(t["kode_kabkota"], t["kode_provinsi_lama"], strict=True))


@lru_cache(maxsize=1)
def new_codes() -> dict[str, str]:
    t = _papua_table()
    return dict(zip(t["kode_kabkota_lama"], t["kode_kabkota"], strict=True))


NEW_PAPUA_PROVINCES = {"93": "91", "94": "91", "95": "91", "96": "92"}
"""The four provinces created in 2022 and the province each was split from."""


def province_before_2022(kode_kabkota: str) -> str:
    """Return the province a current kab/kota belonged to before the 2022 Papua split.

    Parameters
    ----------
    kode_kabkota : str
        A current kab/kota code.

    Returns
    -------
    str
        ``"91"`` (Papua) or ``"92"`` (Papua Barat) for the kab/kota of provinces 93-96, the
        current province for every other kab/kota.

    Examples
    --------
    >>> province_before_2022("93.01")
    '91'
    >>> province_before_2022("61.12")
    '61'
    """
    current = province_of(kode_kabkota)
    return provinces_before_2022().get(kode_kabkota, current)


def province_38_to_34(kode_provinsi: str) -> str:
    """Return the 34-province code covering a current province (``"96"`` → ``"92"``)."""
    code = _province_code(kode_provinsi)
    return NEW_PAPUA_PROVINCES.get(code, code)


def map_34_to_38(kode_kabkota: pd.Series) -> pd.Series:
    """Translate pre-2022 kab/kota codes of Papua and Papua Barat to the current codes.

    Pre-split data codes Merauke ``"91.01"`` and Sorong ``"92.01"``; today they are ``"93.01"``
    and ``"96.01"``. Old codes that moved are replaced; every other value is kept as is (no old
    code that moved is reused by a current kab/kota, so the mapping is unambiguous).

    Parameters
    ----------
    kode_kabkota : pandas.Series
        Kab/kota codes as strings.

    Returns
    -------
    pandas.Series
        The current codes, ``string`` dtype.

    Examples
    --------
    >>> map_34_to_38(pd.Series(["91.01", "91.03", "92.01"])).tolist()
    ['93.01', '91.03', '96.01']
    """
    mapping = new_codes()
    values = kode_kabkota.astype("string")
    return values.map(lambda v: mapping.get(v, v) if isinstance(v, str) else v).astype("string")


def map_38_to_34(kode_provinsi: pd.Series) -> pd.Series:
    """Fold the four new Papua provinces into Papua (91) and Papua Barat (92).

    Use it to compare current data with pre-2022 province series: sum the folded rows.
    """
    values = kode_provinsi.astype("string")
    return values.map(lambda v: NEW_PAPUA_PROVINCES.get(v, v) if isinstance(v, str) else v).astype(
        "string"
    )
