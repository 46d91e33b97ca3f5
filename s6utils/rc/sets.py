"""The prescriptions of a set and their consistency, as the s6-rc 0.7 set
commands check and fix them.

A set's services are listed from its four rx directories (masked,
usable, active, always, in that order, each in directory order), then
sorted by name. A prescription change is consistent when no service
depends on one in a lower rx (the dependents of services moved down must
follow them down, the dependencies of services moved up must follow them
up), and when masking keeps pipelines whole. The dependency graph is the
reference database's, read through s6-rc-db as C reads it.
"""

import os

from s6utils.rc.repo import RXNAMES, Failed, touch


class Sv:
    __slots__ = ("name", "rx")

    def __init__(self, name, rx):
        self.name, self.rx = name, rx


class SvList:
    """A set's services: ``byrx`` in rx order (``start[rx]`` is where each
    rx begins), ``byname`` sorted by name, ``index`` a name's position in
    ``byname``."""

    def __init__(self, r, setname):
        self.byrx = []
        self.start = []
        for rx in range(4):
            self.start.append(len(self.byrx))
            for name in r.list_dir(r.sources(setname, RXNAMES[rx])):
                self.byrx.append(Sv(name, rx))
        self.byname = sorted((Sv(s.name, s.rx) for s in self.byrx), key=lambda s: s.name)
        self.index = {s.name: i for i, s in enumerate(self.byname)}

    def of_rx(self, rx):
        end = self.start[rx + 1] if rx < 3 else len(self.byrx)
        return [s.name for s in self.byrx[self.start[rx]:end]]


def bad_rx(r, setname, names, newrx, what, svl):
    """s6rc_repo_badrx: the positions in ``svl.byname`` of the services
    that would break if ``names`` went to ``newrx``: their dependents
    above it (``what & 1``), their dependencies below it (``what & 2``),
    and, when masking or unmasking, the other members of their
    pipelines. Raises Failed."""
    full = []
    if newrx < 3 and what & 1:
        full += r.db_list([b"all-dependencies"] + list(names), [b"-d"])
    mid = len(full)
    if newrx > 0 and what & 2:
        full += r.db_list([b"all-dependencies"] + list(names), [b"-u"])
    given = set(names)
    bads = []
    for i, cur in enumerate(full):
        if cur in given:
            continue
        k = svl.index.get(cur)
        if k is None:
            r.fail_x(b"find service ", cur, b" in set ", setname, b" of repository ", r.path)
            raise Failed(111)
        rx = svl.byname[k].rx
        if (rx < newrx) if i >= mid else (rx > newrx):
            bads.append(k)
    if (not newrx and what & 1) or (newrx and what & 2):
        for cur in full:
            _bad_pipeline(r, setname, cur, svl, newrx, bads)
    return bads


def _bad_pipeline(r, setname, name, svl, newrx, bads):
    got = r.db_query([b"pipeline", name])
    prog = r.binprefix + b"s6-rc-db"
    if got is None or got[0] is None:
        raise Failed(111)
    code, out = got
    if code == 5:
        return
    if code:
        r.fatal(prog, b" exited with code ", b"%d" % code)
        raise Failed(code)
    for member in out.replace(b"/", b"\n").split(b"\n")[:-1] if out else []:
        if member == name:
            continue
        k = svl.index.get(member)
        if k is None:
            r.fail_x(b"find service ", member, b" in set ", setname, b" of repository ", r.path)
            raise Failed(111)
        if (not newrx) != (not svl.byname[k].rx) and k not in bads:
            bads.append(k)


def move(r, setname, services, newrx):
    """s6rc_repo_moveservices: move each (name, old rx) of ``services``
    to ``newrx`` and touch the set's stamp; raises Failed."""
    for name, rx in services:
        oldfn = r.sources(setname, RXNAMES[rx], name)
        newfn = r.sources(setname, RXNAMES[newrx], name)
        try:
            os.stat(newfn)
        except FileNotFoundError:
            pass
        except OSError as e:
            r.fail(b"access " + newfn, e)
            raise Failed(111) from None
        else:
            if r.verbosity >= 2:
                r.info(b"service ", name, b" already existed in rxset ", RXNAMES[newrx],
                       b" of set ", setname, b" in repository ", r.path)
        try:
            os.rename(oldfn, newfn)
        except OSError as e:
            r.fail(b"rename " + oldfn + b" to " + newfn, e)
            raise Failed(111) from None
        if r.verbosity >= 4:
            r.trace(b"in s6rc_repo_moveservices: repository ", r.path, b", set ", setname, b", from rxset ", RXNAMES[rx],
                    b" to rxset ", RXNAMES[newrx], b": successfully moved service ", name)
    if services:
        stamp = r.sources(setname, b".stamp")
        try:
            touch(stamp)
        except OSError as e:
            r.warn_fail(b"touch " + stamp, e)


FIX_UP, FIX_FORCE_ESSENTIAL, FIX_DRYRUN, FIX_CHECK = 1, 2, 4, 8


def fix_set(r, setname, options):
    """s6rc_repo_fixset: for each rx, from masked up, move the services
    that contradict it (downfix: dependents above it come down; with
    FIX_UP, dependencies below it go up). FIX_CHECK only reports whether
    anything would move (1). Returns C's code (0, 1, 111)."""
    try:
        svl = SvList(r, setname)
    except Failed:
        return 0
    if not svl.byname:
        return 0
    for rx in range(4):
        names = svl.of_rx(rx)
        if names:
            e = _fix_rx(r, setname, rx, names, svl, options)
            if e:
                return e
    return 0


def _fix_rx(r, setname, rx, names, svl, options):
    dry = b"(dry run) " if options & FIX_DRYRUN else b""
    try:
        bads = bad_rx(r, setname, names, rx, 2 if options & FIX_UP else 1, svl)
    except Failed:
        return 111
    if not bads:
        return 0
    if options & FIX_CHECK:
        return 1
    tomove = [(svl.byname[k].name, svl.byname[k].rx) for k in bads]
    for name, oldrx in tomove:
        if r.verbosity >= 2:
            r.info(dry, b"in set ", setname, b" of repository ", r.path, b": ",
                   b"moving service ", name, b" from ", RXNAMES[oldrx], b" to ", RXNAMES[rx])
        elif oldrx == 0 and r.verbosity:
            r.warn(dry, b"service ", name, b" will be unmasked by an upfix to ", RXNAMES[rx])
        elif rx == 0 and r.verbosity:
            r.warn(dry, b"service ", name, b" will be masked by a downfix to ", RXNAMES[rx])
        if oldrx == 3:
            if not options & FIX_FORCE_ESSENTIAL:
                what = (b"in set ", setname, b" of repository ", r.path, b": service ", name,
                        b" is marked as essential and cannot be downfixed "
                        b"(--no-force-essential)")
                if options & FIX_DRYRUN:
                    r.warn(dry, *what)
                else:
                    r.fatal(*what)
                    return 1
            elif r.verbosity:
                r.warn(dry, b"service ", name, b" will automatically be marked non-essential "
                       b"by a downfix to ", RXNAMES[rx])
    if not options & FIX_DRYRUN:
        try:
            move(r, setname, tomove, rx)
        except Failed:
            return 111
    for k in bads:
        svl.byname[k].rx = rx
    return 0
