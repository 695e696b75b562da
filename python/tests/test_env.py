"""The passlab/CodeSize-v0 Gymnasium environment on the real server."""

import gymnasium
import numpy as np
import pytest

import passlab
from passlab import benchmarks
from conftest import TIMEOUT


def make(binary, **kwargs):
    return gymnasium.make("passlab/CodeSize-v0", binary=binary, timeout=TIMEOUT, **kwargs)


def action(env, name):
    return env.unwrapped.action_space.names.index(name)


@pytest.mark.parametrize("space", ["Autophase", "InstCount", "Ir"])
def test_reset_and_step_in_each_observation_space(binary, module_dir, space):
    env = make(binary, benchmarks=[str(module_dir / "loop.ll")], observation_space=space)
    try:
        observation, info = env.reset(seed=1)
        assert env.observation_space.contains(observation)
        assert env.unwrapped.observation_space_spec.id == space
        assert info["benchmark"].endswith("loop.ll") and info["actions"] == []
        observation, reward, terminated, truncated, info = env.step(action(env, "mem2reg"))
        assert env.observation_space.contains(observation)
        assert reward > 0 and not terminated and not truncated
        if space == "Ir":
            assert "alloca" not in observation and "define i32 @sum" in observation
        else:
            assert observation.dtype == np.int64 and observation.sum() > 0
    finally:
        env.close()


def test_reward_is_the_size_change_normalised_to_oz(binary, module_dir):
    env = make(binary, benchmarks=[str(module_dir / "loop.ll")])
    try:
        _, info = env.reset()
        start, oz, unoptimized = info["binary_size"], info["baselines"]["oz"], info["baselines"]["unoptimized"]
        _, shrink, _, _, info = env.step(action(env, "mem2reg"))
        after = info["binary_size"]
        assert shrink == pytest.approx((start - after) / (unoptimized - oz)) and shrink > 0
        _, grow, _, _, info = env.step(action(env, "reg2mem"))
        assert grow == pytest.approx((after - info["binary_size"]) / (unoptimized - oz)) and grow < 0
        assert info["actions"] == [action(env, "mem2reg"), action(env, "reg2mem")]
        assert env.unwrapped.commandline() == "function(mem2reg),function(reg2mem)"
        observation, info = env.reset()
        assert info["binary_size"] == start and info["actions"] == []
    finally:
        env.close()


def test_byte_rewards_and_the_paper_protocol(binary, module_dir):
    env = make(binary, benchmarks=[str(module_dir / "loop.ll")], reward_space="BinarySize", protocol="paper")
    try:
        _, info = env.reset()
        assert info["protocol"] == "paper"
        _, reward, _, _, after = env.step(action(env, "mem2reg"))
        assert reward == info["binary_size"] - after["binary_size"]
        assert float(reward).is_integer()
    finally:
        env.close()


def test_episodes_over_humaneval_x_with_a_time_limit(binary):
    env = make(binary, benchmarks="humaneval-x/0-2", max_episode_steps=2)
    try:
        names = {b.name for b in env.unwrapped.benchmarks}
        assert names == {"humaneval-x/CPP_0", "humaneval-x/CPP_1", "humaneval-x/CPP_2"}
        _, first = env.reset(seed=3)
        _, again = env.reset(seed=3)
        assert first["benchmark"] == again["benchmark"] in names  # the seed picks the benchmark
        env.step(0)
        *_, terminated, truncated, _ = env.step(0)
        assert truncated and not terminated
        _, info = env.reset(options={"benchmark": "humaneval-x/1"})
        assert info["benchmark"] == "humaneval-x/CPP_1"
        assert env.unwrapped.observation["IrInstructionCount"][0] > 0
    finally:
        env.close()


def test_csmith_benchmarks_are_generated_and_lowered(binary, tmp_path, monkeypatch):
    monkeypatch.setenv("PASSLAB_CACHE_DIR", str(tmp_path))
    chosen = benchmarks.resolve("csmith/1-2", binary)
    assert [b.name for b in chosen] == ["csmith/seed-00001", "csmith/seed-00002"]
    path = chosen[0].materialize(binary)
    assert path.startswith(str(tmp_path)) and "define" in open(path).read()


def test_bad_benchmarks_and_spaces_are_clear_errors(binary, tmp_path):
    with pytest.raises(passlab.PassLabError) as error:
        benchmarks.resolve(str(tmp_path / "nothing.ll"), binary)
    assert "nothing.ll" in str(error.value)
    with pytest.raises(passlab.PassLabError) as error:
        benchmarks.resolve("humaneval-x/200", binary)
    assert "200" in str(error.value)
    with pytest.raises(ValueError) as error:
        make(binary, benchmarks="humaneval-x/0", observation_space="Programl")
    assert "Programl" in str(error.value)


def test_fork_shares_the_server_and_not_the_state(binary, module_dir):
    env = make(binary, benchmarks=[str(module_dir / "loop.ll")])
    try:
        env.reset()
        env.step(action(env, "mem2reg"))
        twin = env.unwrapped.fork()
        _, reward, _, _, info = twin.step(action(env, "reg2mem"))
        assert reward < 0
        assert env.unwrapped.binary_size < info["binary_size"]
        twin.close()
        assert env.unwrapped.client.alive
    finally:
        env.close()
