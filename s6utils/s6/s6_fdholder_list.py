"""s6-fdholder-list: print the identifiers an fd-holder server holds, one
a line, quoted as skalibs' string_quote_nodelim_mustquote does."""

from execpy.engine import Exit
from execpy.errors import SysFail, Usage
from s6utils.lib import fdholder
from s6utils.s6.s6_fdholder_store import numeric_options, request

PROG = b"s6-fdholder-list"
USAGE = b"s6-fdholder-list [ -t timeout ] socket"


def quote(s):
    """skalibs' string_quote_nodelim_mustquote with no delimiter: \\a..\\r
    for 7..13, \\\\ for a backslash, \\0xHH for other controls and bytes
    above 126; everything else (double quotes too) as is."""
    out = bytearray()
    for c in s:
        if 7 <= c <= 13:
            out += b"\\" + b"abtnvfr"[c - 7:c - 6]
        elif c == 0x5C:
            out += b"\\\\"
        elif c < 32 or c >= 127:
            out += b"\\0x%02x" % c
        else:
            out.append(c)
    return bytes(out)


def main(ctx, argv):
    opts, i = numeric_options(argv, b"t:", USAGE)
    args = argv[i:]
    if not args:
        raise Usage(USAGE)
    ids = request(args[0], fdholder.deadline_in(opts.get(b"t", 0)), b"get fd list",
                  fdholder.Client.list)
    out = b"".join(quote(x) + b"\n" for x in ids)
    from execpy.engine.fdio import write_all
    try:
        write_all(1, out)
    except OSError as e:
        raise SysFail(b"write to stdout", e) from None
    return Exit(0)
