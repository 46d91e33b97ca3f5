"""s6-rc-fdholder-filler: make one pipe per name read on stdin (the
consumers listed in s6rc-fdholder's data/autofilled) and give both ends to
the fd-holder server connected on fd 6 (s6-ipcclient's), as
``pipe:s6rc-r-NAME`` and ``pipe:s6rc-w-NAME``, never expiring.

stdin holds one name a line; blanks (space, tab, CR) before it are
skipped, a line starting with ``#`` is a comment, and the rest of the line
(blanks and ``#`` included) is the name; a NUL ends the input. The limits
are "forever" plus 2i nanoseconds (read end) and 2i+1 (write end) for the
i-th name, so that each is unique, as in s6-rc 0.7.0.0. With -1 a newline
is written to stdout when done.
"""

import errno
import os

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.engine.numscan import scan0
from execpy.engine.fdio import read_all
from execpy.errors import Usage
from s6utils.lib import fdholder
from s6utils.rc.errtext import SysFail

PROG = b"s6-rc-fdholder-filler"
USAGE = b"s6-rc-fdholder-filler [ -1 ] [ -t timeout ] < autofilled-filename"
PREFIX = b"pipe:s6rc-r-"


def parse_names(data):
    """The names in the autofilled text, in order."""
    data = data.split(b"\0", 1)[0]
    names = []
    for line in data.split(b"\n"):
        line = line.lstrip(b" \t\r")
        if line and not line.startswith(b"#"):
            names.append(line)
    return names


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"1t:", USAGE)
    notify = False
    t = 0
    for letter, arg in opts:
        if letter == b"1":
            notify = True
        else:
            t = scan0(arg)
            if t is None:
                raise Usage(USAGE)
    try:
        names = parse_names(read_all(0))
    except OSError as e:
        raise SysFail(b"read from stdin", e) from None
    if names:
        os.close(0)
        fill(names, fdholder.deadline_in(t))
    if notify:
        try:
            os.write(1, b"\n")
        except OSError:
            pass
    return Exit(0)


def fill(names, deadline):
    base = fdholder.limit_in(0)
    dump = []
    try:
        for i, name in enumerate(names):
            if len(name) + 12 > fdholder.ID_SIZE:
                raise SysFail(b"create identifier for " + name, errno.ENAMETOOLONG)
            try:
                r, w = os.pipe2(os.O_CLOEXEC)
            except OSError as e:
                raise SysFail(b"create pipe", e) from None
            limit = fdholder.tain_add(base, 0, 2 * i)
            dump.append((PREFIX + name, r, limit))
            dump.append((b"pipe:s6rc-w-" + name, w, fdholder.tain_add(limit, 0, 1)))
        client = fdholder.Client(6)
        try:
            client.setdump(dump, deadline)
        except OSError as e:
            raise SysFail(b"transfer pipes", e) from None
    finally:
        fdholder.close_fds(fd for _, fd, _ in dump)
