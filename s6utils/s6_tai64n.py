"""s6-tai64n: prefix every line of stdin with a TAI64N label and a space.

A line is written once it is complete; at the end of stdin an unfinished
line gets its newline. Input is read in large chunks and all the complete
lines of a chunk are written at once, before the next read may block, so
nothing waits in a buffer while the input is idle. The lines of one chunk
share one reading of the clock. Arguments are ignored, as s6-tai64n does.
"""

import os

from execpy.engine.core import Exit
from execpy.engine.fdio import read_chunk, write_all
from execpy.errors import SysFail
from s6utils import tai

PROG = b"s6-tai64n"
USAGE = b"s6-tai64n"
CHUNK = 65536


def _write(data):
    try:
        write_all(1, data)
    except OSError as e:
        raise SysFail(b"write to stdout", e) from None


def _read():
    try:
        return read_chunk(0, CHUNK)
    except OSError as e:
        raise SysFail(b"read from stdin", e) from None


def main(ctx, argv):
    partial = b""
    while True:
        data = _read()
        if not data:
            break
        buf = partial + data if partial else data
        k = buf.rfind(b"\n")
        if k < 0:
            partial = buf
            continue
        partial = buf[k + 1:]
        head = tai.label_now() + b" "
        _write(head + buf[:k].replace(b"\n", b"\n" + head) + b"\n")
    if partial:
        _write(tai.label_now() + b" " + partial + b"\n")
    return Exit(0)
