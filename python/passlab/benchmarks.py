"""Benchmarks (modules to optimise) for episodes and batch runs, named like CompilerGym's datasets.

A benchmark spec is one of:
  - a file (.c, .cpp, .cc, .ll, .bc) or a directory (searched recursively for them; a development
    corpus built by `passlab corpus build --out DIR` is such a directory),
  - "humaneval-x" (all 164 programs), "humaneval-x/12" or "humaneval-x/0-39" (task numbers): the
    HumanEval-X C++ suite that ships with PassLab (data/humaneval-x-cpp, or $PASSLAB_HUMANEVAL),
  - "csmith/7" or "csmith/1-20": csmith programs for those seeds, generated on demand.
HumanEval-X and csmith programs are lowered by `passlab ir` (the paper's frontend, the same the
server uses for C/C++) when first used and cached as .ll, so an episode's reset does not compile C++.
"""

import collections
import gzip
import json
import os
import subprocess

from .client import find_binary
from .errors import PassLabError


class Benchmark(collections.namedtuple("Benchmark", "name path source arguments")):
    """A module to optimise: `name` (e.g. humaneval-x/CPP_12) and the `path` the server opens.

    For generated or C/C++ suites `path` is a cached .ll lowered from `source` (with clang
    `arguments`) by `materialize()`, the first time it is needed; for user files it is the file.
    """

    def materialize(self, binary=None):
        """The path to open, lowering the source first if its cached IR is missing."""
        if self.source != self.path and not os.path.isfile(self.path):
            _lower(binary, self.source, self.path, self.arguments)
        return self.path


SOURCE_SUFFIXES = (".c", ".cpp", ".cc", ".cxx", ".ll", ".bc")
HUMANEVAL_RELATIVE = os.path.join("data", "humaneval-x-cpp", "humaneval_cpp.jsonl.gz")
CSMITH_INCLUDE = "/usr/include/csmith"


def cache_dir():
    """${PASSLAB_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/passlab}/python, as PassLab's own cache."""
    base = os.environ.get("PASSLAB_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "passlab")
    return os.path.join(base, "python")


def humaneval_path(binary=None):
    """The shipped suite: $PASSLAB_HUMANEVAL, else data/humaneval-x-cpp in the checkout holding the binary."""
    explicit = os.environ.get("PASSLAB_HUMANEVAL")
    if explicit:
        if not os.path.isfile(explicit):
            raise PassLabError(f"PASSLAB_HUMANEVAL names {explicit!r}, which does not exist; "
                               "give the humaneval_cpp.jsonl.gz of HumanEval-X")
        return explicit
    directory = os.path.dirname(os.path.realpath(find_binary(binary)))
    while True:
        candidate = os.path.join(directory, HUMANEVAL_RELATIVE)
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            raise PassLabError(f"no {HUMANEVAL_RELATIVE} above {find_binary(binary)}; "
                               "set PASSLAB_HUMANEVAL to the suite's humaneval_cpp.jsonl.gz")
        directory = parent


def _range(text, spec):
    try:
        if "-" in text:
            first, last = (int(part) for part in text.split("-", 1))
        else:
            first = last = int(text)
    except ValueError:
        raise PassLabError(f"benchmark {spec!r}: {text!r} is not a number or a range like 0-39") from None
    if first < 0 or last < first:
        raise PassLabError(f"benchmark {spec!r}: the range {text!r} is empty or negative")
    return range(first, last + 1)


def _lower(binary, source, output, arguments=()):
    """Unoptimized IR of a C/C++ source by `passlab ir`, written once (atomically) into the cache."""
    if os.path.isfile(output):
        return output
    os.makedirs(os.path.dirname(output), exist_ok=True)
    partial = f"{output}.{os.getpid()}.tmp"
    command = [find_binary(binary), "ir", source, "-o", partial]
    if arguments:
        command += ["--", *arguments]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        if os.path.exists(partial):
            os.remove(partial)
        raise PassLabError(f"passlab ir {source} failed (status {result.returncode}): {result.stderr.strip()}")
    os.replace(partial, output)
    return output


def humaneval_x(numbers=None, binary=None):
    """HumanEval-X programs (task numbers `numbers`, default all); their .ll is made on first use."""
    wanted = None if numbers is None else set(numbers)
    directory = os.path.join(cache_dir(), "humaneval-x")
    with gzip.open(humaneval_path(binary), "rt", encoding="utf-8") as lines:
        problems = [json.loads(line) for line in lines if line.strip()]
    problems.sort(key=lambda p: int(p["task_id"].split("/")[-1]))
    chosen = []
    for problem in problems:
        number = int(problem["task_id"].split("/")[-1])
        if wanted is not None and number not in wanted:
            continue
        stem = problem["task_id"].replace("/", "_")
        source = os.path.join(directory, stem + ".cpp")
        program = problem["prompt"] + problem["canonical_solution"] + "\n" + problem["test"]
        if not os.path.isfile(source) or open(source, encoding="utf-8").read() != program:
            os.makedirs(directory, exist_ok=True)
            with open(source + ".tmp", "w", encoding="utf-8") as handle:
                handle.write(program)
            os.replace(source + ".tmp", source)
            if os.path.exists(os.path.join(directory, stem + ".ll")):
                os.remove(os.path.join(directory, stem + ".ll"))
        chosen.append(Benchmark(f"humaneval-x/{stem}", os.path.join(directory, stem + ".ll"), source, ()))
    if wanted is not None and len(chosen) != len(wanted):
        missing = sorted(wanted - {int(b.name.rsplit("_", 1)[1]) for b in chosen})
        raise PassLabError(f"HumanEval-X has no task {missing[0]} (tasks are 0-163)")
    return chosen


def csmith(seeds, binary=None):
    """csmith programs for `seeds`, generated now into the cache; their .ll is made on first use."""
    directory = os.path.join(cache_dir(), "csmith")
    os.makedirs(directory, exist_ok=True)
    chosen = []
    for seed in seeds:
        stem = f"seed-{seed:05d}"
        source = os.path.join(directory, stem + ".c")
        if not os.path.isfile(source):
            try:
                result = subprocess.run(["csmith", "--seed", str(seed)], capture_output=True, text=True, timeout=120,
                                        cwd=directory)  # csmith writes platform.info into its cwd
            except FileNotFoundError:
                raise PassLabError("csmith is not installed (apt-get install csmith libcsmith-dev; "
                                   "scripts/setup does)") from None
            if result.returncode != 0:
                raise PassLabError(f"csmith --seed {seed} failed: {result.stderr.strip()}")
            with open(source + ".tmp", "w", encoding="utf-8") as handle:
                handle.write(result.stdout)
            os.replace(source + ".tmp", source)
        arguments = ("-I" + CSMITH_INCLUDE, "-w")
        chosen.append(Benchmark(f"csmith/{stem}", os.path.join(directory, stem + ".ll"), source, arguments))
    return chosen


def files(path):
    """A file, or every source/IR file under a directory (sorted), as benchmarks."""
    path = os.path.abspath(os.fspath(path))
    if os.path.isfile(path):
        if not path.endswith(SOURCE_SUFFIXES):
            raise PassLabError(f"{path}: not a benchmark; give a {', '.join(SOURCE_SUFFIXES)} file or a directory")
        return [Benchmark(path, path, path, ())]
    if os.path.isdir(path):
        found = []
        for root, directories, names in os.walk(path):
            directories.sort()
            found += [os.path.join(root, n) for n in sorted(names) if n.endswith(SOURCE_SUFFIXES)]
        if not found:
            raise PassLabError(f"{path}: no {', '.join(SOURCE_SUFFIXES)} files in this directory")
        return [Benchmark(os.path.relpath(f, os.path.dirname(path)), f, f, ()) for f in found]
    raise PassLabError(f"{path}: no such file or directory; give a file, a directory, "
                       "humaneval-x[/N|/A-B] or csmith/N[-M]")


def resolve(specs, binary=None):
    """Benchmarks for one spec or a list of specs (see the module's doc), in order."""
    if isinstance(specs, (str, os.PathLike, Benchmark)):
        specs = [specs]
    chosen = []
    for spec in specs:
        if isinstance(spec, Benchmark):
            chosen.append(spec)
            continue
        text = os.fspath(spec)
        if text == "humaneval-x" or text.startswith("humaneval-x/"):
            numbers = _range(text.split("/", 1)[1], text) if "/" in text else None
            chosen += humaneval_x(numbers, binary)
        elif text.startswith("csmith/") and not os.path.exists(text):
            chosen += csmith(_range(text.split("/", 1)[1], text), binary)
        else:
            chosen += files(text)
    if not chosen:
        raise PassLabError("no benchmarks: give files, directories, humaneval-x[/N|/A-B] or csmith/N[-M]")
    return chosen
