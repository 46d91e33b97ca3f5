"""export-array (execline 2.9.9.x): put the words of a block into one
variable, as netstrings (or each followed by the first byte of -d delim),
and go on. ``importas -Ssd "" VAR`` splits them again."""

from execpy.engine import Exec
from execpy.engine.blocks import read_block
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, Usage

PROG = b"export-array"
USAGE = b"export-array [ -d delim ] variable { value-list } prog..."


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"d:", USAGE)
    delim = None
    for _, arg in opts:
        delim = arg[:1]
    if len(argv) - i < 2:
        raise Usage(USAGE)
    var = argv[i]
    if b"=" in var:
        raise Die(100, b"invalid variable name: " + var)
    block, rest = read_block(ctx, argv, i + 1)
    if not block:
        raise Die(100, b"empty block")
    if rest >= len(argv):
        raise Usage(USAGE)
    if delim:
        value = b"".join(word + delim for word in block)
    else:
        value = b"".join(b"%d:%s," % (len(word), word) for word in block)
    return Exec(argv[rest:], {var: value})
