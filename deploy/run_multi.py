"""Run N Streamlit processes of one app behind nginx on 127.0.0.1, with sticky sessions.

One Streamlit process runs every session's script in one Python interpreter, so it uses about one
core; N processes behind a proxy use N. This script:

1. starts ``streamlit run APP`` N times on free ports of 127.0.0.1, with production flags;
2. writes ``deploy/nginx.conf.template`` into a new temporary directory, with those ports;
3. runs nginx in the foreground of a child process, with its pid, logs and temp files in that
   directory (``-p DIR -e DIR/error.log``): no system file is read or written apart from the binary;
4. waits until ``/_stcore/health`` answers through nginx, prints the URL, and keeps running until
   Ctrl-C, SIGTERM or ``--duration`` seconds;
5. stops nginx and the app processes, and removes the directory (``--keep-dir`` keeps it).

Example::

    .venv/bin/python -m deploy.run_multi --app app.py --processes 2 --port 8080

``Deployment`` is the same as a context manager, for tests and benchmarks.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.loadtest_server import StreamlitServer, free_port, stop_process, wait_for_health

REPO_ROOT = Path(__file__).resolve().parents[1]

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
ERROR_PAGES = Path(__file__).resolve().parent / "_errors"
"""The pages nginx answers errors with (``/_errors/*.html``), e.g. for a link too long to read."""


def find_nginx() -> str | None:
    """Path of the nginx binary (also looked for in /usr/sbin, which a non-root PATH may lack)."""
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )


def render_config(*, prefix: Path, listen_port: int, backend_ports: list[int], template: Path = TEMPLATE) -> str:
    """The nginx configuration for nginx on 127.0.0.1:``listen_port`` in front of ``backend_ports``."""
    if not backend_ports:
        raise ValueError("at least one backend port is needed")
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in backend_ports)
    text = template.read_text()
    for name, value in {
        "prefix": str(prefix),
        "listen": f"127.0.0.1:{listen_port}",
        "upstream_servers": servers,
        "error_pages_root": str(prefix),  # the launcher copies _errors/ there (see Deployment._start)
    }.items():
        text = text.replace("{{" + name + "}}", value)
    if "{{" in text:
        raise ValueError(f"unfilled field in {template}: {text[text.index('{{'):][:40]}")
    return text


class Deployment:
    """N app processes behind nginx, as a context manager.

    Parameters
    ----------
    app : str | Path
        The Streamlit script, relative to the repository root or absolute.
    processes : int
        Number of Streamlit processes [1, 16].
    port : int | None
        nginx's port on 127.0.0.1; a free one if None.
    extra_flags : tuple[str, ...]
        More flags for every ``streamlit run``.
    keep_dir : bool
        Keep the temporary directory (config, logs) after stopping.
    startup_timeout : float
        Longest wait for each process and for nginx to become healthy [s].
    """

    def __init__(
        self,
        app: str | Path,
        *,
        processes: int = 2,
        port: int | None = None,
        extra_flags: tuple[str, ...] = (),
        keep_dir: bool = False,
        startup_timeout: float = 60.0,
    ) -> None:
        if not 1 <= processes <= 16:
            raise ValueError(f"processes must be in [1, 16], got {processes}")
        nginx = find_nginx()
        if nginx is None:
            raise FileNotFoundError("nginx not found (Debian: apt-get install nginx)")
        self.nginx = nginx
        self.app = app
        self.n_processes = processes
        self.port = port or free_port()
        self.extra_flags = extra_flags
        self.keep_dir = keep_dir
        self.startup_timeout = startup_timeout
        self.dir: Path | None = None
        self.servers: list[StreamlitServer] = []
        self.nginx_process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def server_pids(self) -> list[int]:
        return [server.pid for server in self.servers]

    def start(self) -> Deployment:
        """Start everything; on any failure stop what was started and re-raise."""
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="streamlit-nginx-"))
        # nginx's workers drop root for an unprivileged user, which must reach the temp directories and the error
        # pages: copied here, since the checkout may sit in a directory that user cannot enter (e.g. mktemp -d).
        self.dir.chmod(0o755)
        shutil.copytree(ERROR_PAGES, self.dir / ERROR_PAGES.name)
        for i in range(self.n_processes):
            server = StreamlitServer(
                self.app,
                extra_flags=self.extra_flags,
                log_path=self.dir / f"streamlit-{i}.log",
                startup_timeout=self.startup_timeout,
            )
            self.servers.append(server)
            server.start()
        config = self.dir / "nginx.conf"
        config.write_text(
            render_config(prefix=self.dir, listen_port=self.port, backend_ports=[s.port for s in self.servers])
        )
        command = [self.nginx, "-p", str(self.dir), "-c", str(config), "-e", str(self.dir / "error.log")]
        check = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True, timeout=30)
        if check.returncode != 0:
            raise RuntimeError(f"nginx rejected {config}:\n{check.stderr}")
        with open(self.dir / "nginx.out", "ab") as out:
            self.nginx_process = subprocess.Popen(
                [*command, "-g", "daemon off;"],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for_health(f"{self.url}/_stcore/health", timeout=self.startup_timeout, process=self.nginx_process)

    def stop(self) -> None:
        """Stop nginx, then the app processes; remove the directory unless asked to keep it."""
        if self.nginx_process is not None:
            stop_process(self.nginx_process)
        for server in self.servers:
            server.stop()
        if self.dir is not None and not self.keep_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Deployment:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", default="app.py", help="Streamlit script (default app.py)")
    parser.add_argument("--processes", type=int, default=2, help="number of Streamlit processes (default 2)")
    parser.add_argument("--port", type=int, default=8080, help="nginx port on 127.0.0.1 (default 8080)")
    parser.add_argument("--server-flag", action="append", default=[], metavar="FLAG",
                        help="extra flag for every streamlit run (repeatable)")
    parser.add_argument("--duration", type=float, default=0.0, help="stop after this many seconds (0: until Ctrl-C)")
    parser.add_argument("--keep-dir", action="store_true", help="keep the config and logs directory")
    args = parser.parse_args(argv)

    stop_requested = False

    def request_stop(signum: int, frame: object) -> None:
        nonlocal stop_requested
        stop_requested = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    deployment = Deployment(
        args.app, processes=args.processes, port=args.port, extra_flags=tuple(args.server_flag), keep_dir=args.keep_dir
    )
    try:
        deployment.start()
        print(f"{args.processes} x {args.app} behind nginx at {deployment.url}", flush=True)
        print(f"backends: {', '.join(s.url for s in deployment.servers)}; config and logs in {deployment.dir}",
              flush=True)
        ends = time.monotonic() + args.duration if args.duration > 0 else float("inf")
        while not stop_requested and time.monotonic() < ends:
            if deployment.nginx_process.poll() is not None:
                print("nginx exited", file=sys.stderr)
                return 1
            if any(s.process.poll() is not None for s in deployment.servers):
                print("a streamlit process exited", file=sys.stderr)
                return 1
            time.sleep(0.5)
    except (FileNotFoundError, RuntimeError, TimeoutError, ValueError) as exc:
        print(f"could not start: {exc}", file=sys.stderr)
        return 2
    finally:
        deployment.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
