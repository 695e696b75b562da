"""A `passlab serve` process and the JSON-lines conversation with it (protocol v1).

The server is a child process talking on its stdin/stdout, one JSON object per line,
answered in order. A reader thread moves answer lines into a queue so every request can
wait with a time-out; an answer that comes after its request timed out is recognised by
its id and dropped, so the conversation never falls out of step.
"""

import collections
import itertools
import json
import os
import queue
import shutil
import subprocess
import threading
import time
import weakref

from .errors import BinaryNotFound, RequestTimeout, ServerError, ServerExited

PROTOCOL_VERSION = 1
DEFAULT_TIMEOUT = 600.0
_EOF = object()


def find_binary(binary=None):
    """The `passlab` executable: `binary` if given, else $PASSLAB_BIN, else `passlab` on PATH."""
    candidate = binary or os.environ.get("PASSLAB_BIN")
    source = "the binary argument" if binary else "PASSLAB_BIN"
    if candidate:
        path = shutil.which(candidate) if os.sep not in str(candidate) else str(candidate)
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return os.path.abspath(path)
        raise BinaryNotFound(f"{source} names {candidate!r}, which is not an executable file; "
                             "give the path of a built passlab (e.g. .build/debug/passlab)")
    path = shutil.which("passlab")
    if path:
        return os.path.abspath(path)
    raise BinaryNotFound("no passlab executable: pass binary=..., set PASSLAB_BIN, or put passlab on PATH "
                         "(swift build in the PassLab checkout makes .build/debug/passlab)")


def _stop(process, stdin_lock):
    """Ends a server: EOF on stdin (orderly shutdown), then terminate, then kill."""
    if process.poll() is None:
        with stdin_lock:
            try:
                process.stdin.close()
            except OSError:
                pass
        for action, wait in ((None, 10), (process.terminate, 5), (process.kill, 5)):
            if action:
                action()
            try:
                process.wait(wait)
                break
            except subprocess.TimeoutExpired:
                continue
    for stream in (process.stdin, process.stdout, process.stderr):
        try:
            if stream:
                stream.close()
        except OSError:
            pass


def _read_answers(stream, answers):
    try:
        for line in iter(stream.readline, b""):
            answers.put(line)
    except (OSError, ValueError):
        pass
    answers.put(_EOF)


def _read_stderr(stream, tail):
    try:
        for line in iter(stream.readline, b""):
            tail.append(line.decode("utf-8", "replace").rstrip("\n"))
    except (OSError, ValueError):
        pass


class Client:
    """One `passlab serve` child process.

    Use it as a context manager (or call `close()`): the server is shut down and waited for.
    A finaliser stops it too if the client is dropped unclosed, and the server ends on its own
    when this process dies (its stdin reaches EOF).

    `timeout` (seconds) bounds every request unless the call gives its own.
    """

    def __init__(self, binary=None, args=(), timeout=DEFAULT_TIMEOUT, env=None):
        self.binary = find_binary(binary)
        self.timeout = timeout
        self._ids = itertools.count(1)
        self._lock = threading.Lock()          # one request/answer exchange at a time
        self._stdin_lock = threading.Lock()
        self._answers = queue.Queue()
        self._abandoned = set()
        self._stderr_tail = collections.deque(maxlen=40)
        try:
            self._process = subprocess.Popen(
                [self.binary, "serve", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, env=env, bufsize=0)
        except OSError as error:
            raise ServerExited(f"could not start {self.binary} serve: {error}") from error
        self._finalizer = weakref.finalize(self, _stop, self._process, self._stdin_lock)
        # The readers hold the streams, not the client, so a dropped client is collected (and its server stopped).
        threading.Thread(target=_read_answers, args=(self._process.stdout, self._answers), daemon=True,
                         name="passlab-serve-stdout").start()
        threading.Thread(target=_read_stderr, args=(self._process.stderr, self._stderr_tail), daemon=True,
                         name="passlab-serve-stderr").start()
        try:
            self.info = self.call("hello", timeout=min(timeout, 120.0))
        except BaseException:
            self.close()
            raise
        if self.info.get("protocolVersion") != PROTOCOL_VERSION:
            self.close()
            raise ServerExited(f"{self.binary} speaks protocol {self.info.get('protocolVersion')!r}, "
                               f"this package speaks {PROTOCOL_VERSION}; install the package from the same checkout")
        self._catalog = None

    # -- process plumbing -------------------------------------------------------------------

    @property
    def pid(self):
        return self._process.pid

    @property
    def alive(self):
        return self._process.poll() is None

    def stderr_tail(self):
        """The server's last log lines (stderr), for error messages."""
        return "\n".join(self._stderr_tail)

    def _exited(self, what):
        code = self._process.poll()
        tail = self.stderr_tail()
        return ServerExited(f"passlab serve ({self.binary}) {what}"
                            + (f" with status {code}" if code is not None else "")
                            + (f"; its last log lines:\n{tail}" if tail else ""))

    # -- requests ---------------------------------------------------------------------------

    def call(self, method, params=None, timeout=None):
        """Sends one request and returns its `result`; raises `ServerError` for an `error` answer."""
        request_id = next(self._ids)
        request = {"id": request_id, "method": method}
        if params is not None:
            request["params"] = params
        line = (json.dumps(request, separators=(",", ":")) + "\n").encode("utf-8")
        limit = self.timeout if timeout is None else timeout
        with self._lock:
            if not self.alive:
                raise self._exited("is not running")
            try:
                with self._stdin_lock:
                    self._process.stdin.write(line)
                    self._process.stdin.flush()
            except (BrokenPipeError, ValueError, OSError) as error:
                raise self._exited(f"stopped reading requests ({error})") from error
            answer = self._await(request_id, method, limit)
        if "error" in answer:
            error = answer["error"] or {}
            raise ServerError(error.get("code", "internal"), error.get("message", ""), method)
        return answer.get("result", {})

    def _await(self, request_id, method, limit):
        deadline = time.monotonic() + limit
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._abandoned.add(request_id)
                raise RequestTimeout(f"passlab serve did not answer {method} within {limit:g} s "
                                     "(pass a longer timeout= for big modules or many lists)")
            try:
                line = self._answers.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is _EOF:
                self._answers.put(_EOF)
                self._process.wait(5) if self._process.poll() is None else None
                raise self._exited(f"exited while answering {method}")
            try:
                answer = json.loads(line)
            except ValueError as error:
                raise ServerError("internal", f"the server wrote a line that is not JSON: {line[:200]!r}",
                                  method) from error
            answer_id = answer.get("id")
            if answer_id == request_id:
                return answer
            if answer_id in self._abandoned:
                self._abandoned.discard(answer_id)
                continue
            raise ServerError("internal", f"answer for id {answer_id!r} while waiting for {request_id}", method)

    # -- conveniences -----------------------------------------------------------------------

    def passes(self):
        """The catalog: a list of `Pass(index, name, pipeline)`, cached per client."""
        from .catalog import Pass
        if self._catalog is None:
            result = self.call("passes", timeout=min(self.timeout, 120.0))
            self._catalog = [Pass(p["index"], p["name"], p["pipeline"]) for p in result["passes"]]
        return self._catalog

    def open(self, path=None, ir=None, protocol="shipping", name=None, timeout=None):
        """Opens a `Session` on a file (.c/.cpp/.ll/.bc) or on IR text."""
        from .session import Session
        return Session.open(self, path=path, ir=ir, protocol=protocol, name=name, timeout=timeout)

    def close(self, timeout=10.0):
        """Asks the server to shut down, then makes sure it is gone. Safe to call twice."""
        if self._finalizer.alive and self.alive:
            try:
                self.call("shutdown", timeout=timeout)
            except Exception:
                pass
        self._finalizer()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        state = "running" if self.alive else "stopped"
        return f"<passlab.Client {self.binary} pid={self.pid} {state}>"
