"""case: exec the block whose regular expression (or shell pattern) matches.

Matching is done by the C library's regcomp/regexec and fnmatch (see
execpy.engine.posixre), with the flags execline uses: each regex is
compiled as ``^regex$`` with REG_NEWLINE, so an alternation is anchored on
its ends only and ^/$ also match at newlines inside the value, exactly as
with the real command.
"""

from execpy.engine import Exec
from execpy.engine.blocks import read_block_or_none
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, Usage

PROG = b"case"
USAGE = (b"case [ -s | -S ] [ -e | -E ] [ -n | -N ] [ -i ] value"
         b" { re1 { prog1... } re2 { prog2... } ... } progdefault... ")
HERE = True  # core.run_here may run it in the block's process


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"sSeEnNi", USAGE)
    shell = False
    extended = True
    nosub = True
    icase = False
    for (letter, _) in opts:
        if letter == b"s":
            shell = True
        elif letter == b"S":
            shell = False
        elif letter == b"e":
            extended = False
        elif letter == b"E":
            extended = True
        elif letter == b"N":
            nosub = False
        elif letter == b"n":
            nosub = True
        else:
            icase = True
    if len(argv) - i < 2:
        raise Usage(USAGE)
    value = argv[i]
    block, rest = read_block_or_none(ctx, argv, i + 1)
    if block is None:
        raise Die(100, b"unterminated case block")
    from execpy.engine import posixre
    j = 0
    while j < len(block):
        expr = block[j]
        j += 1
        if j == len(block):
            raise Die(100, b"malformed case block")
        prog, end = read_block_or_none(ctx, block, j)
        if prog is None:
            raise Die(100, b"unterminated regex block")
        if shell:
            flags = (0 if extended else posixre.FNM_NOESCAPE) \
                | (posixre.FNM_PERIOD if icase else 0) \
                | (0 if nosub else posixre.FNM_PATHNAME)
            r = posixre.fnmatch(expr, value, flags)
            if r == 0:
                return Exec(prog)
            if r != posixre.FNM_NOMATCH:
                ctx.warn(b"invalid fnmatch pattern: " + expr)
        else:
            try:
                groups = posixre.match(b"^" + expr + b"$", value, extended=extended,
                                       icase=icase, newline=True, groups=not nosub)
            except posixre.RegexError as e:
                if e.compiling:
                    # execline names the block's first word here, not the regex
                    first = prog[0] if prog else b""
                    raise Die(111 if e.espace else 100, b": unable to regcomp \"^" + first
                              + b"$\": " + e.msg) from None
                raise Die(111, b": unable to match string \"" + value + b"\" against regex \""
                          + expr + b"\": " + e.msg) from None
            if groups is not None:
                if nosub:
                    return Exec(prog)
                env = {b"#": b"%d" % len(groups), b"0": expr}
                for k, g in enumerate(groups, 1):
                    env[b"%d" % k] = g
                return Exec(prog, env)
        j = end
    return Exec(argv[rest:])
