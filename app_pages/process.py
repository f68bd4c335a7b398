"""Once per server process: TCP_NODELAY on its connections, and the garbage collector off what every run shares.

Started through ``python -m deploy.serve`` (``make run``, the deployment, the benchmarks), Streamlit's connections
have ``TCP_NODELAY`` from the start (see :mod:`deploy.serve`). Started as ``streamlit run app.py`` (Streamlit
Community Cloud does), the process's first page run turns it on for every connection accepted after it.

Streamlit's own full collection after every run is off in production (``runner.postScriptGC=false``, see
``benchmarks/loadtest_server.py``), but Python's generational collector still runs a full collection every few
dozen reruns. It walks every object of the process (pandas, altair, babel, numba and the loaded data: about
270,000 objects here), about 110 ms with the GIL held, so every session of the process waits. After the
process's first page run, :func:`settle` moves every object then alive into the collector's permanent
generation (``gc.freeze``): later collections walk only what page runs create. Measured over 40 reruns of the
scenario page: one full collection of ~110 ms before, 0.3 ms of collection per rerun after.
"""

from __future__ import annotations

import gc
import threading

from deploy import serve

_lock = threading.Lock()
_runs = 0


def settle() -> None:
    """Call at the start of every page run; at the second run of the process, freeze what the first one left."""
    global _runs
    with _lock:
        _runs += 1
        if _runs == 1:
            serve.enable_tcp_nodelay()
        if _runs == 2:  # the first run imported the pages and loaded the data and the draws
            gc.collect()
            gc.freeze()
