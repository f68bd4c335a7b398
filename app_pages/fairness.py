"""The fairness rule for heavy work: goal seek, sensitivity, cost-effectiveness ranges and exports.

Each costs 0.5-1 s of CPU, against ~25 ms for a page rerun. Three rules keep one visitor from taking the server:

- **one heavy job at a time per process** (:data:`HEAVY`), run with the page lock
  (:data:`app_pages.caches.RUN_LOCK`) *released*: other visitors' reruns never wait behind a heavy job, they
  only share the CPU with at most one;
- **one heavy computation per session every** :data:`INTERVAL_S` **seconds**: a request inside that window is
  refused with a notice saying when to try again, and nothing the visitor set up changes. A result computed
  before (in the cache) costs nothing and is never refused;
- **cached**: every heavy result is cached by what it is computed from (scenario, draws, language), so a
  repeat is free.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import TypeVar

INTERVAL_S = float(os.environ.get("UMKM_HEAVY_INTERVAL_S", "5"))
"""Least time between two heavy computations of one session."""
QUEUE_TIMEOUT_S = 30.0
"""Longest a heavy job waits for the process's heavy slot before it is refused as "busy"."""
HEAVY = threading.BoundedSemaphore(1)
"""One heavy job at a time per process (separate from the page lock)."""

T = TypeVar("T")
_clock_lock = threading.Lock()
_done: OrderedDict[Hashable, None] = OrderedDict()  # keys of heavy results computed in this process (recent)
_DONE_LIMIT = 1024
_local = threading.local()


class Refused(Exception):
    """A heavy request the rule refuses: ``seconds`` until the session may ask again (0: the server is busy)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"try again in {seconds:.0f} s" if seconds else "the server is busy")
        self.seconds = seconds


class Clock:
    """One session's record: when its last heavy computation ended, and whether one is running."""

    def __init__(self) -> None:
        self.last = -float("inf")
        self.running = False

    def wait(self, now: float | None = None) -> float:
        """Seconds until this session may start another heavy computation (0 if it may now)."""
        now = time.monotonic() if now is None else now
        return max(0.0, self.last + INTERVAL_S - now)


def _release_page_lock() -> object | None:
    from app_pages.caches import RUN_LOCK

    # threading.Condition's own way to release a re-entrant lock fully and take it back at the same depth.
    return RUN_LOCK._release_save() if RUN_LOCK._is_owned() else None


def _restore_page_lock(saved: object | None) -> None:
    from app_pages.caches import RUN_LOCK

    if saved is not None:
        RUN_LOCK._acquire_restore(saved)


@contextlib.contextmanager
def slot() -> Iterator[None]:
    """Inside a heavy cached function's body: the process's heavy slot, with the page lock released meanwhile.

    Called through :func:`request`, which has released the page lock already; light caches the body needs go
    under ``with RUN_LOCK`` (taken before their entry's lock, as in a page run).
    """
    saved = _release_page_lock()
    try:
        if not HEAVY.acquire(timeout=QUEUE_TIMEOUT_S):
            raise Refused(0.0)
        try:
            _local.computed = True
            yield
        finally:
            HEAVY.release()
    finally:
        _restore_page_lock(saved)


def request(clock: Clock, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` (a call to a heavy cache) if the rule allows it now, else :class:`Refused`.

    ``key`` names the result (the cache's arguments): one computed before is asked for without a check, since
    the cache answers it for nothing. The session is charged only when ``compute`` really computed (its cached
    body entered :func:`slot`).
    """
    with _clock_lock:
        known = key in _done
        if not known:
            if clock.running:
                raise Refused(max(clock.wait(), 1.0))
            if wait := clock.wait():
                raise Refused(wait)
            clock.running = True
    _local.computed = False
    # Released before the cache is asked: a thread waiting for another's computation of the same entry (the
    # cache's own lock) must not hold the page lock, which that computation may need. Lock order: the page
    # lock is never taken while a cache entry's lock is held, except by light caches under it (see caches).
    saved = _release_page_lock()
    try:
        result = compute()
    finally:
        _restore_page_lock(saved)
        computed = getattr(_local, "computed", False)
        with _clock_lock:
            if not known:
                clock.running = False
            if computed:
                clock.last = time.monotonic()
    with _clock_lock:
        _done[key] = None
        _done.move_to_end(key)
        while len(_done) > _DONE_LIMIT:
            _done.popitem(last=False)
    return result


def session_clock() -> Clock:
    """This session's :class:`Clock` (kept in its session state)."""
    import streamlit as st

    from app_pages import state

    clock = st.session_state.get(state.HEAVY_CLOCK)
    if not isinstance(clock, Clock):  # absent, or crafted
        clock = st.session_state[state.HEAVY_CLOCK] = Clock()
    return clock


def deferred(clock: Clock, key: Hashable, compute: Callable[[], bytes]) -> Callable[[], bytes]:
    """A download button's ``data`` callable under the rule (Streamlit calls it in a worker thread on a click)."""
    return functools.partial(request, clock, key, compute)
