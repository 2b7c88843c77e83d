"""The registry of input datasets: each dataset's name, schema, key and replacement scope
(:class:`Dataset`), in the order the templates and the warehouse list them (:data:`DATASETS`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from kumkm_utils.schemas.koperasi import KOPERASI
from kumkm_utils.schemas.makro import MAKRO
from kumkm_utils.schemas.program import PROGRAM
from kumkm_utils.schemas.target import TARGET
from kumkm_utils.schemas.umkm import UMKM


@dataclass(frozen=True)
class Dataset:
    """One input dataset: its name, schema and key columns."""

    name: str
    schema: pa.DataFrameSchema
    replace_by: tuple[str, ...] = ()
    """Columns beyond province and year that bound what a file replaces (``target``: a file
    of one document replaces only that document's earlier targets)."""
    realisasi: bool = True
    """Whether the dataset reports what happened in its year (a year's report needs such data);
    ``target`` holds plans, which exist for years not evaluated yet, so it does not count."""
    nasional: bool = False
    """Whether rows may be national (``kode_provinsi`` :data:`NATIONAL_CODE`, "00"): only
    ``target``, for the RPJMN/RPJPN targets. A national file is its own scope: it replaces
    national rows only, and a province's file never replaces them."""

    @property
    def columns(self) -> list[str]:
        """Column names in template order."""
        return list(self.schema.columns)

    @property
    def key(self) -> list[str]:
        """Columns that together identify a row within a province's submissions."""
        return list(self.schema.unique or [])

    def meta(self, column: str) -> dict:
        """Return the metadata (label, unit, allowed, key, example) of one column."""
        return dict(self.schema.columns[column].metadata or {})

    def empty_frame(self) -> pd.DataFrame:
        """Return an empty frame with the schema's columns and dtypes."""
        return pd.DataFrame(
            {name: pd.Series(dtype=str(col.dtype)) for name, col in self.schema.columns.items()}
        )


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset("koperasi", KOPERASI),
        Dataset("umkm", UMKM),
        Dataset("program", PROGRAM),
        Dataset("makro", MAKRO),
        Dataset("target", TARGET, replace_by=("dokumen",), realisasi=False, nasional=True),
    )
}
"""Every input dataset by name, in the order the templates and the warehouse list them."""


def dataset(name: str) -> Dataset:
    """Return the dataset called ``name``.

    Raises
    ------
    KeyError
        If there is no such dataset; the message lists the known ones.
    """
    try:
        return DATASETS[name]
    except KeyError:
        raise KeyError(f"unknown dataset {name!r}; expected one of {', '.join(DATASETS)}") from None
