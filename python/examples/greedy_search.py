"""Greedy search: at each step try every catalog pass in one batch and keep the best, until none helps.

    python examples/greedy_search.py humaneval-x/0-2 --steps 8

Each round is one `Engine.evaluate` call: the list so far plus each of the catalog's passes, run in
parallel on the server's workers; sizes are exact. Prints the found list against -Oz.
"""

import argparse

import passlab
from passlab import benchmarks


def greedy(engine, session, max_steps):
    """The greedy list (catalog indices) for a session's module and its size."""
    catalog = engine.catalog()
    chosen, size = [], session.baselines["unoptimized"]
    for _ in range(max_steps):
        results = engine.evaluate(session, [chosen + [p.index] for p in catalog], protocol=session.protocol)
        sizes = [(r.binary_size, i) for i, r in enumerate(results) if r.outcome == "ok"]
        best_size, best = min(sizes)
        if best_size >= size:
            break
        chosen, size = chosen + [best], best_size
    return chosen, size


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("benchmarks", nargs="*", default=["humaneval-x/0-2"])
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--protocol", default="shipping", choices=["shipping", "paper"])
    args = parser.parse_args()

    with passlab.Engine() as engine:
        catalog = engine.catalog()
        for benchmark in benchmarks.resolve(args.benchmarks, engine.client.binary):
            with engine.open(path=benchmark.materialize(engine.client.binary), protocol=args.protocol) as session:
                chosen, size = greedy(engine, session, args.steps)
                oz = session.baselines["oz"]
                print(f"{benchmark.name:28} {size:6} bytes vs -Oz {oz:6} ({100 * (oz - size) / oz:+.2f}% smaller)  "
                      f"{', '.join(catalog[i].name for i in chosen)}")


if __name__ == "__main__":
    main()
