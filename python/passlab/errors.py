"""The one error family of the package: every failure a caller can catch is a `PassLabError`."""


class PassLabError(Exception):
    """Base of every error this package raises."""


class ServerError(PassLabError):
    """The server answered a request with a protocol error (`{"error": {"code", "message"}}`).

    `code` is one of the protocol's codes (`invalid_params`, `unknown_session`, `module_error`,
    `limit_exceeded`, ...), so callers can branch on it without parsing the message.
    """

    def __init__(self, code, message, method=None):
        self.code = code
        self.message = message
        self.method = method
        where = f" ({method})" if method else ""
        super().__init__(f"{code}{where}: {message}")


class ServerExited(PassLabError):
    """The server process is gone (it crashed, was killed, or could not start)."""


class RequestTimeout(PassLabError, TimeoutError):
    """No answer within the request's time-out; the late answer is dropped when it comes."""


class BinaryNotFound(PassLabError, FileNotFoundError):
    """No `passlab` executable: neither the `binary` argument, nor PASSLAB_BIN, nor PATH."""
