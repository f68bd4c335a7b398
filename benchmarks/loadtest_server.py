"""Start and stop ``streamlit run`` with production settings, and read server memory from /proc.

Used by the load test, the rerun benchmark, the multi-process deployment and the tests. Linux only
(``/proc``). Every wait here is bounded.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]

# Settings a public deployment runs with. Command-line flags override .streamlit/config.toml.
PRODUCTION_FLAGS = (
    "--server.headless=true",  # no browser, no welcome prompt
    "--server.runOnSave=false",
    "--server.fileWatcherType=none",  # no watcher thread or inotify per session
    "--browser.gatherUsageStats=false",
    "--global.developmentMode=false",
    "--logger.level=warning",
    # Streamlit runs gc.collect(2) after every script run, holding the GIL while it walks every
    # object of the process (pandas, altair, jsonschema...): on the bare page that is ~90 of ~140 ms
    # per rerun for one user, and it serialises all sessions of the process (50 sessions: p50
    # 7.3 s with it, 1.0 s without). Python's own generational GC still collects cycles.
    "--runner.postScriptGC=false",
)
PRODUCTION_ENV = {
    # glibc gives each thread that allocates its own memory arena (up to 8 per core) and keeps what it
    # freed; Streamlit runs every session's script in its own thread. Two arenas: resident memory grew
    # +80 MiB instead of +185 MiB over 250 new-scenario moves on two processes, latency no worse.
    "MALLOC_ARENA_MAX": "2",
}


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port that was free on ``host`` a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def wait_for_health(url: str, *, timeout: float = 60.0, process: subprocess.Popen | None = None) -> None:
    """Poll ``url`` (a ``/_stcore/health`` URL) every 0.2 s until it answers ``ok``.

    Raises
    ------
    RuntimeError
        If ``process`` exits first.
    TimeoutError
        If the server is not healthy after ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    last_error = ""
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(url, timeout=2.0) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(exc)
        time.sleep(0.2)
    raise TimeoutError(f"{url} not healthy after {timeout:.0f} s ({last_error})")


def stop_process(process: subprocess.Popen, *, timeout: float = 10.0) -> None:
    """SIGTERM ``process`` (and its process group, which it leads), then SIGKILL after ``timeout`` s."""
    if process.poll() is not None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=timeout)
            return
        except subprocess.TimeoutExpired:
            continue


class StreamlitServer:
    """``streamlit run SCRIPT`` on 127.0.0.1 with production flags, as a context manager.

    Parameters
    ----------
    script : str | Path
        The app file; relative paths resolve against the repository root, which is also the working
        directory (so the repository's ``.streamlit/config.toml`` applies).
    port : int | None
        The port; a free one if None.
    extra_flags : tuple[str, ...]
        More ``--section.option=value`` flags, applied after the production ones.
    log_path : Path | None
        Where the server's output goes; if None, a temporary file removed by ``stop()`` (a failed
        start puts its end into the exception message first).
    startup_timeout : float
        Longest wait for ``/_stcore/health`` [s].
    """

    def __init__(
        self,
        script: str | Path,
        *,
        port: int | None = None,
        extra_flags: tuple[str, ...] = (),
        log_path: Path | None = None,
        startup_timeout: float = 60.0,
    ) -> None:
        self.script = (REPO_ROOT / script).resolve()
        if not self.script.is_file():
            raise FileNotFoundError(f"no app at {self.script}")
        self.port = port or free_port()
        self.extra_flags = extra_flags
        self._own_log = log_path is None
        if log_path is None:
            handle, name = tempfile.mkstemp(prefix="streamlit-", suffix=".log")
            os.close(handle)
            log_path = Path(name)
        self.log_path = log_path
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        if self.process is None:
            raise RuntimeError("server not started")
        return self.process.pid

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "deploy.serve",  # streamlit with TCP_NODELAY on its connections (see deploy/serve.py)
            "run",
            str(self.script),
            "--server.address=127.0.0.1",
            f"--server.port={self.port}",
            *PRODUCTION_FLAGS,
            *self.extra_flags,
        ]

    def start(self) -> StreamlitServer:
        """Start the server and wait until it is healthy; stop it again if it never gets there."""
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=REPO_ROOT,
                env={**os.environ, **PRODUCTION_ENV},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group: stop() reaches any child it spawns
            )
        try:
            wait_for_health(f"{self.url}/_stcore/health", timeout=self.startup_timeout, process=self.process)
        except (RuntimeError, TimeoutError) as exc:
            tail = self.log_tail()
            self.stop()
            raise RuntimeError(f"{self.script.name} did not start: {exc}\n--- server output ---\n{tail}") from exc
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
        if self._own_log:
            self.log_path.unlink(missing_ok=True)

    def log_tail(self, n_chars: int = 4000) -> str:
        """The end of the server's output, for error messages."""
        try:
            return self.log_path.read_text(errors="replace")[-n_chars:]
        except OSError:
            return ""

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _children(pid: int) -> list[int]:
    children: list[int] = []
    task_dir = Path(f"/proc/{pid}/task")
    try:
        for task in task_dir.iterdir():
            text = (task / "children").read_text()
            children.extend(int(c) for c in text.split())
    except OSError:
        pass
    return children


def process_tree(pids: list[int]) -> list[int]:
    """``pids`` and all their descendants that are alive."""
    seen: list[int] = []
    stack = list(pids)
    while stack and len(seen) < 10_000:  # bounded even if /proc lies
        pid = stack.pop()
        if pid in seen or not Path(f"/proc/{pid}").exists():
            continue
        seen.append(pid)
        stack.extend(_children(pid))
    return seen


def rss_bytes(pids: list[int]) -> int:
    """Resident memory of ``pids`` and their descendants, summed [B] (``VmRSS`` in /proc)."""
    total = 0
    for pid in process_tree(pids):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            continue
    return total


def pids_listening_on(port: int) -> list[int]:
    """Pids of the processes holding a listening TCP socket on ``port`` (any local address)."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == "0A":  # 0A = LISTEN
                inodes.add(fields[9])
    if not inodes:
        return []
    targets = {f"socket:[{inode}]" for inode in inodes}
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if any(os.readlink(fd) in targets for fd in (proc / "fd").iterdir()):
                pids.append(int(proc.name))
        except OSError:
            continue
    return sorted(pids)
