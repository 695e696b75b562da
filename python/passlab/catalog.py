"""The searchable pass catalog, as the server numbers it (the action indices of `step`)."""

import collections

Pass = collections.namedtuple("Pass", "index name pipeline")
Pass.__doc__ = "One catalog entry: `index` is the action index, `pipeline` the opt -p text with its adaptor."

_cache = {}


def catalog(client=None, binary=None):
    """The catalog of the given client, or of a short-lived server (cached per executable)."""
    if client is not None:
        return list(client.passes())
    from .client import Client, find_binary
    path = find_binary(binary)
    if path not in _cache:
        with Client(path, timeout=120.0) as temporary:
            _cache[path] = list(temporary.passes())
    return list(_cache[path])
