"""EXECPY_TRACE=1: print every step of a chain on stderr, like ``sh -x``.

A step is shown as the rest of the chain when it starts, with blocks put
back into braces (``foreground { echo hi } echo done``) and the line cut
after EXECPY_TRACE_WIDTH bytes (default 200; 0 for no limit), so that a long
script traces in linear, not quadratic, space.
"""

from execpy.errors import write_stderr

_SAFE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_$")


def shell_quote(word):
    if word and all(c in _SAFE for c in word):
        return word
    return b"'" + word.replace(b"'", b"'\\''") + b"'"


def blocks(words):
    """The block structure of an argv: a list of words (bytes) and blocks
    (lists, with their quoting removed). A run of words that start with a
    space is a block only if an empty word ends it; otherwise the spaces are
    the words' own."""
    out = []
    i, n = 0, len(words)
    while i < n:
        w = words[i]
        if w[:1] == b" ":
            j = i
            while j < n and words[j][:1] == b" ":
                j += 1
            if j < n and words[j] == b"":
                out.append(blocks([x[1:] for x in words[i:j]]))
                i = j + 1
                continue
        out.append(w)
        i += 1
    return out


def _render(tree, out):
    for item in tree:
        if isinstance(item, list):
            out.append(b"{")
            _render(item, out)
            out.append(b"}")
        else:
            out.append(shell_quote(item))
    return out


def render(argv):
    """The argv as execlineb source: block quoting turned back into braces."""
    return b" ".join(_render(blocks(argv), []))


def trace(ctx, argv):
    width = ctx.env.get(b"EXECPY_TRACE_WIDTH", b"200")
    width = int(width) if width.isdigit() else 200
    line = render(argv)
    if width and len(line) > width:
        line = line[:width] + b" ..."
    write_stderr(b"+ " + line + b"\n")
