"""Benchmark, in one run: evaluations/s through `Engine.evaluate` vs the native `passlab compare` on the
same modules and pass lists, and the latency of a one-pass `Session.step`.

    python -m passlab.bench [BENCHMARKS...] [--lists 48] [--steps 30] [--protocol shipping|paper] [--json]

Both sides measure the same random lists (catalog passes, lengths 1..--max-length, seeded) as the
same pipeline text, and their sizes must agree. Rates are given end to end (lists / wall time of
the whole call: `passlab compare` includes its process start and -Oz reference, `evaluate` one
request to a running server) and marginal ((N - 1) lists / (time of N lists - time of 1 other list)),
which takes fixed costs out of both. Step latency: the median wall time of `Session.step` with one
random catalog pass, beside a one-list `evaluate` of the same pass on the same state (the pass's own
LLVM and measuring time plus one request) and the round trip of a request without LLVM work (`hello`).
"""

import argparse
import json
import random
import statistics
import subprocess
import sys
import time

from . import benchmarks
from .engine import Engine


def _timed(function):
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


def native(binary, path, pipelines, protocol, timeout):
    """Wall time and sizes of `passlab compare` on `pipelines` (one process, as a user runs it)."""
    command = [binary, "compare", path, "--protocol", protocol, "--json"]
    for pipeline in pipelines:
        command += ["-p", pipeline]
    seconds, result = _timed(lambda: subprocess.run(command, capture_output=True, text=True, timeout=timeout))
    if result.returncode != 0:
        raise RuntimeError(f"passlab compare {path} failed ({result.returncode}): {result.stderr.strip()[:500]}")
    rows = json.loads(result.stdout)["rows"]
    return seconds, [row.get("binarySize") if row.get("outcome") == "measured" else None for row in rows]


def random_lists(catalog, count, max_length, generator):
    return [",".join(generator.choice(catalog).pipeline for _ in range(generator.randint(1, max_length)))
            for _ in range(count)]


def rate(count, seconds):
    return count / seconds if seconds > 0 else float("inf")


def measure(args):
    with Engine(binary=args.binary, timeout=args.timeout) as engine:
        binary = engine.client.binary
        catalog = engine.catalog()
        generator = random.Random(args.seed)
        chosen = benchmarks.resolve(args.benchmarks, binary)
        rows, mismatches = [], []
        for benchmark in chosen:
            path = benchmark.materialize(binary)
            lists = random_lists(catalog, args.lists, args.max_length, generator)
            single_native, single_python = random_lists(catalog, 2, args.max_length, generator)
            native_seconds, native_sizes = native(binary, path, lists, args.protocol, args.timeout)
            native_one, _ = native(binary, path, [single_native], args.protocol, args.timeout)
            python_seconds, results = _timed(lambda: engine.evaluate(path, lists, protocol=args.protocol))
            python_one, _ = _timed(lambda: engine.evaluate(path, [single_python], protocol=args.protocol))
            python_sizes = [r.binary_size if r.outcome == "ok" else None for r in results]
            mismatches += [(benchmark.name, lists[i]) for i, (a, b) in enumerate(zip(native_sizes, python_sizes))
                           if a != b]
            rows.append({"module": benchmark.name, "lists": len(lists),
                         "nativeSeconds": native_seconds, "pythonSeconds": python_seconds,
                         "nativeOneSeconds": native_one, "pythonOneSeconds": python_one})
        total = sum(r["lists"] for r in rows)
        marginal = lambda side: sum(r[side + "Seconds"] - r[side + "OneSeconds"] for r in rows)
        summary = {
            "lists": total,
            "nativeRate": rate(total, sum(r["nativeSeconds"] for r in rows)),
            "pythonRate": rate(total, sum(r["pythonSeconds"] for r in rows)),
            "nativeMarginalRate": rate(total - len(rows), marginal("native")),
            "pythonMarginalRate": rate(total - len(rows), marginal("python")),
            "sizesAgree": not mismatches, "mismatches": mismatches[:5],
        }
        summary["ratio"] = summary["pythonRate"] / summary["nativeRate"]
        summary["marginalRatio"] = summary["pythonMarginalRate"] / summary["nativeMarginalRate"]

        latencies, singles, round_trips = [], [], []
        for _ in range(args.steps):
            round_trips.append(_timed(lambda: engine.client.call("hello"))[0])
        for benchmark in chosen:
            with engine.open(path=benchmark.materialize(binary), protocol=args.protocol) as session:
                for _ in range(max(1, args.steps // len(chosen))):
                    session.reset()
                    action = generator.randrange(len(catalog))
                    # The same pass on the same state as a one-list evaluate: its LLVM time plus a request.
                    singles.append(_timed(lambda: engine.evaluate(session, [[action]], current=True))[0])
                    latencies.append(_timed(lambda: session.step(action=action))[0])
        summary["stepMedianMs"] = 1000 * statistics.median(latencies)
        summary["evaluateOneMedianMs"] = 1000 * statistics.median(singles)
        summary["stepOverheadMedianMs"] = 1000 * statistics.median(a - b for a, b in zip(latencies, singles))
        summary["stepCount"] = len(latencies)
        summary["roundTripMedianMs"] = 1000 * statistics.median(round_trips)
        summary["server"] = {k: engine.client.info.get(k) for k in ("passlabVersion", "llvmVersion")}
        return rows, summary


def render(rows, summary, protocol):
    lines = [f"passlab.bench ({protocol}; PassLab {summary['server']['passlabVersion']}, "
             f"LLVM {summary['server']['llvmVersion']})", "",
             f"{'module':30} {'lists':>5} {'compare s':>10} {'evaluate s':>11} {'compare/s':>10} {'evaluate/s':>11}"]
    for row in rows:
        native_rate, python_rate = rate(row["lists"], row["nativeSeconds"]), rate(row["lists"], row["pythonSeconds"])
        lines.append(f"{row['module']:30} {row['lists']:5} {row['nativeSeconds']:10.2f} {row['pythonSeconds']:11.2f} "
                     f"{native_rate:10.1f} {python_rate:11.1f}")
    lines += ["",
              f"{'':30} {'passlab compare':>16} {'Engine.evaluate':>16} {'evaluate/compare':>17}",
              f"{'evaluations/s, end to end':30} {summary['nativeRate']:16.1f} {summary['pythonRate']:16.1f} "
              f"{100 * summary['ratio']:16.0f}%",
              f"{'evaluations/s, marginal':30} {summary['nativeMarginalRate']:16.1f} "
              f"{summary['pythonMarginalRate']:16.1f} {100 * summary['marginalRatio']:16.0f}%",
              f"sizes agree on all {summary['lists']} lists: {'yes' if summary['sizesAgree'] else 'NO'}",
              f"Session.step, one random catalog pass: median {summary['stepMedianMs']:.1f} ms over "
              f"{summary['stepCount']} steps; the same pass on the same state as a one-list evaluate: "
              f"{summary['evaluateOneMedianMs']:.1f} ms; step minus evaluate, median "
              f"{summary['stepOverheadMedianMs']:+.1f} ms; a request without LLVM work (hello): "
              f"{summary['roundTripMedianMs']:.2f} ms"]
    if not summary["sizesAgree"]:
        lines += [f"  differs: {name}: {pipeline[:120]}" for name, pipeline in summary["mismatches"]]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m passlab.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("benchmarks", nargs="*", default=["humaneval-x/0-3"],
                        help="files, directories, humaneval-x[/N|/A-B], csmith/N[-M] (default humaneval-x/0-3)")
    parser.add_argument("--lists", type=int, default=48, help="random lists per module (default 48)")
    parser.add_argument("--max-length", type=int, default=8, help="passes per list, 1..this (default 8)")
    parser.add_argument("--steps", type=int, default=30, help="steps timed for the latency (default 30)")
    parser.add_argument("--protocol", default="shipping", choices=["shipping", "paper"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--binary", help="the passlab executable (default $PASSLAB_BIN, else PATH)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per call (default 600)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.lists < 2:
        parser.error("--lists must be at least 2 (the marginal rate needs N and 1)")
    rows, summary = measure(args)
    if args.json:
        print(json.dumps({"rows": rows, "summary": summary}, indent=2))
    else:
        print(render(rows, summary, args.protocol))
    return 0 if summary["sizesAgree"] else 1


if __name__ == "__main__":
    sys.exit(main())
