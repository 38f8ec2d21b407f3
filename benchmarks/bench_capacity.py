"""Benchmark: how much of a continuous-batching server's capacity the openai engine's client uses.

The server is the test server in continuous-batching mode (`sky_t1.engines.testserver.Batching`),
a stand-in for vLLM: at most `--slots` sequences decode at once, each at `--tokens-per-s`, the rest
wait in its queue; output lengths are log-normal (median ~2K tokens, sigma 1, capped at 16K,
seeded), time scaled (20K tokens/s per sequence instead of ~30) so a run takes about a minute.
Each server runs in its own process (one thread per connection), the client in this process
(the engine's event loop in one thread).

From the drawn lengths, `ideal_makespan` is the least time any client could take (all slots busy
until the work runs out, or the longest sequence); capacity used = ideal / measured makespan.
Time to the first stored record: from the start of the work to the first row in the store file (the
library run; polled every 5 ms), or to the first completion handed to the caller (the others); its ideal is
the shortest sequence's decode time.

(a) **per-batch barrier**: `generate` on 64 requests at a time, each call waiting for its slowest
    request before the next starts (what the generate stage did: `problems_per_call` 64, n=1);
(b) **stream**: the whole work in one `stream` call, `--concurrency` requests in flight;
(c) **stream over 2 servers** of half the slots each (failover off), the same total capacity: the
    pool spreads the requests by free slots;
(d) **the library**: `sky_t1.generate.generate` (the generate stage's function, writing a record
    store) with `batch_size` 64 and the stream run's concurrency; its `path` says whether it calls
    `engine.stream` or `engine.generate` per batch (the row is then the barrier again, plus the
    store's writes).

The client's CPU per request is measured for each run (process time of this process / requests).
`--client-cpu` also reruns `bench_engines.py`'s loopback measurement (64 in flight, 50 ms answers)
for the client CPU figure comparable with benchmarks/results/engines.json.

Prints the figures; writes benchmarks/results/capacity.json. Run from the repository root:

    .venv/bin/python benchmarks/bench_capacity.py [--requests 2400] [--slots 64] [--client-cpu]
"""
import argparse
import json
import multiprocessing as mp
import os
import platform
import sys
import time
from pathlib import Path

from sky_t1.engines import Request, SamplingParams
from sky_t1.engines.openai_engine import OpenAIEngine
from sky_t1.engines.testserver import Batching, ideal_makespan
from sky_t1.machine import cores, free_cores


def _serve(conn, timing: Batching) -> None:
    from sky_t1.engines.testserver import FakeChatServer

    with FakeChatServer(batching=timing) as srv:
        conn.send(srv.url)
        while conn.recv() != "stop":  # asked for its CPU time and decode log until told to stop
            conn.send((time.process_time(), len(srv.decoded)))


class Servers:
    "Test servers in processes of their own."

    def __init__(self, timings: list[Batching]):
        ctx = mp.get_context("spawn")
        self.pipes, self.procs = [], []
        for t in timings:
            here, there = ctx.Pipe()
            p = ctx.Process(target=_serve, args=(there, t), daemon=True)
            p.start()
            self.pipes.append(here)
            self.procs.append(p)
        self.urls = [h.recv() for h in self.pipes]

    def cpu(self) -> float:
        for h in self.pipes:
            h.send("cpu")
        return sum(h.recv()[0] for h in self.pipes)

    def close(self) -> None:
        for h, p in zip(self.pipes, self.procs, strict=True):
            h.send("stop")
            p.join(10)


def library_generate(eng, reqs: list[Request], sp: SamplingParams, barrier: int, first: list[float]) -> list:
    """The work through the generate stage's own function, `sky_t1.generate.generate` (`batch_size` problems per call);
    `first` gets the moment the store file first holds a row (polled every 5 ms)."""
    import tempfile
    import threading

    from sky_t1.generate import generate
    from sky_t1.problem import Problem
    from sky_t1.store import RecordStore

    problems = [Problem(id=r.id, source="bench", domain="math", question=r.messages[-1]["content"]) for r in reqs]
    with tempfile.TemporaryDirectory() as d:
        store, done = RecordStore(Path(d) / "generations.jsonl"), threading.Event()

        def watch() -> None:
            while not done.is_set():
                if store.path.exists() and store.path.stat().st_size:
                    first.append(time.perf_counter())
                    return
                time.sleep(0.005)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            generate(problems, eng, sp, store, {"math": "{question}"}, batch_size=barrier)
        finally:
            done.set()
            watcher.join()
        return [type("Row", (), {"ok": not r["error"], "completion_tokens": r["completion_tokens"]}) for r in store]


def library_path() -> str:
    "What `sky_t1.generate.generate` calls on the engine, read from its source."
    import inspect

    from sky_t1.generate import generate
    src = inspect.getsource(generate)
    return "engine.stream (whole work in flight)" if ".stream(" in src else "engine.generate per batch (barrier)"


def run(name: str, reqs: list[Request], timings: list[Batching], concurrency: int, barrier: int | None,
        failover: bool = True, library: bool = False) -> dict:
    "One configuration: its makespan against the ideal, and the CPU of both sides."
    servers = Servers(timings)
    sp = SamplingParams(temperature=0.6)
    try:
        eng = OpenAIEngine("echo", base_url=servers.urls if len(servers.urls) > 1 else servers.urls[0],
                           concurrency=concurrency, timeout=120, max_attempts=3, failover=failover)
        eng.generate([Request.from_prompt("warm", "warm")], SamplingParams(max_tokens=1))  # connections, imports
        s0, c0, t0 = servers.cpu(), time.process_time(), time.perf_counter()
        per_server, first = {}, []
        if library:
            out = library_generate(eng, reqs, sp, barrier, first)
            per_server = {"all": len(out)}  # (the engine's statistics are each call's)
        elif barrier:
            out = []
            for k in range(0, len(reqs), barrier):
                out += eng.generate(reqs[k:k + barrier], sp)
                first = first or [time.perf_counter()]
                for u, s in eng.stats["servers"].items():  # the statistics are each call's
                    per_server[u] = per_server.get(u, 0) + s["ok"]
        else:
            out = []
            for comps in eng.stream(reqs, sp):
                first = first or [time.perf_counter()]
                out += comps
        secs, cpu, server_cpu = time.perf_counter() - t0, time.process_time() - c0, servers.cpu() - s0
        per_server = per_server or {u: s["ok"] for u, s in eng.stats["servers"].items()}
    finally:
        servers.close()
    t = timings[0]
    durations = [t.seconds(t.length(r.messages[-1]["content"])) for r in reqs]
    slots = sum(x.slots for x in timings)
    ideal = ideal_makespan(durations, slots)
    return {"name": name, "path": f"sky_t1.generate.generate -> {library_path()}" if library else
            "engine.generate per batch" if barrier else "engine.stream", "servers": len(timings), "slots": slots, "concurrency_per_server": concurrency,
            "requests_per_call": barrier or len(reqs), "failover": failover, "requests": len(reqs),
            "ok": sum(c.ok for c in out), "tokens": sum(c.completion_tokens for c in out),
            "ideal_makespan_s": round(ideal, 3), "makespan_s": round(secs, 3), "capacity_used": round(ideal / secs, 3),
            "first_record_s": round(first[0] - t0, 3) if first else None,
            "ideal_first_record_s": round(min(durations), 3),
            "client_cpu_ms_per_request": round(cpu / len(reqs) * 1000, 3),
            "server_cpu_ms_per_request": round(server_cpu / len(reqs) * 1000, 3),
            "per_server_ok": {f"server{k}": ok for k, ok in enumerate(per_server.values())},
            "client": "1 process: the caller's thread + the engine's event-loop thread",
            "server": f"{len(timings)} process(es), one thread per connection"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=2400)
    ap.add_argument("--slots", type=int, default=64, help="sequences decoding at once (vLLM's max_num_seqs)")
    ap.add_argument("--tokens-per-s", type=float, default=20_000.0, help="per sequence (scaled time)")
    ap.add_argument("--barrier", type=int, default=64, help="requests per generate call in the barrier run")
    ap.add_argument("--concurrency", type=int, default=128, help="requests in flight per server with stream")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--client-cpu", action="store_true", help="also rerun bench_engines' loopback client-CPU measurement")
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/capacity.json"))
    args = ap.parse_args()
    import openai

    t1 = Batching(slots=args.slots, tokens_per_s=args.tokens_per_s, median=2048, sigma=1.0, cap=16_384, seed=args.seed)
    t2 = Batching(slots=args.slots // 2, tokens_per_s=args.tokens_per_s, median=2048, sigma=1.0, cap=16_384, seed=args.seed)
    reqs = [Request.from_prompt(f"q{i}", f"question {i}") for i in range(args.requests)]
    free = free_cores()
    rows = [run("barrier: generate per 64 requests", reqs, [t1], args.barrier, args.barrier),
            run("stream: whole work in flight", reqs, [t1], args.concurrency, None),
            run("stream: 2 servers x half the slots, failover off", reqs, [t2, t2], args.concurrency // 2, None,
                failover=False),
            run(f"library generate, batch_size {args.barrier}", reqs, [t1], args.concurrency, args.barrier, library=True)]
    for r in rows:
        print(f"{r['name']:50s} {r['makespan_s']:7.2f} s vs ideal {r['ideal_makespan_s']:6.2f} s -> capacity used "
              f"{r['capacity_used']:6.1%}; first record after {r['first_record_s']} s (ideal {r['ideal_first_record_s']})")
        print(f"{'':50s} ({r['ok']}/{r['requests']} ok; client CPU {r['client_cpu_ms_per_request']:.2f} "
              f"ms/request, server CPU {r['server_cpu_ms_per_request']:.2f}; per server {r['per_server_ok']})")
    ratio = rows[1]["capacity_used"] / rows[0]["capacity_used"]
    print(f"stream / barrier: {ratio:.2f}x the capacity used")
    res = {"timing": {"slots": args.slots, "tokens_per_s_per_sequence": args.tokens_per_s, "median_tokens": 2048,
                      "sigma": 1.0, "cap_tokens": 16_384, "seed": args.seed},
           "rows": rows, "stream_over_barrier": round(ratio, 2)}
    if args.client_cpu:
        sys.path.insert(0, str(Path(__file__).parent))
        from bench_engines import bench_openai

        res["client_cpu_loopback"] = bench_openai([64], 0.05, 40, [1, 2])
        for p in res["client_cpu_loopback"]:
            print(f"loopback, 64 in flight, 50 ms, {p['processes']} process(es): {p['requests_per_s']:.0f} req/s "
                  f"({p['ratio_to_ideal']:.1%} of ideal), client CPU {p['client_cpu_ms_per_request']} ms/request")
    res["machine"] = {"platform": platform.platform(), "cpus": os.cpu_count(), "cores_usable": cores(),
                      "free_cores_at_start": free, "python": platform.python_version(),
                      "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()], "openai": openai.__version__}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2) + "\n")


if __name__ == "__main__":
    main()
