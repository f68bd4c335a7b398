"""Protocol-level Streamlit client: one browser tab without the browser.

A tab talks to the server over one websocket at ``/_stcore/stream``, in binary protobuf frames:

1. The client opens the socket with the subprotocol ``streamlit``. The server runs nothing yet.
2. The client sends a ``BackMsg`` whose ``rerun_script`` is a ``ClientState`` (query string, page,
   widget states, the hashes of the messages it has cached, browser context).
3. The server answers with ``ForwardMsg`` frames: ``new_session`` (holds the session id, starts the
   run), ``session_status_changed``, one ``delta`` per element, then ``script_finished``. Every
   widget element carries an ``id``; for a widget created with ``key=K`` the id reads
   ``$$ID-<hash>-K``.
4. To move a widget, the client sends another ``rerun_script`` holding a ``WidgetState`` with that id
   and a value of the widget's kind: a slider takes ``double_array_value``, a number input
   ``double_value``, a checkbox ``bool_value``, a selectbox or radio the formatted option as
   ``string_value``. A ``select_slider`` arrives as a ``slider`` element with ``type`` SELECT_SLIDER
   and takes the formatted options as ``string_array_value``; sent a number array instead, the
   server does not reject it but fails every later run of the session with a TypeError.

Fragments. Every delta drawn by an ``st.fragment`` carries its ``fragment_id`` (also when it goes to
an outside container such as ``st.sidebar``); the client records it on each ``Widget`` and
``Element``. When the user changes a widget drawn by a fragment, the browser sends the rerun with
``ClientState.fragment_id`` set to the widget's fragment, and so does ``rerun`` when every widget it
sets belongs to one fragment. The server then reruns only that fragment: ``new_session`` (its
``metadata.run.fragment_ids`` names the fragments), the fragment's ``add_block`` and ``new_element``
deltas (nothing outside it) and ``script_finished`` with ``FINISHED_FRAGMENT_RUN_SUCCESSFULLY``. The
client then keeps the earlier elements and widgets the run did not redraw, as the browser keeps the
rest of the page (``merge_fragment_run``). The server drops, without a reply, a fragment rerun whose
fragment the last full run did not draw; the client only names fragments the page still shows.

Two details the browser handles and so must this client:

- Message cache. A ``new_element`` delta of at least ``global.minCachedMessageSize`` bytes (10 kB)
  comes with ``metadata.cacheable``. If the client lists its hash in
  ``ClientState.cached_message_hashes``, the server sends only a ``ref_hash`` the next time. This
  client keeps such messages, lists their hashes, resolves references and evicts entries not used
  in the last ``max_cached_message_age`` runs, as the frontend does (after a fragment run, only
  entries of the fragments that ran may go). A reference it cannot resolve
  is a protocol error (there is no HTTP endpoint to fetch a message in this Streamlit version).
- XSRF. In Streamlit 1.67 the XSRF token (second subprotocol entry) only guards the auth cookie;
  a websocket without it is accepted. The ``Origin`` header must match the ``Host`` header, or be
  absent; behind a proxy, the proxy must pass ``Host`` with its port.

The client is asyncio-based (``websockets``, a dependency of Streamlit itself), so a load test can
hold hundreds of sessions in one thread while the library answers the server's pings. Like a browser,
it sends no pings of its own.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

STREAM_PATH = "_stcore/stream"
WIDGET_ID_PREFIX = "$$ID"
# Element kinds whose value this client can set; other widgets are listed but never moved.
MOVABLE_KINDS = frozenset({"slider", "number_input", "checkbox", "selectbox", "radio"})
# Default of global.maxCachedMessageAge: runs a cached message may go unused. The server sends the
# value in force in new_session.config, and the client adopts it.
DEFAULT_MAX_CACHED_MESSAGE_AGE = 2

_FINAL_STATUSES = {
    ForwardMsg.FINISHED_SUCCESSFULLY: "ok",
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile_error",
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "ok",
}


class ProtocolError(RuntimeError):
    """The server sent something this client cannot follow (closed socket, unknown reference)."""


def stream_url(url: str) -> str:
    """Return the websocket URL of the app at ``url`` (``http://host:port/base`` or ``ws://...``)."""
    parts = urlsplit(url)
    scheme = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}.get(parts.scheme)
    if scheme is None:
        raise ValueError(f"url must start with http://, https://, ws:// or wss://, got {url!r}")
    path = parts.path.rstrip("/")
    if not path.endswith("/" + STREAM_PATH):
        path = f"{path}/{STREAM_PATH}"
    return urlunsplit((scheme, parts.netloc, path, "", ""))


def http_url(url: str, path: str = "") -> str:
    """Return the ``http(s)://`` URL of ``path`` under the app at ``url``."""
    parts = urlsplit(url)
    scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
    base = parts.path
    if base.rstrip("/").endswith("/" + STREAM_PATH):
        base = base.rstrip("/")[: -len(STREAM_PATH) - 1]
    return urlunsplit((scheme, parts.netloc, base.rstrip("/") + "/" + path.lstrip("/"), "", ""))


def user_key_from_widget_id(widget_id: str) -> str | None:
    """Return the ``key=`` a widget was created with, read from its id, or None.

    Streamlit builds keyed ids as ``$$ID-<hash>-<key>`` and unkeyed ones as ``$$ID-<hash>-None``.
    """
    if not widget_id.startswith(WIDGET_ID_PREFIX + "-"):
        return None
    parts = widget_id.split("-", 2)
    if len(parts) < 3 or parts[2] == "None":
        return None
    return parts[2]


@dataclass(frozen=True)
class Widget:
    """A widget as the last run drew it.

    Attributes
    ----------
    widget_id : str
        The id to use in a ``WidgetState``.
    kind : str
        The element type (``slider``, ``number_input``, ``selectbox``, ...).
    key : str | None
        The ``key=`` the app gave the widget, if any.
    label : str
        The widget's label.
    element : Any
        A copy of the element's protobuf (``Slider``, ``NumberInput``, ...).
    fragment_id : str
        The ``delta.fragment_id`` of the delta that drew it: the ``st.fragment`` whose run drew the
        widget (also when it sits in an outside container such as ``st.sidebar``), "" outside
        fragments. A change of such a widget reruns only that fragment.
    """

    widget_id: str
    kind: str
    key: str | None
    label: str
    element: Any = field(repr=False, compare=False)
    fragment_id: str = ""

    @property
    def is_select_slider(self) -> bool:
        """A ``st.select_slider``: drawn as a slider, valued by option labels."""
        return self.kind == "slider" and self.element.type == self.element.SELECT_SLIDER

    @property
    def movable(self) -> bool:
        """Whether this client can set the widget and a change triggers a rerun."""
        element = self.element
        return (
            self.kind in MOVABLE_KINDS
            and not getattr(element, "disabled", False)
            and not getattr(element, "form_id", "")
            and not getattr(element, "ignore_rerun", False)
            and not ((self.kind in {"selectbox", "radio"} or self.is_select_slider) and len(element.options) == 0)
        )

    def current_value(self) -> Any:
        """The value the server drew the widget with: a list for sliders, else a scalar."""
        element = self.element
        if self.is_select_slider:
            if element.set_value:
                return list(element.raw_value)
            return [element.options[int(i)] for i in element.default if 0 <= int(i) < len(element.options)]
        if self.kind == "slider":
            return list(element.value if element.set_value else element.default)
        if self.kind in {"number_input", "checkbox"}:
            return element.value if element.set_value else element.default
        if self.kind in {"selectbox", "radio"}:
            if element.set_value:
                return element.raw_value
            has_default = self.kind == "radio" or element.HasField("default")
            return element.options[element.default] if has_default and element.options else None
        return None


def widget_state(widget: Widget, value: Any) -> WidgetState:
    """Build the ``WidgetState`` that sets ``widget`` to ``value``.

    Parameters
    ----------
    widget : Widget
        A widget of a kind in ``MOVABLE_KINDS``.
    value : Any
        A number or a list of numbers for a slider (raw numbers: microseconds for date sliders), an
        option's label or a list of them for a select slider, a number for a number input, a bool
        for a checkbox, an option's label for a selectbox or radio.

    Raises
    ------
    ValueError
        If the kind is not supported or the value does not fit the widget.
    """
    state = WidgetState(id=widget.widget_id)
    element = widget.element
    if widget.is_select_slider:
        labels = list(value) if isinstance(value, list | tuple) else [value]
        if len(labels) != len(element.default):
            raise ValueError(f"select slider {widget.key or widget.widget_id} takes {len(element.default)} values")
        for label in labels:
            if label not in element.options:
                raise ValueError(f"{label!r} is not an option of {widget.key or widget.widget_id}")
        state.string_array_value.data.extend(labels)
    elif widget.kind == "slider":
        values = [float(v) for v in (value if isinstance(value, list | tuple) else [value])]
        if len(values) != len(element.default):
            raise ValueError(f"slider {widget.key or widget.widget_id} takes {len(element.default)} values")
        for v in values:
            if not element.min <= v <= element.max:
                raise ValueError(f"slider value {v} outside [{element.min}, {element.max}]")
        state.double_array_value.data.extend(values)
    elif widget.kind == "number_input":
        v = float(value)
        if (element.has_min and v < element.min) or (element.has_max and v > element.max):
            raise ValueError(f"number_input value {v} outside [{element.min}, {element.max}]")
        state.double_value = v
    elif widget.kind == "checkbox":
        state.bool_value = bool(value)
    elif widget.kind in {"selectbox", "radio"}:
        if value not in element.options:
            raise ValueError(f"{value!r} is not an option of {widget.key or widget.widget_id}")
        state.string_value = value
    else:
        raise ValueError(f"cannot set a {widget.kind} widget")
    return state


def random_value(widget: Widget, rng: random.Random, current: Any = None) -> Any:
    """Return a random valid value for ``widget``, different from ``current`` when possible.

    ``current`` defaults to the value the server drew the widget with.
    """
    if current is None:
        current = widget.current_value()
    value = current
    for _ in range(8):  # bounded: a widget with a single valid value keeps it
        value = _draw(widget, rng)
        if value != current:
            break
    return value


def _draw(widget: Widget, rng: random.Random) -> Any:
    element = widget.element
    if widget.is_select_slider:
        indices = sorted(rng.randrange(len(element.options)) for _ in element.default)
        return [element.options[i] for i in indices]
    if widget.kind == "slider":
        n_steps = max(0, math.floor((element.max - element.min) / element.step + 1e-9)) if element.step > 0 else 0
        values = sorted(element.min + rng.randint(0, n_steps) * element.step for _ in element.default)
        # Keep the grid: round away the float noise of min + k * step.
        return [round(min(v, element.max), 10) for v in values]
    if widget.kind == "number_input":
        step = element.step if element.step > 0 else 1.0
        low = element.min if element.has_min else element.default - 10 * step
        high = element.max if element.has_max else element.default + 10 * step
        n_steps = max(0, math.floor((high - low) / step + 1e-9))
        return round(low + rng.randint(0, n_steps) * step, 10)
    if widget.kind == "checkbox":
        return rng.random() < 0.5
    if widget.kind in {"selectbox", "radio"}:
        return rng.choice(list(element.options))
    raise ValueError(f"cannot draw a value for a {widget.kind} widget")


class ForwardMsgCache:
    """The frontend's cache of large ``ForwardMsg``s, keyed by hash, with age-based eviction.

    Each entry remembers the fragment that drew it (``delta.fragment_id``). After a fragment run
    only entries of the fragments that ran may be evicted: the others were not drawn again because
    the run did not reach them, not because the page dropped them (the frontend's
    ``ForwardMsgCache.incrementRunCount`` does the same). The server refers only to hashes the
    request listed, and nothing is evicted during a run, so any order of runs resolves.

    Parameters
    ----------
    max_age : int
        Number of finished runs a message may go unused before it is dropped [runs].
    """

    def __init__(self, max_age: int = DEFAULT_MAX_CACHED_MESSAGE_AGE) -> None:
        self.max_age = max_age
        self._messages: dict[str, ForwardMsg] = {}
        self._last_used_run: dict[str, int] = {}
        self._fragment_ids: dict[str, str] = {}
        self._run = 0

    def __len__(self) -> int:
        return len(self._messages)

    def hashes(self) -> list[str]:
        """Hashes to list in ``ClientState.cached_message_hashes``."""
        return list(self._messages)

    def resolve(self, msg: ForwardMsg) -> tuple[ForwardMsg, bool]:
        """Return the full message for ``msg`` and whether it came from the cache.

        Stores ``msg`` if it is cacheable; replaces a ``ref_hash`` message by the cached one, keeping
        the reference's metadata (its delta path).

        Raises
        ------
        ProtocolError
            If ``msg`` refers to a hash this cache does not hold.
        """
        if msg.WhichOneof("type") == "ref_hash":
            cached = self._messages.get(msg.ref_hash)
            if cached is None:
                raise ProtocolError(f"server referenced uncached message {msg.ref_hash}")
            full = ForwardMsg()
            full.CopyFrom(cached)
            full.metadata.CopyFrom(msg.metadata)
            self._last_used_run[msg.ref_hash] = self._run
            return full, True
        if msg.metadata.cacheable and msg.hash:
            stored = ForwardMsg()
            stored.CopyFrom(msg)
            self._messages[msg.hash] = stored
            self._last_used_run[msg.hash] = self._run
            self._fragment_ids[msg.hash] = msg.delta.fragment_id
        return msg, False

    def on_run_finished(self, fragment_ids: Iterable[str] = ()) -> None:
        """Count a finished run and drop messages unused for more than ``max_age`` runs.

        Parameters
        ----------
        fragment_ids : Iterable[str]
            The fragments the run reran; empty for a full run. After a fragment run, only messages
            drawn by those fragments may be dropped.
        """
        fragment_ids = frozenset(fragment_ids)
        self._run += 1
        for msg_hash, last_used in list(self._last_used_run.items()):
            if fragment_ids and self._fragment_ids[msg_hash] not in fragment_ids:
                continue
            if self._run - last_used > self.max_age:
                del self._last_used_run[msg_hash]
                del self._messages[msg_hash]
                del self._fragment_ids[msg_hash]


@dataclass(frozen=True)
class Element:
    """An element the last run drew.

    Attributes
    ----------
    delta_path : tuple[int, ...]
        Where it sits in the page tree (``(0, 2)``: third element of the main area).
    kind : str
        The element type (``markdown``, ``slider``, ``vega_lite_chart``, ``exception``, ...).
    proto : Any
        The element's protobuf, e.g. ``.body`` of a markdown element.
    fragment_id : str
        The fragment whose run drew it, "" outside fragments (see ``Widget.fragment_id``).
    """

    delta_path: tuple[int, ...]
    kind: str
    proto: Any = field(repr=False, compare=False)
    fragment_id: str = ""


@dataclass(frozen=True)
class RunResult:
    """What one script run looked like from the client.

    Attributes
    ----------
    latency_s : float
        From sending ``rerun_script`` to receiving the final ``script_finished`` [s].
    status : str
        ``ok`` or ``compile_error``.
    n_messages : int
        ForwardMsgs received for the run.
    n_bytes : int
        Bytes received for the run [B].
    n_cache_hits : int
        Messages that arrived as ``ref_hash`` and were resolved from the cache.
    exceptions : tuple[str, ...]
        Messages of the exception elements the run drew (an app error shows as one of these).
    fragment_ids : tuple[str, ...]
        The fragments the server reran (``new_session``'s ``metadata.run.fragment_ids``); empty for
        a run of the whole script.
    """

    latency_s: float
    status: str
    n_messages: int
    n_bytes: int
    n_cache_hits: int
    exceptions: tuple[str, ...]
    fragment_ids: tuple[str, ...] = ()


def fragment_of(widgets: Iterable[Widget]) -> str:
    """The fragment a change of all ``widgets`` reruns: their common fragment, else "" (full run).

    The browser sends the fragment of the widget the user changed (``WidgetStateManager`` passes
    the ``fragmentId`` of the widget's element to ``sendRerunBackMsg``); a change that spans
    fragments, or touches a widget outside any, needs the whole script.
    """
    fragment_ids = {widget.fragment_id for widget in widgets}
    return fragment_ids.pop() if len(fragment_ids) == 1 else ""


def merge_fragment_run(
    widgets: Mapping[str, Widget],
    elements: Iterable[Element],
    new_widgets: Mapping[str, Widget],
    new_elements: Iterable[Element],
    fragment_ids: Iterable[str],
    block_paths: Iterable[tuple[int, ...]] = (),
) -> tuple[dict[str, Widget], list[Element]]:
    """The page after a fragment run: the run's elements, and the earlier ones it did not redraw.

    An earlier element goes if a fragment that ran drew it, if the run drew an element at its path,
    or if it sits inside a block the run drew again (a nested fragment's elements carry the nested
    fragment's id, but go with their parent's block). The widgets follow their elements; a kept or
    redrawn widget keeps its place in the order.

    Parameters
    ----------
    widgets, elements : Mapping[str, Widget], Iterable[Element]
        The page before the run.
    new_widgets, new_elements : Mapping[str, Widget], Iterable[Element]
        What the fragment run drew.
    fragment_ids : Iterable[str]
        The fragments the run reran.
    block_paths : Iterable[tuple[int, ...]]
        Delta paths of the blocks (``add_block``) the run drew.
    """
    fragment_ids = frozenset(fragment_ids)
    block_paths = tuple(block_paths)
    new_elements = list(new_elements)
    redrawn_paths = {e.delta_path for e in new_elements}

    def replaced(element: Element) -> bool:
        path = element.delta_path
        return (
            element.fragment_id in fragment_ids
            or path in redrawn_paths
            or any(path[: len(block)] == block for block in block_paths)
        )

    kept = [e for e in elements if not replaced(e)]
    kept_ids = {getattr(e.proto, "id", None) for e in kept}
    merged: dict[str, Widget] = {}
    for widget_id, widget in widgets.items():
        if widget_id in new_widgets:
            merged[widget_id] = new_widgets[widget_id]
        elif widget_id in kept_ids:
            merged[widget_id] = widget
    for widget_id, widget in new_widgets.items():
        merged.setdefault(widget_id, widget)
    return merged, kept + new_elements


class StreamlitSession:
    """One simulated browser tab.

    Parameters
    ----------
    url : str
        The app's URL, e.g. ``http://127.0.0.1:8501`` (a base path is kept).
    run_timeout : float
        Longest wait for one run to finish [s].
    send_origin : bool
        Send an ``Origin`` header equal to the URL's host, as a browser does. It makes a proxy that
        drops the port from ``Host`` fail here as it would for real users.
    use_message_cache : bool
        Keep large messages and list their hashes, as the browser does.
    query_string : str
        The page's query string, without ``?``.
    page_name : str
        The page of a multipage app to run, as its URL path (``regions`` for ``/regions``), sent in every
        ``ClientState.page_name``; empty: the default page.
    locale : str
        The browser locale sent in ``ClientState.context_info`` (``st.context.locale``).
    cookie : str | None
        A ``Cookie`` header, e.g. to reach a sticky backend.
    existing_session_id : str | None
        Ask to resume this session, as a reconnecting tab does; the server resumes it if it still
        holds it (``server.disconnectedSessionTTL``), else starts a new one.
    """

    def __init__(
        self,
        url: str,
        *,
        run_timeout: float = 30.0,
        send_origin: bool = True,
        use_message_cache: bool = True,
        query_string: str = "",
        page_name: str = "",
        locale: str = "en-US",
        cookie: str | None = None,
        existing_session_id: str | None = None,
    ) -> None:
        self.url = stream_url(url)
        self.run_timeout = run_timeout
        self.send_origin = send_origin
        self.use_message_cache = use_message_cache
        self.query_string = query_string
        self.page_name = page_name
        self.locale = locale
        self.cookie = cookie
        self.existing_session_id = existing_session_id
        self.session_id: str | None = None
        self.cache = ForwardMsgCache()
        self.widgets: dict[str, Widget] = {}
        self.elements: list[Element] = []
        self._widget_states: dict[str, WidgetState] = {}
        self._values: dict[str, Any] = {}
        self._ws: Any = None

    async def __aenter__(self) -> StreamlitSession:
        await self.connect()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def connect(self) -> None:
        """Open the websocket. The server starts no run until ``rerun`` is called."""
        parts = urlsplit(self.url)
        origin = f"{'https' if parts.scheme == 'wss' else 'http'}://{parts.netloc}" if self.send_origin else None
        headers = {"Cookie": self.cookie} if self.cookie else None
        # The subprotocol list carries [protocol, XSRF token, session to resume], by position.
        subprotocols = ["streamlit"]
        if self.existing_session_id:
            subprotocols += ["PLACEHOLDER_AUTH_TOKEN", self.existing_session_id]
        self._ws = await websockets.connect(
            self.url,
            subprotocols=subprotocols,
            origin=origin,
            additional_headers=headers,
            compression=None,
            max_size=None,
            # A browser sends no websocket pings (it only answers the server's), so neither does this
            # client: with pings on, a server too busy to answer within 20 s had its sockets closed
            # (1011 keepalive ping timeout), an error no real user would see.
            ping_interval=None,
            open_timeout=self.run_timeout,
            close_timeout=2.0,
        )

    async def close(self) -> None:
        """Close the websocket; the server keeps the session for ``server.disconnectedSessionTTL``."""
        if self._ws is not None:
            ws, self._ws = self._ws, None
            await ws.close()

    def find_widget(self, id_or_key: str) -> Widget:
        """Return the widget with this id or ``key=``; raise KeyError if the last run drew none."""
        if id_or_key in self.widgets:
            return self.widgets[id_or_key]
        for widget in self.widgets.values():
            if widget.key == id_or_key:
                return widget
        raise KeyError(f"no widget with id or key {id_or_key!r}; known keys: {sorted(self.widget_keys())}")

    def value_of(self, widget: Widget) -> Any:
        """The widget's value as this tab shows it: the last value set here, else the drawn one.

        The server echoes a value in the element only when the app set it through session state, so
        the client has to remember what it sent.
        """
        return self._values.get(widget.widget_id, widget.current_value())

    def texts(self) -> list[str]:
        """The text of the markdown, heading and text elements of the last run, in page order."""
        return [
            e.proto.body
            for e in sorted(self.elements, key=lambda e: e.delta_path)
            if e.kind in {"markdown", "heading", "text"}
        ]

    def widget_keys(self) -> list[str]:
        """The ``key=`` of every keyed widget of the last run."""
        return [w.key for w in self.widgets.values() if w.key is not None]

    async def rerun(self, updates: Mapping[str, Any] | None = None, *, full_run: bool = False) -> RunResult:
        """Set widgets (by id or key) and run the script, as a widget change in the browser does.

        The values set earlier in this session are sent again with every rerun, as the browser does.
        If every widget in ``updates`` was drawn by the same fragment, only that fragment reruns
        (``ClientState.fragment_id``), as when a user moves it in the browser; otherwise, and with
        no updates, the whole script runs.

        Parameters
        ----------
        updates : Mapping[str, Any] | None
            New values by widget id or ``key=`` (see ``widget_state``).
        full_run : bool
            Run the whole script even if the widgets all belong to one fragment (no browser does
            this for a widget change; it is for comparing the two).

        Raises
        ------
        ProtocolError
            If the socket closes or the server refers to a message this client does not have.
        TimeoutError
            If the run does not finish within ``run_timeout``.
        KeyError, ValueError
            If a widget is unknown or a value does not fit it.
        """
        if self._ws is None:
            raise ProtocolError("not connected")
        changes = [(self.find_widget(id_or_key), value) for id_or_key, value in (updates or {}).items()]
        states = [widget_state(widget, value) for widget, value in changes]  # all valid before any is kept
        for (widget, value), state in zip(changes, states, strict=True):
            self._widget_states[widget.widget_id] = state
            self._values[widget.widget_id] = value
        fragment_id = fragment_of(widget for widget, _ in changes)

        back_msg = BackMsg()
        client_state = back_msg.rerun_script
        client_state.query_string = self.query_string
        client_state.page_name = self.page_name
        if fragment_id and not full_run:
            client_state.fragment_id = fragment_id
        client_state.widget_states.widgets.extend(self._widget_states.values())
        if self.use_message_cache:
            client_state.cached_message_hashes.extend(self.cache.hashes())
        client_state.context_info.locale = self.locale
        client_state.context_info.timezone = "UTC"
        client_state.context_info.timezone_offset = 0
        client_state.context_info.url = http_url(self.url)

        started = time.perf_counter()
        try:
            await self._ws.send(back_msg.SerializeToString())
        except websockets.ConnectionClosed as exc:
            raise ProtocolError(f"socket closed before a run: {exc}") from exc
        try:
            return await asyncio.wait_for(self._read_run(started), timeout=self.run_timeout)
        except TimeoutError:
            # The reply may still arrive: this socket can no longer tell which run a message belongs to.
            await self.close()
            raise

    async def _read_run(self, started: float) -> RunResult:
        n_messages = n_bytes = n_cache_hits = 0
        exceptions: list[str] = []
        widgets: dict[str, Widget] = {}
        elements: list[Element] = []
        block_paths: list[tuple[int, ...]] = []
        fragment_ids: tuple[str, ...] = ()
        while True:
            try:
                raw = await self._ws.recv()
            except websockets.ConnectionClosed as exc:
                raise ProtocolError(f"socket closed during a run: {exc}") from exc
            if isinstance(raw, str):
                raise ProtocolError("server sent a text frame")
            n_messages += 1
            n_bytes += len(raw)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            msg, from_cache = self.cache.resolve(msg) if self.use_message_cache else (msg, False)
            n_cache_hits += from_cache
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                # A run starts (also again after st.rerun()): only its widgets count. A fragment run
                # names its fragments here; its deltas then redraw only those.
                self.session_id = msg.new_session.initialize.session_id or self.session_id
                if msg.new_session.config.max_cached_message_age > 0:
                    self.cache.max_age = msg.new_session.config.max_cached_message_age
                widgets, elements, block_paths = {}, [], []
                fragment_ids = tuple(msg.metadata.run.fragment_ids)
            elif kind == "delta" and msg.delta.WhichOneof("type") == "add_block":
                block_paths.append(tuple(msg.metadata.delta_path))
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element_kind = msg.delta.new_element.WhichOneof("type")
                element = getattr(msg.delta.new_element, element_kind)
                fragment_id = msg.delta.fragment_id
                elements.append(Element(tuple(msg.metadata.delta_path), element_kind, element, fragment_id))
                if element_kind == "exception":
                    exceptions.append(f"{element.type}: {element.message}")
                widget_id = getattr(element, "id", "")
                if isinstance(widget_id, str) and widget_id.startswith(WIDGET_ID_PREFIX):
                    widgets[widget_id] = Widget(
                        widget_id=widget_id,
                        kind=element_kind,
                        key=user_key_from_widget_id(widget_id),
                        label=getattr(element, "label", ""),
                        element=element,
                        fragment_id=fragment_id,
                    )
            elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
                error = msg.session_event.script_compilation_exception
                exceptions.append(f"{error.type}: {error.message}")
            elif kind == "script_finished":
                status = _FINAL_STATUSES.get(msg.script_finished)
                if status is None:  # FINISHED_EARLY_FOR_RERUN: st.rerun() or a newer request follows
                    continue
                latency = time.perf_counter() - started
                fragment_ids = tuple(msg.metadata.run.fragment_ids) or fragment_ids
                self.cache.on_run_finished(fragment_ids)
                if msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                    self.widgets, self.elements = widgets, elements
                elif msg.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                    self.widgets, self.elements = merge_fragment_run(
                        self.widgets, self.elements, widgets, elements, fragment_ids, block_paths
                    )
                return RunResult(
                    latency_s=latency,
                    status=status,
                    n_messages=n_messages,
                    n_bytes=n_bytes,
                    n_cache_hits=n_cache_hits,
                    exceptions=tuple(exceptions),
                    fragment_ids=fragment_ids,
                )


def movable_widgets(session: StreamlitSession, keys: Iterable[str] | None = None) -> list[Widget]:
    """The widgets a load test may move: those named by ``keys`` (id or key), else every slider.

    Raises
    ------
    KeyError
        If a named widget is missing from the last run.
    ValueError
        If a named widget cannot be moved by this client.
    """
    if keys:
        widgets = [session.find_widget(k) for k in keys]
        for widget in widgets:
            if not widget.movable:
                raise ValueError(f"widget {widget.key or widget.widget_id} ({widget.kind}) cannot be moved")
        return widgets
    return [w for w in session.widgets.values() if w.kind == "slider" and w.movable]
