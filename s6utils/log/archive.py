"""A logdir's archives: ``@<tai64n>.s`` (rotated) and ``.u`` (found
unfinished) files, made by hard link and trimmed, oldest first, to the
logdir's n files and S bytes."""

import os

from s6utils.lib import tai


def is_archive(name):
    """An archive is @ + 24 hex digits (a valid TAI64N label) + .s or .u."""
    return (len(name) == 27 and name[25] == 0x2E and name[26] in (0x73, 0x75)
            and tai.scan_label(name[:25]) is not None)


def archive(ld, name, suffix):
    """Archive the logdir's file ``name`` as @<now>.<suffix>, then trim.
    Nothing to do if it is gone. Raises OSError."""
    x = ld.path(name)
    try:
        st = os.stat(x)
    except FileNotFoundError:
        return
    if st.st_nlink == 1:
        os.link(x, ld.dir + b"/" + tai.label_now() + b"." + suffix)
    os.unlink(x)
    trim(ld)


def trim(ld):
    """Unlink the oldest archives beyond ld.n files or ld.maxdirsize bytes."""
    names = []
    total = 0
    for entry in os.scandir(ld.dir):
        name = entry.name
        if not is_archive(name):
            continue
        try:
            size = entry.stat().st_size
        except OSError as e:
            ld.config.warnsys(b"stat " + ld.path(name), e.errno)
            continue
        names.append((name[1:26], name, size))
        total += size
    n = ld.n
    maxdirsize = ld.maxdirsize
    if len(names) <= n and (not maxdirsize or total <= maxdirsize):
        return
    names.sort()
    i = len(names)
    k = 0
    while i > n + k or (maxdirsize and total > maxdirsize):
        if k >= i:
            break
        name, size = names[k][1], names[k][2]
        try:
            os.unlink(ld.path(name))
            total -= size
        except OSError as e:
            if e.errno == 2:
                total -= size
            ld.config.warnsys(b"unlink " + ld.path(name), e.errno)
        k += 1
