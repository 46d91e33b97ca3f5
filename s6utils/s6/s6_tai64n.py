"""s6-tai64n: prefix every line of stdin with a TAI64N label and a space.

A line is written once it is complete; at the end of stdin an unfinished
line gets its newline. Input is read in large chunks and all the complete
lines of a chunk are written at once, before the next read may block, so
nothing waits in a buffer while the input is idle. The lines of one chunk
share one reading of the clock. Arguments are ignored, as s6-tai64n does.
"""


from execpy.engine.core import Exit
from execpy.engine.fdio import stdin_line_batches, write_stdout
from s6utils.lib import tai

PROG = b"s6-tai64n"
USAGE = b"s6-tai64n"
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)
CHUNK = 65536


def main(ctx, argv):
    for chunk, complete in stdin_line_batches(CHUNK):
        head = tai.label_now() + b" "
        if complete:
            write_stdout(head + chunk[:-1].replace(b"\n", b"\n" + head) + b"\n")
        else:
            write_stdout(head + chunk + b"\n")
    return Exit(0)
