"""Limits on what one visitor can make a public Streamlit process do, installed once per process.

``app.py`` calls :func:`install` as its first statement. It patches two objects of the running Streamlit
runtime, once per process (later calls return at once):

- The uploaded-file manager (``Runtime.uploaded_file_mgr``). Streamlit keeps every uploaded file in memory until
  its session ends and checks neither the file id, nor the count, nor the rate. Here a session may store only
  files under ids the server issued to it (the last :data:`ISSUED_IDS_KEPT`; each id once), at most
  :data:`MAX_FILES_PER_SESSION` files and :data:`MAX_BYTES_PER_SESSION` bytes (the oldest files go first), at
  most :data:`MAX_UPLOADS_PER_MINUTE` uploads a minute, and the process at most :data:`MAX_UPLOAD_BYTES_TOTAL`.
  A refused upload gets a 4xx or 503 answer with one line of text. The app's only uploader takes one scenario
  file of a few kB.
- ``AppSession.handle_backmsg``, which receives every message a tab sends:
  - ``clear_cache`` (which empties every cache of the process for all users), and ``load_git_info`` (which runs
    git on the server's event loop) are ignored unless ``global.developmentMode`` is on;
  - every widget state of a rerun request is checked before Streamlit stores it. A state is dropped, so that
    the widget keeps its previous value, when its id is not a widget id (``$$ID-...``, at most
    :data:`MAX_WIDGET_ID_CHARS` characters), when it carries no value, when the widget is known and the value
    is of another kind than the widget's or its deserializer refuses it, or when it names uploaded files the
    session does not hold. At most :data:`MAX_WIDGET_STATES` states per message are kept. Unchecked, one such
    state made every later run of the session fail, each failure logging the whole id.

What is dropped or refused is logged in one short line (ids cut to 40 characters), at most
:data:`LOG_LINES_PER_MINUTE` lines a minute per process. Nothing here is shown to the visitor.

Streamlit runs no app code before a session's first script run, so a process is guarded from the first page load
on (files stored before that are trimmed to the caps then); load the page once after starting a process.
"""

from __future__ import annotations

import collections
import math
import threading
import time
from typing import Any

from streamlit import config
from streamlit.logger import get_logger
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.runtime import Runtime
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.state.common import unpack_widget_state_value

WIDGET_ID_PREFIX = "$$ID-"
MAX_WIDGET_ID_CHARS = 400
MAX_WIDGET_STATES = 200
"""Widget states kept per rerun request (the app draws about 40 widgets)."""
ISSUED_IDS_KEPT = 8
MAX_FILES_PER_SESSION = 3
MAX_BYTES_PER_SESSION = 2 * 1024 * 1024
MAX_UPLOADS_PER_MINUTE = 12
MAX_UPLOAD_BYTES_TOTAL = 64 * 1024 * 1024
LOG_LINES_PER_MINUTE = 20
IGNORED_MESSAGES = frozenset({"clear_cache", "load_git_info"})
# Value kinds whose deserializer is a pure function of the value and the widget's options (no script context).
_CHECKED_KINDS = frozenset({"bool_value", "double_value", "int_value", "string_value", "double_array_value",
                            "int_array_value", "string_array_value"})

_LOGGER = get_logger("umkm.guard")
_install_lock = threading.Lock()
_log_lock = threading.Lock()
_log_window: collections.deque[float] = collections.deque()


def _short(text: str, n: int = 40) -> str:
    return repr(text[:n] + ("..." if len(text) > n else ""))


def log(message: str, *args: object) -> None:
    """A warning, unless :data:`LOG_LINES_PER_MINUTE` were written in the last minute."""
    now = time.monotonic()
    with _log_lock:
        while _log_window and now - _log_window[0] > 60:
            _log_window.popleft()
        if len(_log_window) >= LOG_LINES_PER_MINUTE:
            return
        _log_window.append(now)
    _LOGGER.warning(message, *args)


class UploadRefused(Exception):
    """Why an upload was not stored, with the HTTP status to answer."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class UploadGuard:
    """Issued ids, counts, bytes and rates of one uploaded-file manager's sessions (thread-safe)."""

    def __init__(self, manager: Any) -> None:
        self.manager = manager
        self.lock = threading.Lock()
        self.issued: dict[str, collections.deque[str]] = {}
        self.uploads: dict[str, collections.deque[float]] = {}
        self.refused = 0
        self._add_file = manager.add_file
        self._get_upload_urls = manager.get_upload_urls
        self._remove_session_files = manager.remove_session_files

    def get_upload_urls(self, session_id: str, file_names: Any) -> Any:
        infos = self._get_upload_urls(session_id, file_names)
        with self.lock:
            issued = self.issued.setdefault(session_id, collections.deque(maxlen=ISSUED_IDS_KEPT))
            issued.extend(info.file_id for info in infos)
        return infos

    def remove_session_files(self, session_id: str) -> None:
        with self.lock:
            self.issued.pop(session_id, None)
            self.uploads.pop(session_id, None)
        self._remove_session_files(session_id)

    def add_file(self, session_id: str, file: Any) -> None:
        try:
            self._check(session_id, file)
        except UploadRefused as refused:
            self.refused += 1
            log("upload refused (session %s, file id %s): %s", session_id[:8], _short(file.file_id), refused.reason)
            from starlette.exceptions import HTTPException

            raise HTTPException(status_code=refused.status, detail=refused.reason) from None
        self._add_file(session_id, file)
        self.trim(session_id)

    def _check(self, session_id: str, file: Any) -> None:
        now = time.monotonic()
        with self.lock:
            issued = self.issued.get(session_id)
            if issued is None or file.file_id not in issued:
                raise UploadRefused(403, "unknown file id: ask the app for an upload URL first")
            recent = self.uploads.setdefault(session_id, collections.deque())
            while recent and now - recent[0] > 60:
                recent.popleft()
            if len(recent) >= MAX_UPLOADS_PER_MINUTE:
                raise UploadRefused(429, "too many uploads: wait a minute")
            if len(file.data) > MAX_BYTES_PER_SESSION:
                raise UploadRefused(413, "file too large")
            if self.total_bytes() - self.session_bytes(session_id) + len(file.data) > MAX_UPLOAD_BYTES_TOTAL:
                raise UploadRefused(503, "the server holds too many uploads: try again later")
            issued.remove(file.file_id)  # each id once
            recent.append(now)

    def session_bytes(self, session_id: str) -> int:
        return sum(len(rec.data) for rec in list(self.manager.file_storage.get(session_id, {}).values()))

    def total_bytes(self) -> int:
        return sum(len(rec.data) for files in list(self.manager.file_storage.values())
                   for rec in list(files.values()))

    def trim(self, session_id: str) -> int:
        """Drop the session's oldest files beyond the caps; returns how many were dropped."""
        dropped = 0
        while True:
            files = list(self.manager.file_storage.get(session_id, {}).items())
            if len(files) <= MAX_FILES_PER_SESSION and sum(len(r.data) for _, r in files) <= MAX_BYTES_PER_SESSION:
                return dropped
            self.manager.remove_file(session_id, files[0][0])
            dropped += 1

    def trim_all(self) -> int:
        return sum(self.trim(session_id) for session_id in list(self.manager.file_storage))

    def holds(self, session_id: str, file_id: str) -> bool:
        return file_id in self.manager.file_storage.get(session_id, {})


_upload_guard: UploadGuard | None = None


def upload_guard() -> UploadGuard | None:
    """The process's upload guard, once installed."""
    return _upload_guard


def _install_upload_guard(runtime: Runtime) -> None:
    global _upload_guard
    manager = runtime.uploaded_file_mgr
    if not hasattr(manager, "file_storage"):  # not the in-memory manager this guard knows
        log("upload guard not installed: unknown uploaded-file manager %s", type(manager).__name__)
        return
    guard = UploadGuard(manager)
    manager.get_upload_urls = guard.get_upload_urls
    manager.add_file = guard.add_file
    manager.remove_session_files = guard.remove_session_files
    _upload_guard = guard
    dropped = guard.trim_all()
    if dropped:
        log("upload guard: dropped %d files stored before it was installed", dropped)


def sanitize_widget_states(session: AppSession, widget_states: WidgetStates) -> int:
    """Remove the states Streamlit must not store from ``widget_states`` (in place); returns how many."""
    metadata = getattr(getattr(session, "_session_state", None), "_new_widget_state", None)
    metadata = getattr(metadata, "widget_metadata", {}) or {}
    kept = []
    dropped = 0
    for state in widget_states.widgets:
        if len(kept) < MAX_WIDGET_STATES and _acceptable(session, state, metadata.get(state.id)):
            kept.append(state)
        else:
            dropped += 1
    if dropped:
        del widget_states.widgets[:]
        widget_states.widgets.extend(kept)
    return dropped


def _acceptable(session: AppSession, state: Any, meta: Any) -> bool:
    if not state.id.startswith(WIDGET_ID_PREFIX) or len(state.id) > MAX_WIDGET_ID_CHARS:
        return False
    kind = state.WhichOneof("value")
    if kind is None:
        return False
    if kind == "file_uploader_state_value":
        guard = _upload_guard
        files = state.file_uploader_state_value.uploaded_file_info
        return guard is None or all(guard.holds(session.id, info.file_id) for info in files)
    if meta is None:
        return True  # a widget this session has not drawn yet (another page, a reconnecting tab)
    if kind in _CHECKED_KINDS:
        if kind != meta.value_type:
            return False
        value = unpack_widget_state_value(state)
        if kind in {"double_value", "double_array_value"}:
            numbers = [value] if kind == "double_value" else list(value)
            if not all(math.isfinite(v) for v in numbers):
                return False
        try:
            meta.deserializer(value)
        except Exception:  # any refusal of the deserializer means the value does not fit
            return False
    return True


def _guarded_handle_backmsg(self: AppSession, msg: Any) -> None:
    kind = msg.WhichOneof("type")
    if kind in IGNORED_MESSAGES and not config.get_option("global.developmentMode"):
        log("ignored %s from session %s", kind, self.id[:8])
        return
    if kind == "rerun_script":
        try:
            dropped = sanitize_widget_states(self, msg.rerun_script.widget_states)
        except Exception as exc:  # a guard bug must not take the session down
            log("widget-state check failed (%s); dropping this rerun request's widget states", type(exc).__name__)
            del msg.rerun_script.widget_states.widgets[:]
            dropped = -1
        if dropped > 0:
            log("dropped %d malformed widget states from session %s", dropped, self.id[:8])
    _original_handle_backmsg(self, msg)


_original_handle_backmsg = AppSession.handle_backmsg


def install() -> None:
    """Install the guards in this process (idempotent; cheap after the first call)."""
    if getattr(AppSession.handle_backmsg, "_umkm_guard", False):
        return
    with _install_lock:
        if getattr(AppSession.handle_backmsg, "_umkm_guard", False):
            return
        if Runtime.exists():
            _install_upload_guard(Runtime.instance())
        _guarded_handle_backmsg._umkm_guard = True  # type: ignore[attr-defined]
        AppSession.handle_backmsg = _guarded_handle_backmsg  # type: ignore[method-assign]
