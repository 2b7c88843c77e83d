"""The calibrated synthetic sample: submissions for 38 provinces in the Dinas template format.

Public API: :func:`generate_sample` (what ``kumkm sample`` runs) and :func:`targets` (every
published figure the sample reproduces at ``--scale 1``).
"""

from kumkm_utils.sample.calibration import UMKM_FRACTION
from kumkm_utils.sample.generator import generate_sample
from kumkm_utils.sample.published import targets

__all__ = ["UMKM_FRACTION", "generate_sample", "targets"]
