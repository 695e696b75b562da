"""`passlab/CodeSize-v0`: a Gymnasium environment for pass ordering, CompilerGym's llvm-v0 on PassLab.

An episode optimises one benchmark module: each action applies one catalog pass to the current
state, the reward is the size reduction that step made (normalised to -Oz by default), and the
observation is the chosen space of the new state. Every size is exact, under the chosen protocol.
"""

import collections
import string

import gymnasium
import numpy as np
from gymnasium import spaces

from . import benchmarks as benchmark_specs
from .client import Client

OBSERVATION_SPACES = ("Autophase", "InstCount", "Ir", "IrInstructionCount", "BinarySize")
# CompilerGym's reward space names are accepted as aliases; PassLab's size is text + data of the object.
REWARD_SPACES = {"BinarySizeOz": "BinarySizeOz", "BinarySize": "BinarySize",
                 "ObjectTextSizeOz": "BinarySizeOz", "ObjectTextSizeBytes": "BinarySize"}
_PROBE_IR = "define i32 @passlab_probe(i32 %x) {\nentry:\n  %y = add i32 %x, 1\n  ret i32 %y\n}\n"
_BIG = np.iinfo(np.int64).max
# The server space behind an environment space: InstCount is the fixed-order vector (CompilerGym's
# TotalInsts, TotalBlocks, TotalFuncs, then every opcode), not the server's opcode -> count object.
_SERVER_SPACE = {"InstCount": "InstCountVector"}


ObservationSpaceSpec = collections.namedtuple("ObservationSpaceSpec", "id space")
ObservationSpaceSpec.__doc__ = "CompilerGym's env.observation_space_spec: the space's name (`id`) and its Gymnasium space."


class CatalogActions(spaces.Discrete):
    """The action space: catalog indices, with the pass names (`names`) and opt text (`pipelines`)."""

    def __init__(self, passes, seed=None):
        super().__init__(len(passes), seed=seed)
        self.names = [p.name for p in passes]
        self.pipelines = [p.pipeline for p in passes]

    def to_string(self, actions):
        """The opt -p text of a sequence of actions (what `passlab size -p` takes)."""
        return ",".join(self.pipelines[int(a)] for a in actions)


class _Observations:
    """`env.observation["Autophase"]`: any space of the current state, computed on request."""

    def __init__(self, env):
        self._env = env

    def __getitem__(self, space):
        return self._env._convert(space, self._env.session.observe(_SERVER_SPACE.get(space, space)))


class CodeSizeEnv(gymnasium.Env):
    """Pass ordering for code size.

    benchmarks: one spec or a list (files, directories, "humaneval-x[/N|/A-B]", "csmith/N[-M]");
    default "humaneval-x". observation_space: "Autophase" (default), "InstCount", "Ir",
    "IrInstructionCount" or "BinarySize". reward_space: "BinarySizeOz" (default: bytes saved /
    (unoptimized - oz), CompilerGym's ObjectTextSizeOz normalisation) or "BinarySize" (bytes saved).
    protocol: "shipping" (default) or "paper". client/binary: share a `passlab.Client`, or the
    executable to start (else $PASSLAB_BIN or PATH). timeout: seconds per server request.
    """

    metadata = {"render_modes": ["ansi"]}

    def __init__(self, benchmarks="humaneval-x", observation_space="Autophase", reward_space="BinarySizeOz",
                 protocol="shipping", client=None, binary=None, timeout=120.0, render_mode=None):
        if observation_space not in OBSERVATION_SPACES:
            raise ValueError(f"observation_space {observation_space!r} is not one of {', '.join(OBSERVATION_SPACES)}")
        if reward_space not in REWARD_SPACES:
            raise ValueError(f"reward_space {reward_space!r} is not one of {', '.join(REWARD_SPACES)}")
        if protocol not in ("shipping", "paper"):
            raise ValueError(f"protocol {protocol!r} is not shipping or paper")
        self.observation_space_name = observation_space
        self.reward_space_name = REWARD_SPACES[reward_space]
        self.protocol = protocol
        self.render_mode = render_mode
        self.timeout = timeout
        self._owns_client = client is None
        self.client = client if client is not None else Client(binary, timeout=timeout)
        try:
            self.benchmarks = benchmark_specs.resolve(benchmarks, self.client.binary)
            self.action_space = CatalogActions(self.client.passes())
            self._probe_spaces()
        except BaseException:
            self.close()
            raise
        self.observation_space = self._spaces[observation_space]
        self.observation = _Observations(self)
        self.session = None
        self.benchmark = None
        self.actions = []
        self.episode_reward = 0.0

    def _probe_spaces(self):
        """Vector lengths and feature names, from a tiny module (they do not depend on the module)."""
        with self.client.open(ir=_PROBE_IR, protocol=self.protocol, name="probe", timeout=self.timeout) as probe:
            sample = probe.observe("Autophase", "InstCountNames")
        self.autophase_names = list(sample["Autophase"]["names"])
        self.inst_count_names = list(sample["InstCountNames"])
        count = lambda n: spaces.Box(0, _BIG, shape=(n,), dtype=np.int64)
        scalar = spaces.Box(0, _BIG, shape=(1,), dtype=np.int64)
        self._spaces = {"Autophase": count(len(self.autophase_names)),
                        "InstCount": count(len(self.inst_count_names)),
                        "Ir": spaces.Text(max_length=1 << 24, min_length=0, charset=string.printable),
                        "IrInstructionCount": scalar, "BinarySize": scalar}

    def _convert(self, space, value):
        if space == "Autophase":
            return np.asarray(value["values"], dtype=np.int64)
        if space == "InstCount":
            return np.asarray(value, dtype=np.int64)
        if space in ("IrInstructionCount", "BinarySize"):
            return np.asarray([value], dtype=np.int64)
        return value

    # -- the Gymnasium API ---------------------------------------------------------------------

    def reset(self, *, seed=None, options=None):
        """Starts an episode on `options["benchmark"]`, else on a benchmark drawn from the list."""
        super().reset(seed=seed)
        options = options or {}
        if "benchmark" in options:
            chosen = benchmark_specs.resolve(options["benchmark"], self.client.binary)[0]
        elif len(self.benchmarks) == 1:
            chosen = self.benchmarks[0]
        else:
            chosen = self.benchmarks[int(self.np_random.integers(len(self.benchmarks)))]
        if self.session is not None and self.benchmark == chosen:
            self.session.reset()
        else:
            if self.session is not None:
                self.session.close()
                self.session = None
            path = chosen.materialize(self.client.binary)
            self.session = self.client.open(path=path, protocol=self.protocol, name=chosen.name,
                                            timeout=self.timeout)
        self.benchmark = chosen
        self.actions = []
        self.episode_reward = 0.0
        observation = self.observation[self.observation_space_name]
        return observation, self._info("ok", None)

    def step(self, action):
        """Applies catalog pass `action`; a crashing pass leaves the state as it was (reward 0)."""
        if self.session is None:
            raise RuntimeError("call env.reset() before env.step()")
        if not self.action_space.contains(action):
            raise ValueError(f"action {action!r} is not in Discrete({self.action_space.n})")
        server_space = _SERVER_SPACE.get(self.observation_space_name, self.observation_space_name)
        result = self.session.step(action=int(action), observe=[server_space])
        if result.outcome == "ok":
            self.actions.append(int(action))
        reward = float(result.reward_oz if self.reward_space_name == "BinarySizeOz" else result.reward)
        self.episode_reward += reward
        if server_space in result.observations:
            observation = self._convert(self.observation_space_name, result.observations[server_space])
        else:  # a step that did not apply may come back without observations
            observation = self.observation[self.observation_space_name]
        return observation, reward, False, False, self._info(result.outcome, result.detail)

    def _info(self, outcome, detail):
        info = {"benchmark": self.benchmark.name, "binary_size": self.session.binary_size,
                "baselines": dict(self.session.baselines), "protocol": self.protocol, "outcome": outcome,
                "actions": list(self.actions)}
        if detail:
            info["detail"] = detail
        return info

    def render(self):
        if self.render_mode == "ansi":
            return (f"{self.benchmark.name}: {self.session.binary_size} bytes "
                    f"(-Oz {self.session.baselines['oz']}), {len(self.actions)} passes")
        return None

    # -- CompilerGym-style extras --------------------------------------------------------------

    @property
    def observation_space_spec(self):
        return ObservationSpaceSpec(self.observation_space_name, self.observation_space)

    @property
    def binary_size(self):
        return self.session.binary_size

    @property
    def baselines(self):
        return self.session.baselines

    def commandline(self):
        """The opt -p text of the passes applied so far in this episode."""
        return self.action_space.to_string(self.actions)

    def fork(self):
        """A second environment sharing the server, at this one's state (CompilerGym's env.fork())."""
        twin = CodeSizeEnv.__new__(CodeSizeEnv)
        twin.__dict__.update({k: v for k, v in self.__dict__.items() if k not in ("session", "observation")})
        twin._owns_client = False
        twin.session = self.session.fork() if self.session is not None else None
        twin.actions = list(self.actions)
        twin.observation = _Observations(twin)
        return twin

    def close(self):
        session, self.session = getattr(self, "session", None), None
        try:
            if session is not None and self.client.alive:
                session.close()
        finally:
            if getattr(self, "_owns_client", False):
                self.client.close()
                self._owns_client = False
