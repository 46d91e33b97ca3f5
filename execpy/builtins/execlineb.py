"""execlineb: read a script, make it one argv, and run it."""

import os

from execpy.engine import Exec
from execpy.engine.options import parse_or_usage, uint0
from execpy.errors import Die, SysFail, Usage
from execpy.parser.lexer import ParseError, location, parse_argv

PROG = b"execlineb"
USAGE = (b"execlineb [ -p | -P | -S nmin | -s nmin ] [ -q | -w | -W ] "
         b"[ -c commandline ] script args")
HERE = True  # core.run_here may run it in the block's process
OPENS = True  # not where a lock is held (core.run_here)


def _read_script(path):
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError as e:
        raise SysFail(b"open " + path + b" for reading", e) from None
    chunks = []
    try:
        while True:
            data = os.read(fd, 65536)
            if not data:
                break
            chunks.append(data)
    except OSError as e:
        raise SysFail(b"parse script", e) from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def _located(ctx, source, script, pos):
    """The opt-in lines after a syntax error: file, line, column, caret."""
    flag = ctx.env.get(b"EXECPY_LOCATE") or ctx.env.get(b"EXECPY_TRACE")
    if not flag or flag == b"0":
        return b""
    line, col, text = location(script, pos)
    return (b"execlineb: info: at " + source + b" line %d column %d:\n" % (line, col)
            + b"  " + text + b"\n  " + b" " * (col - 1) + b"^\n")


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"pPqwWec:S:s:", USAGE)
    mode = b"push"
    nmin = 0
    strict_opt = None
    string = None
    for letter, arg in opts:
        if letter == b"p":
            mode = b"nopush"
        elif letter == b"P":
            mode = b"none"
        elif letter == b"q":
            strict_opt = 0
        elif letter == b"w":
            strict_opt = 1
        elif letter == b"W":
            strict_opt = 2
        elif letter == b"c":
            string = arg
        elif letter == b"e":  # execline 2.9.4.0: ignored (for programs that run $SHELL -ec)
            pass
        else:  # S or s
            nmin = uint0(arg)
            if nmin is None:
                raise Usage(USAGE)
            mode = letter
    args = argv[i:]
    dollar0 = argv[0]
    if string is None:
        if not args:
            raise Usage(USAGE)
        dollar0 = args[0]
        args = args[1:]
        script = _read_script(dollar0)
        source = dollar0
    else:
        script = string
        source = b"-c"
    try:
        words = parse_argv(script)
    except ParseError as e:
        raise Die(100, e.kind.encode(), _located(ctx, source, script, e.pos)) from None
    # env_make: a word holds no NUL, so the argv is the words as they are
    if not words:
        return Exec([])
    changes = {}
    if strict_opt is not None:
        changes[b"EXECLINE_STRICT"] = str(strict_opt).encode() if strict_opt else None
    if mode in (b"S", b"s"):
        strict = strict_opt
        if strict is None:
            value = ctx.env.get(b"EXECLINE_STRICT")
            strict = int(value) if value is not None and value.isdigit() else 1
        if strict and len(args) < nmin:
            msg = b"too few arguments: expecting at least %d but got %d" % (nmin, len(args))
            if strict > 1:
                raise Die(100, msg)
            ctx.warn(msg)
        from execpy.engine.subst import substitute
        n = max(len(args), nmin)
        values = {b"#": [b"%d" % len(args)], b"0": [dollar0]}
        padded = args + [b""] * (n - len(args))
        if mode == b"s":
            values[b"@"] = args[nmin:] if len(args) > nmin else []
        else:
            values[b"@"] = list(args)
        for k in range(n):
            values[b"%d" % (k + 1)] = [padded[k]]
        words = substitute(words, values)
        if not words:
            return Exec([])
    elif mode != b"none":
        if mode == b"push":
            from execpy.engine import positional
            ctx.env = positional.push(ctx.env)
        changes[b"#"] = b"%d" % len(args)
        changes[b"0"] = dollar0
        for k, a in enumerate(args):
            changes[b"%d" % (k + 1)] = a
    return Exec(words, changes)
