"""deploy.serve: Streamlit's connections get TCP_NODELAY even though it binds its socket with proto 0."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import asyncio, socket, sys
if sys.argv[1] == "fixed":
    from deploy import serve
    serve.enable_tcp_nodelay()

async def main():
    listener = socket.socket(socket.AF_INET)  # as Streamlit 1.67 binds it: proto left at 0
    listener.bind(("127.0.0.1", 0)); listener.listen(); listener.setblocking(False)
    seen = asyncio.get_running_loop().create_future()

    class Probe(asyncio.Protocol):
        def connection_made(self, transport):
            sock = transport.get_extra_info("socket")
            seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
    _, writer = await asyncio.open_connection(*listener.getsockname())
    print(int(bool(await seen)))
    writer.close(); server.close()

asyncio.run(main())
"""


def _nodelay(mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", PROBE, mode], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return int(done.stdout.strip())


def test_an_accepted_connection_of_a_proto_0_socket_gets_tcp_nodelay_only_with_the_fix() -> None:
    """Without the fix asyncio leaves Nagle on for such a socket (the 40 ms stall after a large message); with
    it, every accepted connection has TCP_NODELAY. If asyncio or Streamlit change, the first assert says so."""
    assert _nodelay("plain") == 0
    assert _nodelay("fixed") == 1


def test_a_unix_socket_is_left_alone() -> None:
    from deploy import serve

    left, right = socket.socketpair()
    with left, right:
        serve._set_nodelay(left)  # no TCP options on a Unix socket: must not raise
        assert left.family == socket.AF_UNIX


UVLOOP_PROBE = PROBE.replace("import asyncio, socket, sys", "import asyncio, socket, sys, uvloop").replace(
    "asyncio.run(main())", "with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:\n    runner.run(main())")


def test_streamlit_serves_on_uvloop_whose_connections_have_tcp_nodelay_without_the_fix() -> None:
    """uvloop (requirements.txt) is the server's event loop: Streamlit's bootstrap picks it when it is installed,
    and it sets TCP_NODELAY on every accepted TCP connection itself, a proto-0 listener's too. If Streamlit
    stops picking it, or uvloop stops setting the option, this says so."""
    from streamlit.web import bootstrap

    factory = bootstrap._get_uvloop_loop_factory()
    assert factory is not None and type(factory()).__module__.startswith("uvloop")
    done = subprocess.run([sys.executable, "-c", UVLOOP_PROBE, "plain"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "1"
