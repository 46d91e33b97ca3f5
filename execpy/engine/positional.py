"""Positional parameters in the environment: execline's push and pop.

execlineb (without -p/-P/-S/-s) pushes the caller's frame before setting
``#``, ``0``, ``1``...: a variable whose name starts with ``#`` or a digit is
renamed NAME:1, and NAME:n becomes NAME:n+1. ``emptyenv -P`` and
``runblock`` pop: NAME is dropped and NAME:n becomes NAME:n-1 (NAME for 1).
Renamed variables keep their place in the environment.
"""

_FIRST = frozenset(b"#0123456789")


def _renamed(name, delta):
    """New name for a positional variable, False to drop it, None to keep it."""
    colon = name.find(b":", 1)
    if colon < 0:
        return name + b":1" if delta > 0 else False
    digits = name[colon + 1:]
    if not digits.isdigit():
        return None
    n = int(digits) + delta
    if n < 0:
        return None
    if n == 0:
        return name[:colon]
    return name[:colon] + b":" + str(n).encode()


def push(env):
    """Return a new environment with the positional frame pushed."""
    out = {}
    for name, value in env.items():
        if name[:1] and name[0] in _FIRST:
            new = _renamed(name, 1)
            out[name if new is None else new] = value
        else:
            out[name] = value
    return out


def pop(env):
    """Return a new environment with the current positional frame dropped."""
    out = {}
    for name, value in env.items():
        if name[:1] and name[0] in _FIRST:
            colon = name.find(b":", 1)
            if colon >= 0 and name[colon + 1:].isdigit() and int(name[colon + 1:]) == 0:
                out[name] = value
                continue
            new = _renamed(name, -1)
            if new is False:
                continue
            out[name if new is None else new] = value
        else:
            out[name] = value
    return out


def positionals(env):
    """The current frame as a list [$1, ..., $n] (None when # is unset or bad)."""
    count = env.get(b"#")
    if count is None or not count.isdigit():
        return None
    return [env.get(str(i).encode()) for i in range(1, int(count) + 1)]
