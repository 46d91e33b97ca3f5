"""EXECPY_TRACE=1: print every step of a chain on stderr, like ``sh -x``.
EXECPY_TRACE=time: the same, each line after the CLOCK_MONOTONIC time (in
seconds) and the pid, for a timeline of a boot.

A step is shown as the rest of the chain when it starts, with blocks put
back into braces (``foreground { echo hi } echo done``) and the line cut
after EXECPY_TRACE_WIDTH bytes (default 200; 0 for no limit). The braces
are found without recursion and without copying words (``tokens``), and
rendering stops at the width, so a deep script traces in time and space
bounded by the width, not by the script.
"""

from execpy.errors import write_stderr

_SAFE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_$")

OPEN, CLOSE, WORD = 0, 1, 2


def shell_quote(word):
    if word and all(c in _SAFE for c in word):
        return word
    return b"'" + word.replace(b"'", b"'\\''") + b"'"


def _shape(argv):
    """(leading spaces, length) of every word of ``argv``."""
    shape = getattr(argv, "shape", None)
    if shape is not None:
        return shape()
    lens = [len(w) for w in argv]
    return [n - len(w.lstrip(b" ")) for n, w in zip(lens, argv)], lens


def tokens(argv):
    """The block structure of an argv, as (OPEN, None), (CLOSE, None) and
    (WORD, word with its block quoting removed). A run of words that start
    with a space is a block only if an empty word ends it; otherwise the
    spaces are the words' own. Iterative: any depth."""
    leads, lens = _shape(argv)
    stack = []  # (stop, strip) of the blocks being walked
    i, stop, strip = 0, len(leads), 0
    while True:
        if i >= stop:
            if not stack:
                return
            yield CLOSE, None
            i = stop + 1  # past the terminator
            stop, strip = stack.pop()
            continue
        if leads[i] > strip:
            j = i + 1
            while j < stop and leads[j] > strip:
                j += 1
            if j < stop and lens[j] == strip:  # ended by an empty word: a block
                yield OPEN, None
                stack.append((stop, strip))
                stop, strip = j, strip + 1
                continue
            for k in range(i, j):  # spaces of their own
                yield WORD, argv[k][strip:]
            i = j
            continue
        yield WORD, argv[i][strip:]
        i += 1


def render(argv, width=0):
    """The argv as execlineb source: block quoting turned back into braces,
    cut after ``width`` bytes (with `` ...``) when width is not 0."""
    out = []
    size = -1
    for kind, word in tokens(argv):
        item = b"{" if kind == OPEN else b"}" if kind == CLOSE else shell_quote(word)
        out.append(item)
        size += len(item) + 1
        if width and size > width:
            return b" ".join(out)[:width] + b" ..."
    return b" ".join(out)


def trace(ctx, argv):
    write_stderr(trace_line(ctx, argv))


def trace_line(ctx, argv):
    """The line trace prints for ``argv`` (newline included)."""
    width = ctx.env.get(b"EXECPY_TRACE_WIDTH", b"200")
    width = int(width) if width.isdigit() else 200
    head = b"+ "
    if ctx.env.get(b"EXECPY_TRACE") == b"time":  # a timeline: CLOCK_MONOTONIC, pid
        import os
        import time
        head = b"+ %.3f %d " % (time.monotonic(), os.getpid())
    return head + render(argv, width) + b"\n"
