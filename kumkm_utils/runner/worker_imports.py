"""What a batch worker imports before its first report: the fork server's preload.

The fork server imports this once; every worker process starts from its state, so no worker
pays for these imports again. jsonschema (imported by nbformat, which papermill imports)
compiles a grammar for its IRI format checks at import when ``rfc3987-syntax`` is installed
(JupyterLab's event schemas ask for it): over a second, for a check that the notebook schema
never makes. Worker processes go without it. Only the fork server imports this module, never a
process where a user's own code runs.
"""

from __future__ import annotations

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type] - import now fails

import jupyter_client  # noqa: E402, F401
import nbclient  # noqa: E402, F401
import papermill  # noqa: E402, F401

import kumkm_utils.runner.execute  # noqa: E402, F401
