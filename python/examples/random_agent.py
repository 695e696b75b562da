"""A random agent in the CompilerGym loop: reset, step random catalog passes, print what it got.

    python examples/random_agent.py --benchmarks humaneval-x/0-4 --episodes 5 --steps 10

The episode reward is in units of -Oz's own reduction: 1.0 means as small as clang-19 -Oz.
"""

import argparse

import gymnasium

import passlab  # noqa: F401  (registers passlab/CodeSize-v0)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--benchmarks", nargs="+", default=["humaneval-x/0-4"])
    parser.add_argument("--episodes", type=int, default=5)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--protocol", default="shipping", choices=["shipping", "paper"])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    env = gymnasium.make("passlab/CodeSize-v0", benchmarks=args.benchmarks, protocol=args.protocol,
                         max_episode_steps=args.steps)
    env.action_space.seed(args.seed)
    try:
        totals = []
        for episode in range(args.episodes):
            observation, info = env.reset(seed=args.seed + episode)
            total, done = 0.0, False
            while not done:
                observation, reward, terminated, truncated, info = env.step(env.action_space.sample())
                total += reward
                done = terminated or truncated
            totals.append(total)
            print(f"{info['benchmark']:28} reward {total:+.3f}  {info['binary_size']:6} bytes "
                  f"(-Oz {info['baselines']['oz']}, unoptimized {info['baselines']['unoptimized']})  "
                  f"{env.unwrapped.commandline()}")
        print(f"mean episode reward over {len(totals)} episodes: {sum(totals) / len(totals):+.3f}")
    finally:
        env.close()


if __name__ == "__main__":
    main()
