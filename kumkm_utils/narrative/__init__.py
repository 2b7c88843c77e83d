"""Generated Indonesian text: the main facts with their numbers, strategic issues, proposed targets.

Three products, each computed from the indicator functions (never from a notebook):

- :func:`ringkasan` (:mod:`.summary`): sentences for the executive summary, each stating a fact
  with its number (e.g. which kab/kota fell furthest on RAT compliance) and saying where data
  are missing;
- :func:`isu_strategis` (:mod:`.issues`): rule-based flags, each with the rule and the numbers
  that fired it (thresholds in :data:`AMBANG`);
- :func:`usulan_target` (:mod:`.trend_targets`): proposed targets for the plan year: the last
  achievement plus the slope of the last five years' linear trend, bounded sensibly, never
  below what was achieved (never above, for indicators where lower is better), shown with the
  method and the national (RPJMN/RPJPN) target where one exists.

Sentences are plain text; names in them come from submissions and reference data, so show
them with :func:`tampilkan_kalimat` (which passes them to ``display.text`` as escaped values).
Shared wording (lists of names, places, directions) lives in :mod:`.wording`.
"""

from kumkm_utils.narrative.issues import AMBANG, isu_strategis
from kumkm_utils.narrative.summary import ringkasan, tampilkan_kalimat
from kumkm_utils.narrative.trend_targets import LABEL_TARGET, TARGET_CODES, usulan_target

__all__ = [
    "AMBANG",
    "LABEL_TARGET",
    "TARGET_CODES",
    "isu_strategis",
    "ringkasan",
    "tampilkan_kalimat",
    "usulan_target",
]
