"""A session: one module on the server whose state moves with every `step` (CompilerGym's model)."""

import collections

StepResult = collections.namedtuple(
    "StepResult", "outcome binary_size reward reward_oz observations detail raw")
StepResult.__doc__ = """What one `Session.step` did.

`outcome` is "ok", or "crashed" / "timed_out" / "invalid_pipeline" (then the state is unchanged and
`detail` says why); `reward` is bytes saved by the step (positive = smaller), `reward_oz` the same
normalised by (unoptimized - oz) bytes of the session's protocol; `raw` is the server's answer."""


def _module_params(path, ir):
    """The `path`/`ir` pair of a request, with a relative path made absolute for the server."""
    import os
    if (path is None) == (ir is None):
        raise ValueError("give exactly one of path= (a .c/.cpp/.ll/.bc file) or ir= (LLVM IR text)")
    if path is not None:
        return {"path": os.path.abspath(os.fspath(path))}
    return {"ir": ir}


class Session:
    """A module under optimisation on a `Client`'s server.

    The attributes mirror `session.open`'s answer: `id`, `name`, `protocol`, `baselines`
    (`{"oz", "unoptimized"}` bytes), `binary_size` (of the current state) and
    `instruction_count` (of the initial state, or after `reset`).
    """

    def __init__(self, client, answer, timeout=None):
        self.client = client
        self.timeout = timeout
        self.id = answer["session"]
        self.closed = False
        self._update(answer)

    def _update(self, answer):
        self.name = answer.get("name", getattr(self, "name", None))
        self.protocol = answer.get("protocol", getattr(self, "protocol", None))
        self.baselines = answer.get("baselines", getattr(self, "baselines", None))
        self.binary_size = answer.get("binarySize", getattr(self, "binary_size", None))
        self.instruction_count = answer.get("instructionCount", getattr(self, "instruction_count", None))

    @classmethod
    def open(cls, client, path=None, ir=None, protocol="shipping", name=None, timeout=None):
        params = _module_params(path, ir)
        params["protocol"] = protocol
        if name is not None:
            params["name"] = name
        return cls(client, client.call("session.open", params, timeout=timeout), timeout)

    def _call(self, method, params=None, timeout=None):
        if self.closed:
            from .errors import PassLabError
            raise PassLabError(f"session {self.id} is closed")
        body = {"session": self.id}
        body.update(params or {})
        return self.client.call(method, body, timeout=self.timeout if timeout is None else timeout)

    def step(self, action=None, actions=None, passes=None, pipeline=None, observe=None, timeout=None):
        """Applies a catalog action (int), a list of them, catalog names, or opt -p text to the current state."""
        given = [value is not None for value in (action, actions, passes, pipeline)]
        if sum(given) != 1:
            raise ValueError("give exactly one of action= (int), actions= (list of int), passes= (list of names) "
                             "or pipeline= (opt -p text)")
        if action is not None:
            params = {"action": int(action)}
        elif actions is not None:
            params = {"actions": [int(a) for a in actions]}
        elif passes is not None:
            params = {"passes": list(passes)}
        else:
            params = {"pipeline": str(pipeline)}
        if observe:
            params["observe"] = [observe] if isinstance(observe, str) else list(observe)
        answer = self._call("session.step", params, timeout)
        if answer.get("binarySize") is not None:
            self.binary_size = answer["binarySize"]
        return StepResult(answer.get("outcome", "ok"), answer.get("binarySize"), answer.get("reward", 0),
                          answer.get("rewardOz", 0.0), answer.get("observations", {}), answer.get("detail"), answer)

    def observe(self, *spaces, timeout=None):
        """The current state's observations: a dict space -> value (one space: the value itself)."""
        if len(spaces) == 1 and not isinstance(spaces[0], str):
            spaces = tuple(spaces[0])
        answer = self._call("session.observe", {"spaces": list(spaces)}, timeout)
        observations = answer["observations"]
        return observations[spaces[0]] if len(spaces) == 1 else observations

    def fork(self, timeout=None):
        """An independent copy of this session (state and history)."""
        answer = self._call("session.fork", None, timeout)
        copy = Session.__new__(Session)
        copy.client, copy.timeout, copy.id, copy.closed = self.client, self.timeout, answer["session"], False
        copy.name, copy.protocol, copy.baselines = self.name, self.protocol, self.baselines
        copy.binary_size, copy.instruction_count = self.binary_size, self.instruction_count
        copy._update(answer)
        return copy

    def reset(self, timeout=None):
        """Back to the initial state; returns the server's answer (as `session.open`'s)."""
        answer = self._call("session.reset", None, timeout)
        self._update(answer)
        return answer

    def close(self, timeout=None):
        """Frees the session on the server. Safe to call twice, and after the server is gone."""
        if self.closed:
            return
        self.closed = True
        if self.client.alive:
            self.client.call("session.close", {"session": self.id},
                             timeout=self.timeout if timeout is None else timeout)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        return f"<passlab.Session {self.id} {self.name!r} {self.protocol} binary_size={self.binary_size}>"
