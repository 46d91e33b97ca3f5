"""envfile: read ``key = value`` lines from a file into the environment, go on.

The file syntax (the envfile manual page): blank lines and ``#`` comments
are skipped; whitespace around keys, ``=`` and unquoted values is dropped;
a value may hold double-quoted parts with C escapes (``\\n``, ``\\x41``,
``\\101``...); a backslash-newline continues a line. A NUL produced by an
escape ends the value there and what follows it is read as a further
assignment (or, without ``=``, as a variable to unset), as the C program's
buffer of modifications does.
"""

import os

from execpy.engine import Exec
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail, Usage

PROG = b"envfile"
USAGE = b"envfile [ -i | -I ] file prog..."
HERE = True  # core.run_here may run it in the block's process
OPENS = True  # not where a lock is held (core.run_here)

_BLANK = b" \t\f\r"
_ESCAPES = {0x61: 7, 0x62: 8, 0x74: 9, 0x6E: 10, 0x76: 11, 0x66: 12, 0x72: 13}
_HEX = b"0123456789abcdefABCDEF"
_OCT = b"01234567"


class SyntaxErr(Exception):
    def __init__(self, line):
        super().__init__(line)
        self.line = line


def parse(data):
    """The modifications ``data`` asks for, as the bytes of a NUL-separated
    list of ``key=value`` (the same buffer the C program builds). Raises
    SyntaxErr with the line number."""
    out = bytearray()
    line = 1
    state = "line"
    mark = 0
    for c in data + b"\0":   # a NUL in the file ends it, as the end does
        if state == "line":
            if c == 0:
                break
            if c == 0x23:
                state = "comment"
            elif c == 0x0A:
                line += 1
            elif c in _BLANK:
                pass
            elif c in b"=\\\"'?":
                raise SyntaxErr(line)
            else:
                out.append(c)
                state = "key"
        elif state == "comment":
            if c == 0:
                break
            if c == 0x0A:
                line += 1
                state = "line"
        elif state in ("key", "afterkey"):
            if c == 0x3D:
                out.append(c)
                state = "before"
            elif c in _BLANK:
                state = "afterkey"
            elif state == "afterkey" or c in b"\0\n\\\"'?":
                raise SyntaxErr(line)
            else:
                out.append(c)
        elif state in ("before", "value", "space"):
            if c == 0 or c == 0x0A:
                if state == "space":
                    del out[mark:]
                out.append(0)
                if c == 0:
                    break
                line += 1
                state = "line"
            elif c in _BLANK:
                if state == "value":
                    mark = len(out)
                    state = "space"
                if state == "space":
                    out.append(c)
            elif c == 0x5C:
                state = "backslash"
            elif c == 0x22:
                state = "quoted"
            else:
                out.append(c)
                state = "value"
        elif state == "backslash":
            if c == 0x0A:
                line += 1
                state = "value"
            elif c in _BLANK or c in b"\\\"":
                out.append(c)
                state = "value"
            else:
                raise SyntaxErr(line)
        elif state == "quoted":
            if c == 0 or c == 0x0A:
                raise SyntaxErr(line)
            if c == 0x5C:
                state = "qbackslash"
            elif c == 0x22:
                state = "value"
            else:
                out.append(c)
        elif state == "qbackslash":
            if c == 0:
                raise SyntaxErr(line)
            state = "quoted"
            if c == 0x0A:
                line += 1
            elif c in _ESCAPES:
                out.append(_ESCAPES[c])
            elif c == 0x78:
                state = "hex1"
            elif c in _OCT:
                mark = len(out)
                out.append(c)
                state = "oct1"
            else:
                out.append(c)
        elif state in ("hex1", "hex2"):
            if c == 0 or c not in _HEX:
                raise SyntaxErr(line)
            out.append(c)
            if state == "hex1":
                state = "hex2"
            else:
                out[-2:] = bytes((int(out[-2:], 16),))
                state = "quoted"
        else:  # oct1, oct2: one or two octal digits since mark
            if c == 0 or c == 0x0A:
                raise SyntaxErr(line)
            if c in _OCT:
                out.append(c)
                if state == "oct1":
                    state = "oct2"
                    continue
                _octal_byte(out, mark)
                state = "quoted"
                continue
            _octal_byte(out, mark)
            if c == 0x5C:
                state = "qbackslash"
            elif c == 0x22:
                state = "value"
            else:
                out.append(c)
                state = "quoted"
    else:
        raise SyntaxErr(line)  # not reached: the final NUL always ends it
    return bytes(out)


def _octal_byte(out, mark):
    out[mark:] = bytes((int(out[mark:], 8) & 0xFF,))


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"iI", USAGE)
    strict = not opts or opts[-1][0] == b"i"
    if len(argv) - i < 2:
        raise Usage(USAGE)
    path = argv[i]
    if path == b"-":
        name, fd = b"standard input", 0
    else:
        name = path
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError as e:
            if strict or e.errno != 2:
                raise SysFail(b"open " + name, e) from None
            fd = None
    if fd is not None:
        try:
            data = _read(fd, name)
        finally:
            os.close(fd)  # even stdin: the C program closes what it read
        try:
            modifs = parse(data)
        except SyntaxErr as e:
            raise Die(1, b"in " + name + b": syntax error line %d" % e.line) from None
        for item in modifs.split(b"\0")[:-1]:
            key, eq, value = item.partition(b"=")
            ctx.apply({key: value if eq else None})
    return Exec(argv[i + 1:])


def _read(fd, name):
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except InterruptedError:
            continue
        except OSError as e:
            raise SysFail(b"read from " + name, e) from None
        if not data or b"\0" in data:
            chunks.append(data)
            return b"".join(chunks)
        chunks.append(data)
