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


def render(argv):
    """The argv as execlineb source: block quoting turned back into braces."""
    out = []
    depth = 0
    for word in argv:
        body = word.lstrip(b" ")
        level = len(word) - len(body)
        if not body:  # a terminator: closes the block at depth level+1
            while depth < level + 1:
                out.append(b"{")
                depth += 1
            while depth > level:
                out.append(b"}")
                depth -= 1
            continue
        while depth < level:
            out.append(b"{")
            depth += 1
        while depth > level:
            out.append(b"}")
            depth -= 1
        out.append(shell_quote(body))
    out += [b"}"] * depth
    return b" ".join(out)


def trace(ctx, argv):
    width = ctx.env.get(b"EXECPY_TRACE_WIDTH", b"200")
    width = int(width) if width.isdigit() else 200
    line = render(argv)
    if width and len(line) > width:
        line = line[:width] + b" ..."
    write_stderr(b"+ " + line + b"\n")
