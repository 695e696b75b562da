"""Greedy search: at each step try every catalog pass in one batch and keep the best, until none helps.

    python examples/greedy_search.py humaneval-x/0-2 --steps 8

Each round is one `Engine.evaluate` call: each of the catalog's passes on the session's current
state, in parallel on the server's workers (sizes are exact); the best is then stepped. Prints the
found list against -Oz.
"""

import argparse

import passlab
from passlab import benchmarks


def greedy(engine, session, max_steps):
    """Steps the session greedily; returns the chosen catalog indices."""
    catalog = engine.catalog()
    for _ in range(max_steps):
        # Every pass from the session's current state, in one batch; then the best one is stepped.
        results = engine.evaluate(session, [[p.index] for p in catalog], current=True)
        sizes = [(r.binary_size, i) for i, r in enumerate(results) if r.outcome == "ok"]
        best_size, best = min(sizes)
        if best_size >= session.binary_size:
            break
        session.step(action=best)
    return session.observe("Actions")


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
                chosen = greedy(engine, session, args.steps)
                size, oz = session.binary_size, session.baselines["oz"]
                print(f"{benchmark.name:28} {size:6} bytes vs -Oz {oz:6} ({100 * (oz - size) / oz:+.2f}% smaller)  "
                      f"{', '.join(catalog[i].name for i in chosen)}")


if __name__ == "__main__":
    main()
