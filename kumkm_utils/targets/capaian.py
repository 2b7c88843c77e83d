"""Achievement (capaian) against a target, by the indicator's direction, and its rating.

The formulas are the ones LKjIP documents state (domain.md §2.2; LKjIP Kabupaten Maluku
Tengah 2021, ch. III.2, https://fliphtml5.com/qdghn/orip/LKJIP_KAB._MALUKU_TENGAH_TAHUN_2021/94;
PermenPANRB on the performance-management system, p. 100,
http://online.flipbuilder.com/vajnr/eqrv/files/basic-html/page110.html):

- higher is better (``naik``): capaian = realisasi ÷ target × 100;
- lower is better (``turun``): capaian = (2 × target − realisasi) ÷ target × 100, the LKjIP
  "rencana − (realisasi − rencana)" form, equal to PermenPANRB's (1 + (1 − realisasi ÷ target))
  × 100.

Capaian is printed as computed, also above 100% (as the LKjIP documents do) and, for lower is
better, below 0 when the realisation exceeds twice the target. A target of 0 gives no capaian
(the division is undefined) and says so. The five-band rating is the project's one
(:func:`kumkm_utils.reference.rating`: > 90 Sangat Baik ... ≤ 50 Sangat Kurang).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kumkm_utils import reference
from kumkm_utils.targets.indikator import ARAH_NAIK, ARAH_TURUN

RUMUS = {
    ARAH_NAIK: "realisasi ÷ target × 100",
    ARAH_TURUN: "(2 × target − realisasi) ÷ target × 100",
}
"""The achievement formula of each direction, as printed in the report."""

SUMBER_RUMUS = (
    "LKjIP Kabupaten Maluku Tengah 2021 bab III.2 dan PermenPANRB Sistem Manajemen Kinerja "
    "(kondisi khusus: 1 + (1 − realisasi ÷ target))"
)
"""Where the formulas come from (printed under the report's tables)."""


def capaian(target: object, realisasi: object, arah: object) -> pd.Series:
    """Achievement in percent of realisations against targets (vectorised).

    Parameters
    ----------
    target, realisasi
        Target and realised values in the indicator's unit (scalars or array-likes).
    arah
        ``naik`` or ``turun`` per value (or one for all).

    Returns
    -------
    pandas.Series
        Float64 percentages; NA where the target or the realisation is missing, or the target
        is 0.

    Raises
    ------
    ValueError
        If a direction is neither ``naik`` nor ``turun``.

    Examples
    --------
    >>> capaian([80.0, 2.0], [60.0, 3.0], ["naik", "turun"]).tolist()
    [75.0, 50.0]
    """
    t = (
        pd.Series(target, dtype="Float64")
        if np.ndim(target)
        else pd.Series([target], dtype="Float64")
    )
    r = pd.Series(realisasi, dtype="Float64").reset_index(drop=True)
    t = t.reset_index(drop=True)
    if len(t) == 1 and len(r) > 1:
        t = pd.Series([t.iloc[0]] * len(r), dtype="Float64")
    a = pd.Series(arah if np.ndim(arah) else [arah] * len(t), dtype="string").reset_index(drop=True)
    unknown = sorted(set(a.dropna()) - set(RUMUS))
    if unknown or a.isna().any():
        raise ValueError(f"arah harus 'naik' atau 'turun', bukan {unknown or ['<NA>']}")
    usable = t.where(t != 0)
    naik = r / usable * 100
    turun = (2 * usable - r) / usable * 100
    out = naik.where(a == ARAH_NAIK, turun)
    return out.astype("Float64")


def predikat(pct: object) -> pd.Series:
    """The five-band rating of achievement percentages (the project's scale, never a copy)."""
    values = pd.Series(pct, dtype="Float64").reset_index(drop=True)
    return reference.rating(values)
