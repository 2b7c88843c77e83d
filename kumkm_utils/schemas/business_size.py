"""The size class of a business (Mikro, Kecil, Menengah, Besar) under PP 7/2021, from modal
usaha and from annual sales.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PP7_2021_MODAL_RP = (1e9, 5e9, 10e9)
"""Upper bounds of modal usaha for Mikro, Kecil, Menengah (PP 7/2021 Pasal 35)."""
PP7_2021_OMZET_RP = (2e9, 15e9, 50e9)
"""Upper bounds of hasil penjualan tahunan for Mikro, Kecil, Menengah (PP 7/2021 Pasal 35)."""


def size_class(modal_rp: pd.Series, omzet_rp: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Classify UMKM by modal usaha and by annual sales under PP 7/2021 (vectorised).

    Returns
    -------
    tuple of pandas.Series
        Class by modal and class by omzet (``Mikro``, ``Kecil``, ``Menengah``, ``Besar`` or
        ``<NA>`` where the amount is missing).

    Examples
    --------
    >>> m, o = size_class(pd.Series([5e8, 6e9]), pd.Series([3e9, None]))
    >>> m.tolist(), o.tolist()
    (['Mikro', 'Menengah'], ['Kecil', <NA>])
    """

    def classify(values: pd.Series, bounds: tuple[float, float, float]) -> pd.Series:
        codes = _size_codes(values, bounds)
        labels = np.array([*_SIZE_LABELS, None], dtype=object)
        return pd.Series(labels[codes], index=values.index, dtype="string")

    return classify(modal_rp, PP7_2021_MODAL_RP), classify(omzet_rp, PP7_2021_OMZET_RP)


_SIZE_LABELS = ("Mikro", "Kecil", "Menengah", "Besar")


def _size_codes(values: pd.Series, bounds: tuple[float, float, float]) -> np.ndarray:
    """Index into :data:`_SIZE_LABELS` of each amount (-1 where it is missing)."""
    v = (
        pd.to_numeric(values, errors="coerce")
        .astype("Float64")
        .to_numpy(dtype=float, na_value=np.nan)
    )
    codes = np.searchsorted(np.asarray(bounds, dtype=float), v, side="left")
    return np.where(np.isnan(v), -1, codes)
