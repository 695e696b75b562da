"""Fixtures for tests against the REAL `passlab serve` ($PASSLAB_BIN or passlab on PATH); nothing is mocked.

Every server call in the tests has a short time-out, and each test checks that it left no
`passlab` process of its own behind.
"""

import os
import subprocess
import time

import pytest

import passlab

TIMEOUT = 120.0  # seconds per server request: generous for a loaded 2-core machine, never endless

# A loop kept in memory (allocas): mem2reg/sroa make it clearly smaller.
LOOP_IR = """define i32 @sum(i32 %n) {
entry:
  %i = alloca i32
  %s = alloca i32
  store i32 0, ptr %i
  store i32 0, ptr %s
  br label %cond
cond:
  %iv = load i32, ptr %i
  %c = icmp slt i32 %iv, %n
  br i1 %c, label %body, label %exit
body:
  %sv = load i32, ptr %s
  %ns = add i32 %sv, %iv
  store i32 %ns, ptr %s
  %ni = add i32 %iv, 1
  store i32 %ni, ptr %i
  br label %cond
exit:
  %r = load i32, ptr %s
  ret i32 %r
}
"""

# The same loop in SSA form: reg2mem puts its values back in memory, which makes the object larger.
SSA_LOOP_IR = """define i32 @sum(i32 %n) {
entry:
  br label %cond
cond:
  %iv = phi i32 [ 0, %entry ], [ %ni, %body ]
  %s = phi i32 [ 0, %entry ], [ %ns, %body ]
  %c = icmp slt i32 %iv, %n
  br i1 %c, label %body, label %exit
body:
  %ns = add i32 %s, %iv
  %ni = add i32 %iv, 1
  br label %cond
exit:
  ret i32 %s
}
"""


def _children(pid):
    """Pids of the processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry))
    return found


def descendants(pid):
    """Every live process below `pid`."""
    result, frontier = [], [pid]
    while frontier:
        children = _children(frontier.pop())
        result += children
        frontier += children
    return result


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture(scope="session")
def binary():
    try:
        return passlab.find_binary()
    except passlab.BinaryNotFound as error:
        pytest.fail(f"these tests need the real server: {error}")


SHARED_SERVERS = set()  # pids of the module-wide servers: they and their workers outlive single tests


@pytest.fixture(scope="module")
def client(binary):
    with passlab.Client(binary, timeout=TIMEOUT) as shared:
        SHARED_SERVERS.add(shared.pid)
        below = []
        try:
            yield shared
            below = descendants(shared.pid)
        finally:
            SHARED_SERVERS.discard(shared.pid)
    assert not shared.alive and not [pid for pid in below if alive(pid)]


@pytest.fixture(autouse=True)
def no_server_left_behind():
    """Fails a test that leaves a process it started (a server, a worker) running."""
    before = set(descendants(os.getpid()))
    yield
    deadline = time.monotonic() + 15
    while True:
        shared = set(SHARED_SERVERS).union(*(descendants(pid) for pid in SHARED_SERVERS))
        left = [p for p in descendants(os.getpid()) if p not in before and p not in shared]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert not left, f"processes left behind: {left}"


@pytest.fixture(scope="module")
def module_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("modules")
    (directory / "loop.ll").write_text(LOOP_IR)
    (directory / "ssa_loop.ll").write_text(SSA_LOOP_IR)
    return directory


def cli_size(binary, path, pipeline, protocol="shipping"):
    """`passlab size --json` of the same module and pipeline: the CLI's exact size, to compare."""
    command = [binary, "size", str(path), "--protocol", protocol, "--json"]
    if pipeline:
        command += ["-p", pipeline]
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    import json
    return json.loads(result.stdout)["binarySize"]
