"""A victim's rerun latency while a crafted client loops heavy requests (issue: one hostile visitor).

One app server on 127.0.0.1 (:class:`benchmarks.loadtest_server.StreamlitServer`, production flags). The
*victim* moves the financing lever to random values (new scenarios) with a pause between moves; the *attackers*
(``--attackers``) each open the sensitivity tab and, with a new training value every time, click "compute" in a
loop as fast as the server answers (the click's trigger is resent with every rerun, as a crafted client can).
Everything is bounded: ``--moves`` victim moves, attackers stop when the victim is done.

    .venv/bin/python -m benchmarks.fairness_probe --attackers 0
    .venv/bin/python -m benchmarks.fairness_probe --attackers 1 --json artifacts/load/fairness-1.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from benchmarks.loadtest_server import StreamlitServer
from benchmarks.streamlit_client import StreamlitSession

SENSITIVITY_TAB = {"id": "Apa yang paling berpengaruh?", "en": "What matters most?"}


def _sniff_tabs(session: StreamlitSession) -> dict[str, str]:
    """Record the widget id of keyed tab containers (the client only records element widgets)."""
    found: dict[str, str] = {}
    recv = session._ws.recv

    async def sniffing_recv():
        raw = await recv()
        if isinstance(raw, bytes):
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "add_block":
                block = msg.delta.add_block
                if block.WhichOneof("type") == "tab_container" and block.tab_container.id:
                    found["tabs"] = block.tab_container.id
        return raw

    session._ws.recv = sniffing_recv
    return found


async def attacker(url: str, stop: asyncio.Event, seed: int, counts: dict[str, int], max_loops: int,
                   tab_label: str) -> None:
    rng = random.Random(seed)
    async with StreamlitSession(url, run_timeout=60.0) as session:
        ids = _sniff_tabs(session)
        await session.rerun()
        tab = WidgetState(id=ids["tabs"], string_value=tab_label)
        session._widget_states[tab.id] = tab
        await session.rerun()
        button = next(w for w in session.widgets.values() if w.key == "sens_run")
        session._widget_states[button.widget_id] = WidgetState(id=button.widget_id, trigger_value=True)
        for _ in range(max_loops):
            if stop.is_set():
                break
            # A new, off-step training value each time: a scenario no cache holds.
            await session.rerun({"training_per_year": round(rng.uniform(0, 5000), 3)})
            counts["runs"] += 1
            counts["refused"] += any("Coba lagi" in t or "try again" in t.lower() for t in _alerts(session))


def _alerts(session: StreamlitSession) -> list[str]:
    return [getattr(e.proto, "body", "") for e in session.elements if e.kind == "alert"]


async def victim(url: str, moves: int, pause: float, seed: int) -> list[float]:
    rng = random.Random(seed)
    latencies = []
    async with StreamlitSession(url, run_timeout=60.0) as session:
        await session.rerun()
        for _ in range(moves):
            await asyncio.sleep(pause)
            value = rng.choice([v / 2 for v in range(0, 41)])
            result = await session.rerun({"financing_idr_per_year": value})
            latencies.append(result.latency_s)
    return latencies


async def probe(url: str, *, attackers: int, moves: int, pause: float, warmup_s: float) -> dict:
    stop = asyncio.Event()
    counts = {"runs": 0, "refused": 0}
    tasks = [asyncio.create_task(attacker(url, stop, 100 + i, counts, 500, SENSITIVITY_TAB["id"]))
             for i in range(attackers)]
    await asyncio.sleep(warmup_s if attackers else 0)
    started = time.perf_counter()
    latencies = await victim(url, moves, pause, 7)
    elapsed = time.perf_counter() - started
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=False)
    ordered = sorted(latencies)
    return {"attackers": attackers, "moves": moves, "elapsed_s": round(elapsed, 1),
            "p50_ms": round(statistics.median(ordered) * 1e3, 1),
            "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))] * 1e3, 1),
            "max_ms": round(ordered[-1] * 1e3, 1), "mean_ms": round(statistics.fmean(ordered) * 1e3, 1),
            "attacker_runs": counts["runs"], "attacker_refused": counts["refused"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attackers", type=int, default=1)
    parser.add_argument("--moves", type=int, default=30)
    parser.add_argument("--pause", type=float, default=0.3)
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds the attackers run before the victim")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with StreamlitServer("app.py") as server:
        result = asyncio.run(probe(server.url, attackers=args.attackers, moves=args.moves, pause=args.pause,
                                   warmup_s=args.warmup))
    print(json.dumps(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
