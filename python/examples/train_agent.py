"""Train a simple learning agent and compare it with a random agent on HELD-OUT modules.

    python examples/train_agent.py --train humaneval-x/0-11 --test humaneval-x/120-131 --steps 3

The agent is a linear contextual bandit over the catalog (numpy only): the predicted reward of
pass a in a state with Autophase features x is x . W[:, a] (features log1p-scaled, standardised,
with a bias), W fitted by ridge regression. Training data: on each training module, at each step
of an episode, the exact reward of EVERY catalog pass from that state, measured in one batch
(`Engine.evaluate` of each candidate on the current state); the episode then follows the best
pass (the states a good policy visits). The held-out modules are never seen in training.
Rewards are in units of -Oz's own reduction (1.0 = as small as clang-19 -Oz).
"""

import argparse
import time

import gymnasium
import numpy as np

import passlab
from passlab import benchmarks


def features(autophase):
    return np.log1p(np.asarray(autophase, dtype=np.float64))


def collect(engine, modules, steps, protocol):
    """(state features, rewards of every pass from that state) pairs from the training modules."""
    catalog = engine.catalog()
    xs, rewards = [], []
    for benchmark in modules:
        with engine.open(path=benchmark.materialize(engine.client.binary), protocol=protocol) as session:
            scale = max(1, session.baselines["unoptimized"] - session.baselines["oz"])
            for _ in range(steps):
                size = session.binary_size
                results = engine.evaluate(session, [[p.index] for p in catalog], current=True)
                # A pass that crashes is not applied by step (reward 0); the same here.
                row = np.array([(size - r.binary_size) / scale if r.outcome == "ok" else 0.0 for r in results])
                xs.append(features(session.observe("Autophase")["values"]))
                rewards.append(row)
                best = int(np.argmax(row))
                session.step(action=best)
    return np.array(xs), np.array(rewards)


class LinearBandit:
    def __init__(self, xs, rewards, ridge):
        self.mean, self.std = xs.mean(axis=0), xs.std(axis=0) + 1e-6
        design = self._design(xs)
        self.weights = np.linalg.solve(design.T @ design + ridge * np.eye(design.shape[1]), design.T @ rewards)

    def _design(self, xs):
        xs = (np.atleast_2d(xs) - self.mean) / self.std
        return np.hstack([xs, np.ones((xs.shape[0], 1))])

    def act(self, autophase):
        return int(np.argmax(self._design(features(autophase)) @ self.weights))


def run_episode(env, benchmark, steps, choose):
    observation, info = env.reset(options={"benchmark": benchmark})
    total = 0.0
    for _ in range(steps):
        observation, reward, terminated, truncated, info = env.step(choose(observation))
        total += reward
    return total, info


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", nargs="+", default=["humaneval-x/0-11"])
    parser.add_argument("--test", nargs="+", default=["humaneval-x/120-131"])
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--random-runs", type=int, default=3, help="random episodes per held-out module")
    parser.add_argument("--ridge", type=float, default=1.0)
    parser.add_argument("--protocol", default="shipping", choices=["shipping", "paper"])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    with passlab.Engine() as engine:
        binary = engine.client.binary
        train = benchmarks.resolve(args.train, binary)
        test = benchmarks.resolve(args.test, binary)
        overlap = {b.path for b in train} & {b.path for b in test}
        if overlap:
            parser.error(f"training and held-out modules overlap: {sorted(overlap)[:3]}")
        started = time.monotonic()
        xs, rewards = collect(engine, train, args.steps, args.protocol)
        agent = LinearBandit(xs, rewards, args.ridge)
        print(f"trained on {len(train)} modules: {rewards.size} exact evaluations in "
              f"{time.monotonic() - started:.0f} s ({rewards.size / (time.monotonic() - started):.1f}/s)")

        env = gymnasium.make("passlab/CodeSize-v0", client=engine.client, benchmarks=args.test,
                             protocol=args.protocol)
        env.action_space.seed(args.seed)
        names = env.unwrapped.action_space.names
        learned_totals, random_totals = [], []
        try:
            print(f"{'held-out module':28} {'learned':>8} {'random':>8}  learned list")
            for benchmark in test:
                learned, info = run_episode(env, benchmark, args.steps, agent.act)
                chosen = [names[a] for a in info["actions"]]
                randoms = [run_episode(env, benchmark, args.steps, lambda _: env.action_space.sample())[0]
                           for _ in range(args.random_runs)]
                learned_totals.append(learned)
                random_totals.append(float(np.mean(randoms)))
                print(f"{benchmark.name:28} {learned:+8.3f} {random_totals[-1]:+8.3f}  {', '.join(chosen)}")
        finally:
            env.close()
        wins = sum(l > r for l, r in zip(learned_totals, random_totals))
        print(f"mean episode reward on {len(test)} held-out modules ({args.steps} steps): "
              f"learned {np.mean(learned_totals):+.3f}, random {np.mean(random_totals):+.3f}; "
              f"learned better on {wins}/{len(test)}")


if __name__ == "__main__":
    main()
