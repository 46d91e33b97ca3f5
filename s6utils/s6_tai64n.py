"""s6-tai64n: prefix every line of stdin with a TAI64N label and a space.

A line is written once it is complete; at the end of stdin an unfinished
line gets its newline. Input is read in large chunks and all the complete
lines of a chunk are written at once, before the next read may block, so
nothing waits in a buffer while the input is idle. The lines of one chunk
share one reading of the clock. Arguments are ignored, as s6-tai64n does.
"""


from execpy.engine.core import Exit
from execpy.engine.fdio import read_stdin, write_stdout
from s6utils import tai

PROG = b"s6-tai64n"
USAGE = b"s6-tai64n"
CHUNK = 65536


def main(ctx, argv):
    partial = b""
    while True:
        data = read_stdin(CHUNK)
        if not data:
            break
        buf = partial + data if partial else data
        k = buf.rfind(b"\n")
        if k < 0:
            partial = buf
            continue
        partial = buf[k + 1:]
        head = tai.label_now() + b" "
        write_stdout(head + buf[:k].replace(b"\n", b"\n" + head) + b"\n")
    if partial:
        write_stdout(tai.label_now() + b" " + partial + b"\n")
    return Exit(0)
