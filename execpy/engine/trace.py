"""EXECPY_TRACE=1: print every step of a chain on stderr, like ``sh -x``."""

from execpy.errors import write_stderr

_SAFE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_")


def shell_quote(word):
    if word and all(c in _SAFE for c in word):
        return word
    return b"'" + word.replace(b"'", b"'\\''") + b"'"


def trace(ctx, argv):
    write_stderr(b"+ " + b" ".join(shell_quote(w) for w in argv) + b"\n")
