"""PassLab from Python: exact LLVM 19 code sizes of pass lists through `passlab serve`.

    import passlab
    with passlab.Engine() as engine:
        sizes = engine.evaluate("prog.ll", [["instcombine", "simplifycfg"], "module(default<Oz>)"])

`passlab.Session` steps a module pass by pass (CompilerGym's model); importing the package with
gymnasium installed registers the environment `passlab/CodeSize-v0`.
"""

from .benchmarks import Benchmark
from .catalog import Pass, catalog
from .client import Client, find_binary
from .engine import IR, Engine, Evaluation
from .errors import BinaryNotFound, PassLabError, RequestTimeout, ServerError, ServerExited
from .session import Session, StepResult

__version__ = "0.1.0"
__all__ = ["Benchmark", "BinaryNotFound", "Client", "Engine", "Evaluation", "IR", "Pass", "PassLabError",
           "RequestTimeout", "ServerError", "ServerExited", "Session", "StepResult", "catalog", "find_binary"]

try:
    import gymnasium as _gymnasium
except ImportError:  # the environment needs `pip install passlab[gym]`; the client does not
    _gymnasium = None

if _gymnasium is not None and "passlab/CodeSize-v0" not in _gymnasium.registry:
    _gymnasium.register(id="passlab/CodeSize-v0", entry_point="passlab.env:CodeSizeEnv")
