"""Benchmark: the engines' throughput against their ideal or their naive baseline.

(a) **openai engine**: the `openai` engine against the test server (`sky_t1.engines.testserver`, no
    faults) answering every request after a simulated 50 ms of model time, at concurrency 16, 32
    and 64 (40 requests per worker). The ideal is concurrency / latency (1280 requests/s at 64):
    every slot always busy and no overhead. The server runs in its own process, as a real one
    would, so client and server do not share a GIL. The CPU time of client and server per request
    is measured too: at the ideal rate they need `cpu_cores_needed_at_ideal` cores, and where the
    machine has fewer free, the ideal cannot be reached on it.
(b) **transformers engine**: greedy generation on CPU (one torch thread) with a ~1M-parameter Qwen2
    (random weights, character tokenizer, `sky_t1.engines.hf.tiny_qwen2`), batched (`batch_size` prompts
    per `generate`, left padded) vs one prompt at a time; generated tokens/s of each and the ratio. The
    two runs' texts are compared (greedy: padding must not change them).

Prints the figures; writes benchmarks/results/engines.json. Run from the repository root:

    .venv/bin/python benchmarks/bench_engines.py [--concurrency 16 32 64] [--rounds 40] [--prompts 64]
"""
import argparse
import json
import multiprocessing as mp
import os
import platform
import time
from pathlib import Path

from sky_t1.engines import Request, SamplingParams, make_engine


def _serve(conn, latency: float) -> None:
    from sky_t1.engines.testserver import FakeChatServer

    with FakeChatServer(latency=latency) as srv:
        conn.send(srv.url)
        while conn.recv() != "stop":  # asked for its CPU time until told to stop
            conn.send(time.process_time())


def bench_openai(concurrencies: list[int], latency: float, rounds: int, processes: list[int] = (1,)) -> list[dict]:
    "Requests/s at each concurrency (`rounds` requests per worker), against concurrency / latency."
    ctx = mp.get_context("spawn")
    here, there = ctx.Pipe()
    server = ctx.Process(target=_serve, args=(there, latency), daemon=True)
    server.start()
    url = here.recv()
    os.environ.setdefault("SKY_T1_BENCH_KEY", "sk-bench-not-a-secret")
    sp = SamplingParams(max_tokens=64)
    points = []
    try:
        for conc, procs in [(c, p) for c in concurrencies for p in processes]:
            eng = make_engine("openai", "echo", base_url=url, api_key_env="SKY_T1_BENCH_KEY", concurrency=conc,
                              timeout=30, max_attempts=1, processes=procs)
            eng.generate([Request.from_prompt(f"warm{i}", f"warm {i}") for i in range(conc)], sp)
            reqs = [Request.from_prompt(f"q{conc}-{i}", f"question {i}") for i in range(conc * rounds)]
            here.send("cpu")
            s0 = here.recv()
            t0, c0 = time.perf_counter(), time.process_time()
            out = eng.generate(reqs, sp)
            secs, cpu = time.perf_counter() - t0, time.process_time() - c0
            here.send("cpu")
            server_cpu = here.recv() - s0
            rps, ideal = len(reqs) / secs, conc / latency
            eng.close()
            if procs > 1:  # the client's CPU is spent in its worker processes, not measured here
                cpu = float("nan")
            points.append({"concurrency": conc, "processes": procs, "requests": len(reqs), "ok": sum(c.ok for c in out),
                           "seconds": round(secs, 3), "requests_per_s": round(rps, 1),
                           "ideal_requests_per_s": round(ideal, 1), "ratio_to_ideal": round(rps / ideal, 3),
                           "client_cpu_ms_per_request": round(cpu / len(reqs) * 1000, 3),
                           "client_cpu_bound_requests_per_s": round(len(reqs) / cpu, 1),
                           "server_cpu_ms_per_request": round(server_cpu / len(reqs) * 1000, 3),
                           "cpu_cores_needed_at_ideal": round((cpu + server_cpu) / len(reqs) * ideal, 2)})
    finally:
        here.send("stop")
        server.join(10)
    return points


def bench_transformers(n_prompts: int, batch_size: int, max_tokens: int) -> dict:
    import torch

    from sky_t1.engines.hf import char_tokenizer, tiny_qwen2

    torch.set_num_threads(1)  # a 1M-parameter model gains nothing from threads; a shared machine loses a lot
    tok = char_tokenizer()
    model = tiny_qwen2(tok, hidden_size=160, layers=4, heads=4, initializer_range=0.3)
    params = sum(p.numel() for p in model.parameters())
    reqs = [Request.from_prompt(f"p{i}", f"Problem {i}: what is {i} * {i + 3} + " + "7 " * (i % 9) + "?")
            for i in range(n_prompts)]
    sp = SamplingParams(max_tokens=max_tokens)
    batched = make_engine("transformers", model, tokenizer=tok, batch_size=batch_size, device="cpu")
    single = make_engine("transformers", model, tokenizer=tok, batch_size=1, device="cpu")
    batched.generate(reqs[:2], SamplingParams(max_tokens=4))  # warm-up
    runs = {}
    for name, eng in (("batched", batched), ("one_at_a_time", single)):
        t0 = time.perf_counter()
        out = eng.generate(reqs, sp)
        secs = time.perf_counter() - t0
        toks = sum(c.completion_tokens for c in out)
        runs[name] = {"seconds": round(secs, 3), "tokens": toks, "tokens_per_s": round(toks / secs, 1), "texts": [c.text for c in out]}
    same = runs["batched"].pop("texts") == runs["one_at_a_time"].pop("texts")
    return {"model_params": params, "prompts": n_prompts, "batch_size": batch_size, "max_tokens": max_tokens,
            "torch_threads": torch.get_num_threads(), **runs, "same_texts": same,
            "speedup": round(runs["batched"]["tokens_per_s"] / runs["one_at_a_time"]["tokens_per_s"], 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--concurrency", type=int, nargs="+", default=[16, 32, 64])
    ap.add_argument("--rounds", type=int, default=40, help="requests per worker")
    ap.add_argument("--latency", type=float, default=0.05)
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2], help="client processes (OpenAIEngine(processes=...))")
    ap.add_argument("--prompts", type=int, default=64)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--max-tokens", type=int, default=64)
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/engines.json"))
    args = ap.parse_args()
    import openai
    import torch
    import transformers

    points = bench_openai(args.concurrency, args.latency, args.rounds, args.processes)
    for p in points:
        print(f"(a) openai engine, {args.latency * 1000:.0f} ms latency, concurrency {p['concurrency']:3d}, "
              f"{p['processes']} process(es): "
              f"{p['requests_per_s']:6.0f} req/s vs ideal {p['ideal_requests_per_s']:5.0f} -> {p['ratio_to_ideal']:6.1%} "
              f"({p['ok']}/{p['requests']} ok in {p['seconds']:.2f} s; client CPU {p['client_cpu_ms_per_request']:.2f} ms/request, "
              f"i.e. at most {p['client_cpu_bound_requests_per_s']:.0f} req/s on one core; server CPU "
              f"{p['server_cpu_ms_per_request']:.2f} ms/request; {p['cpu_cores_needed_at_ideal']:.2f} cores needed at the ideal rate)")
    a = {"latency_s": args.latency, "points": points}
    b = bench_transformers(args.prompts, args.batch_size, args.max_tokens)
    print(f"(b) transformers engine ({b['model_params'] / 1e6:.2f}M params, {b['prompts']} prompts x {b['max_tokens']} "
          f"tokens, CPU): batched (batch {b['batch_size']}) {b['batched']['tokens_per_s']:.0f} tok/s "
          f"({b['batched']['seconds']:.2f} s) vs one at a time {b['one_at_a_time']['tokens_per_s']:.0f} tok/s "
          f"({b['one_at_a_time']['seconds']:.2f} s) -> {b['speedup']:.1f}x; same greedy texts: {b['same_texts']}")
    res = {"openai": a, "transformers": b,
           "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version(),
                       "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
                       "torch": torch.__version__, "transformers": transformers.__version__, "openai": openai.__version__}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2) + "\n")


if __name__ == "__main__":
    main()
