"""s6-grep: print the lines of stdin that match a POSIX basic regular
expression (-E: extended, -F: a fixed string), like a small grep. -i
ignores case, -v inverts, -c prints only the count, -n numbers the lines,
-q prints nothing. Exit 0 if a line was selected, else 1. Input is read to
the end even with -q. A line is matched up to its first NUL byte, as
regexec and strstr see it."""

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail, Usage
from execpy.engine.fdio import read_chunk, write_all

PROG = b"s6-grep"
USAGE = b"s6-grep [ -E | -F ] [ -i ] [ -c ] [ -n ] [ -q ] [ -v ] pattern"


def _matcher(pattern, flags):
    if b"F" in flags:
        if b"i" in flags:
            needle = pattern.lower()
            return lambda s: needle in s.lower()
        return lambda s: pattern in s
    from execpy.engine import posixre
    extended = b"E" in flags
    icase = b"i" in flags

    def match(s):
        try:
            return posixre.match(pattern, s, extended=extended, icase=icase) is not None
        except posixre.RegexError as e:
            what = b"compile" if e.compiling else b"match"
            raise Die(111, b"unable to " + what + b" regular expression: " + e.msg) from None
    match(b"")  # a bad pattern dies before any input is read
    return match


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"EFicnqv", USAGE)
    flags = {letter for letter, _ in opts}
    if i >= len(argv):
        raise Usage(USAGE)
    match = _matcher(argv[i], flags)
    invert = b"v" in flags
    quiet = b"q" in flags
    count_only = b"c" in flags
    number = b"n" in flags
    count = 0
    num = 0
    pending = b""
    eof = False
    while not eof:
        try:
            data = read_chunk(0)
        except OSError as e:
            raise SysFail(b"read from stdin", e)
        if data:
            pending += data
            cut = pending.rfind(b"\n") + 1
            lines, pending = pending[:cut], pending[cut:]
        else:
            eof = True
            lines, pending = (pending + b"\n" if pending else b""), b""
        out = []
        for line in (lines[:-1].split(b"\n") if lines else ()):
            num += 1
            if match(line.split(b"\0", 1)[0]) != invert:
                count += 1
                if not quiet and not count_only:
                    out.append((b"%d:" % num if number else b"") + line + b"\n")
        if out:  # flushed before the next read, as buffer_0f1 does
            try:
                write_all(1, b"".join(out))
            except OSError as e:
                raise SysFail(b"write to stdout", e)
    if count_only and not quiet:
        try:
            write_all(1, b"%d\n" % count)
        except OSError as e:
            raise SysFail(b"write to stdout", e)
    return Exit(0 if count else 1)
