"""Indonesian wording shared by the generated sentences: lists of names, places, directions."""

from __future__ import annotations

from kumkm_utils import regions


def join_names(values: list[str]) -> str:
    """Join names the Indonesian way: "A", "A dan B", "A, B dan C".

    Examples
    --------
    >>> join_names(["Kendari", "Kolaka", "Muna"])
    'Kendari, Kolaka dan Muna'
    """
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " dan " + values[-1]


def place(province: str | None) -> str:
    """Name the area of a report: "Indonesia" or "Provinsi <name>"."""
    return "Indonesia" if province is None else f"Provinsi {regions.province_name(province)}"


def direction_words(change: float, *, naik: str = "naik", turun: str = "turun") -> str:
    """Say which way a change went: ``naik`` if positive, ``turun`` if negative, else "tetap"."""
    return naik if change > 0 else turun if change < 0 else "tetap"
