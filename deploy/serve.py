"""``streamlit`` with Nagle's algorithm off on its connections: ``python -m deploy.serve run app.py [flags]``.

Streamlit 1.67 serves through uvicorn on a socket it binds itself, created as ``socket.socket(family)``, so the
socket's ``proto`` is 0. asyncio turns ``TCP_NODELAY`` on for an accepted connection only when its ``proto`` is
``IPPROTO_TCP`` (``asyncio.base_events._set_nodelay``), so every websocket connection keeps Nagle's algorithm
on (the same bug as uvicorn issue #3149 for pre-bound sockets). A page run sends one large message (the main
chart, ~40 kB) followed by small ones. Nagle holds the small ones until the browser acknowledges the large one,
and the browser delays that acknowledgement by up to 40 ms. Every rerun of the scenario page waited those
40 ms with both processes idle: 84 ms from a lever move to the last message, of which 46 ms was the server's
work (``benchmarks/rerun_profile.py``, ``strace``).

:func:`enable_tcp_nodelay` makes asyncio set ``TCP_NODELAY`` on every TCP stream socket it wraps, whatever its
``proto``; then this module hands the command line to Streamlit's own CLI unchanged. The Makefile's ``run``, the
multi-process deployment and the benchmarks start Streamlit through here.
"""

from __future__ import annotations

import asyncio.base_events
import socket
import sys


def _set_nodelay(sock: socket.socket) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def enable_tcp_nodelay() -> None:
    """Every TCP connection asyncio's transports wrap from now on gets ``TCP_NODELAY``."""
    asyncio.base_events._set_nodelay = _set_nodelay  # read by the selector transport at each accept


def main() -> None:
    enable_tcp_nodelay()
    from streamlit.web import cli

    sys.argv[0] = "streamlit"
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
