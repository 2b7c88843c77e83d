"""What a batch worker imports before its first report: the fork server's preload.

The fork server imports this once; every worker process starts from its state, so no worker
pays for these imports again (about 1 s: papermill, nbclient, jupyter_client, nbformat and the
jsonschema format checks nbformat brings in) nor for the renderer's first report (about 1 s:
its modules and the charts' embedded font, :func:`kumkm_utils.render.warm_up`). What it built
is then frozen (``gc.freeze``, as the gc module advises before forking), so the workers'
collections do not walk it.

An earlier version hid ``rfc3987_syntax`` from jsonschema by putting ``None`` in
``sys.modules``, which saved about 0.75 s of grammar compilation once per batch (not per
report; measured with ``python -X importtime -c "import papermill"``): too little for a
poisoned import table, so it was dropped.
"""

from __future__ import annotations

import gc

import jupyter_client  # noqa: F401
import nbclient  # noqa: F401
import papermill  # noqa: F401

import kumkm_utils.runner.engine  # noqa: F401 - registers the papermill engine
import kumkm_utils.runner.execute  # noqa: F401
from kumkm_utils import render

render.warm_up()
gc.freeze()
