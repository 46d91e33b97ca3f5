"""s6-tai64nlocal [ -g ]: turn the TAI64N label that starts a line into
local time (UTC with -g), ``YYYY-MM-DD HH:MM:SS.nnnnnnnnn``.

A line is rewritten when it is longer than a label and starts with a valid
one that names a time after the epoch; any other line passes unchanged, an
unfinished last line included (without a newline added). Output is written
after every read, before the next one may block.
"""


from execpy.engine.core import Exit
from execpy.engine.fdio import stdin_line_batches, write_stdout
from execpy.engine.options import parse_or_usage
from s6utils.lib import tai

PROG = b"s6-tai64nlocal"
USAGE = b"s6-tai64nlocal [ -g ]"
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)
CHUNK = 65536


def convert(lines, gmt):
    """Rewrite each line (newline included, except maybe the last)."""
    out = []
    scan = tai.scan_label
    fmt = tai.localtmn
    size = tai.TIMESTAMP
    cache = {}
    for line in lines:
        if len(line) > size and line[0] == 0x40:
            key = line[:size]
            text = cache.get(key)
            if text is None and key not in cache:
                t = scan(key)
                text = fmt(t, gmt) if t is not None else None
                cache[key] = text
            if text is not None:
                out.append(text + line[size:])
                continue
        out.append(line)
    return b"".join(out)


def main(ctx, argv):
    opts, _ = parse_or_usage(argv, b"g", USAGE)
    gmt = bool(opts)
    for chunk, complete in stdin_line_batches(CHUNK):
        if complete:
            write_stdout(convert([x + b"\n" for x in chunk[:-1].split(b"\n")], gmt))
        else:
            write_stdout(convert([chunk], gmt))
    return Exit(0)
