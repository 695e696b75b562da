"""Batch evaluation: many pass lists on one module in one request, on the server's workers."""

import collections
import os

from .client import Client
from .session import Session

Evaluation = collections.namedtuple("Evaluation", "outcome binary_size detail")
Evaluation.__doc__ = """One list's result: `outcome` "ok" (then `binary_size` is the exact size in bytes) or
"crashed" / "timed_out" / "invalid_pipeline" (then `detail` says why and `binary_size` is None)."""


class IR(str):
    """Marks a string as LLVM IR text rather than a path, for `Engine.evaluate(IR(text), lists)`."""


class Engine:
    """PassLab's evaluation engine behind one server.

    `Engine()` starts its own server (`binary`, $PASSLAB_BIN or PATH); `Engine(client=c)` shares one.
    """

    def __init__(self, client=None, binary=None, timeout=None, args=()):
        self._owned = client is None
        self.client = client if client is not None else Client(binary, args=args,
                                                               **({"timeout": timeout} if timeout else {}))

    def catalog(self):
        return self.client.passes()

    @staticmethod
    def _list(item):
        """Pipeline text as is; any other sequence as a list of catalog indices or names."""
        if isinstance(item, str):
            return item
        return [entry if isinstance(entry, str) else int(entry) for entry in item]

    def evaluate(self, module, lists, protocol=None, current=False, timeout=None):
        """Sizes of `module` after each list, in the order of `lists`.

        `module` is a path (.c/.cpp/.ll/.bc), an `IR` string, or a `Session`: its initial module, or
        with `current=True` its current state (what `step` would start from). Each list is pipeline
        text (opt -p syntax) or a sequence of catalog indices or names ("gvn", or "function(gvn)").
        `protocol`: "shipping" (the default) or "paper"; a session's own by default.
        A crashing or hanging list is an `Evaluation` with that outcome, not an exception.
        """
        if isinstance(module, Session):
            params = {"session": module.id}
            if current:
                params["state"] = "current"
        elif isinstance(module, IR):
            params = {"ir": str(module)}
        else:
            params = {"path": os.path.abspath(os.fspath(module))}
        if protocol is not None:
            params["protocol"] = protocol
        params["lists"] = [self._list(item) for item in lists]
        answer = self.client.call("evaluate", params, timeout=timeout)
        return [Evaluation(r.get("outcome"), r.get("binarySize"), r.get("detail")) for r in answer["results"]]

    def open(self, path=None, ir=None, protocol="shipping", name=None, timeout=None):
        return self.client.open(path=path, ir=ir, protocol=protocol, name=name, timeout=timeout)

    def close(self):
        if self._owned:
            self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
