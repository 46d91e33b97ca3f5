"""The options later execline (2.9.6.0 to 2.9.9.2, as s6-overlay 3.2.3.2
ships it) added to two substitution directives, layered over the engine's
2.9.3.0 directives (execpy.engine.directives) without changing them:

- ``importas -S envvar``: import a variable under its own name;
- ``elglob -d delim [ -n ]``: the matches as one word, each followed by the
  first byte of delim (-n: not the last one), or with ``-d ""`` encoded as
  netstrings.

Each rewrites its words into the 2.9.3.0 form, runs the engine's
directive, and returns how many of the original words it used.
"""

from execpy.engine import directives
from execpy.engine.directives import DirectiveError
from execpy.engine.options import BadOption, getopt


def _getopt(argv, optstring):
    try:
        return getopt(argv, optstring)
    except BadOption:
        raise DirectiveError("usage") from None


def _words(opts, drop):
    out = []
    for letter, arg in opts:
        if letter in drop:
            continue
        out.append(b"-" + letter)
        if arg is not None:
            out.append(arg)
    return out


def importas(ctx, argv, sub):
    opts, i = _getopt(argv, b"SiuD:NnsCcd:")
    if not any(letter == b"S" for letter, _ in opts):
        return directives.importas(ctx, argv, sub)
    if len(argv) - i < 1:
        raise DirectiveError("usage")
    words = argv[:1] + _words(opts, (b"S",)) + [b"--", argv[i]]
    directives.importas(ctx, words, sub, 1)
    return i + 1


def elglob(ctx, argv, sub):
    opts, i = _getopt(argv, b"vwsme0nd:")
    delim = None
    chomp = False
    for letter, arg in opts:
        if letter == b"d":
            delim = arg
        elif letter == b"n":
            chomp = True
    words = argv[:1] + _words(opts, (b"n", b"d")) + [b"--"] + argv[i:i + 2]
    directives.elglob(ctx, words, sub)
    if delim is not None:
        key = argv[i]
        paths = sub.values[key]
        if delim:
            sep = delim[:1]
            value = b"".join(p + sep for p in paths)
            if chomp and value:
                value = value[:-1]
        else:
            value = b"".join(b"%d:%s," % (len(p), p) for p in paths)
        sub.values[key] = [value]
    return i + 2


NEWER_DIRECTIVES = {b"importas": importas, b"elglob": elglob}
