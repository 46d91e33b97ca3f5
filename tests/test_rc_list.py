"""s6-rc's queries (help, list, listall, diff) against C s6-rc 0.7.0.0.

A live directory is laid out by hand around C's compile of an image-like
tree (overlay-app: bundles, a pipeline, oneshots), in several states:
some services up, some wanted up by their supervisors (supervise/status),
broken state files. In each, every query (with -a, -u, -d, -D, -e, -E,
names and bundles, bad names, bad options) is answered by execpy's s6-rc
and must be what C s6-rc answered (tests/golden/rc/list.json, recorded by
``python3 tests/test_rc_list.py --record``; live against C where present).
"""

import json
import os
import struct
import sys

import pytest

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests import rc_golden as g  # noqa: E402

GOLDEN = os.path.join(g.GOLDEN, "list.json")
TREE = "overlay-app"

NAMES = ["base", "user", "top", "svc-app", "svc-app-log", "app-pipeline", "init-config",
         "s6rc-oneshot-runner", "legacy-services"]

QUERIES = ([["help"], ["-a", "list"], ["list"], ["-d", "list"], ["-a", "-d", "list"],
            ["-a", "listall"], ["-a", "-d", "listall"], ["-a", "-e", "listall"],
            ["-a", "-D", "listall"], ["-D", "-u", "-a", "listall"], ["-D", "-E", "-a", "listall"],
            ["-e", "-D", "-a", "list"], ["diff"], ["-a", "diff"], ["--no-lock", "diff"],
            ["list", "nosuch"], ["listall", "base", "nosuch"], ["nothing"], [],
            ["-v", "x", "list"], ["-n", "x", "list"], ["-t", "x", "list"], ["-x", "list"],
            ["--add", "--down", "list"], ["--livedir=elsewhere", "list"],
            ["--livedir=elsewhere", "--no-lock", "list"], ["-l", "db", "--no-lock", "diff"]]
           + [q + [n] for n in NAMES for q in (["list"], ["-d", "list"], ["listall"],
                                               ["-d", "listall"], ["-a", "listall"],
                                               ["-e", "-d", "listall"])]
           + [["listall"] + NAMES, ["-d", "listall"] + NAMES, ["list"] + NAMES])

STATUS = struct.Struct(">QLQLQHB")


def layout(top, state, wanted, missing_status=()):
    """A live directory TOP/live for C's compile of TREE at TOP/db: ``state``
    maps service numbers to state bytes, ``wanted`` is the set of longrun
    numbers whose supervisor wants them up."""
    g.restore(g.load("valid")[TREE]["db"], os.path.join(top, "db"))
    live = os.path.join(top, "live")
    os.makedirs(os.path.join(live, "servicedirs"))
    os.symlink("../db", os.path.join(live, "compiled"))
    with open(os.path.join(top, "db", "n"), "rb") as f:
        nshort, nlong = struct.unpack(">6I", f.read())[:2]
    with open(os.path.join(live, "lock"), "wb"):
        pass
    if state is not None:
        with open(os.path.join(live, "state"), "wb") as f:
            f.write(bytes(state.get(k, 0) for k in range(nshort + nlong))
                    if isinstance(state, dict) else state)
    db = _db_names(top)
    for k in range(nlong):
        if db[k] in missing_status:
            continue
        sup = os.path.join(live, "servicedirs", db[k], "supervise")
        os.makedirs(sup)
        with open(os.path.join(sup, "status"), "wb") as f:
            f.write(STATUS.pack(0, 0, 0, 0, 0, 0, 4 if k in wanted else 0))


def _db_names(top):
    """Service names by number, read from the database itself."""
    from s6utils.rc import db as dbfile
    fd = os.open(os.path.join(top, "db"), os.O_RDONLY)
    try:
        db = dbfile.load(fd, b"db", b"db")
    finally:
        os.close(fd)
    return [db.name(k).decode() for k in range(db.n)]


# state bytes: bit 0 up, bit 1 wanted up (s6-rc's own)
SITUATIONS = {
    "all-down": ({}, set(), ()),
    "some-up": ({0: 1, 1: 1, 2: 3, 3: 1, 6: 1, 7: 3, 9: 1}, {0, 1, 3}, ()),
    "all-up": ({k: 1 for k in range(20)}, set(range(20)), ()),
    "status-missing": ({0: 1}, {0}, ("svc-app",)),
    "state-short": (b"\x01\x01", set(), ()),
    "state-missing": (None, set(), ()),
    "state-high-bits": ({k: 0xF1 for k in range(0, 20, 2)}, set(), ()),
}


def situation(name, run, top):
    state, wanted, missing = SITUATIONS[name]
    layout(top, state, wanted, missing)
    return g.query_results(run, [["-l", "live"] + q for q in QUERIES], top, "s6-rc")


@pytest.mark.parametrize("name", sorted(SITUATIONS))
def test_queries_answer_as_c_does(tmp_path, name):
    with open(GOLDEN) as f:
        golden = json.load(f)[name]
    got = situation(name, g.run_execpy, str(tmp_path))
    for mine, theirs in zip(got, golden):
        assert mine == theirs
    assert len(got) == len(golden)


@pytest.mark.skipif(not g.have_oracle(), reason="C s6-rc is not built in /tmp/oracle")
@pytest.mark.parametrize("name", sorted(SITUATIONS))
def test_recording_is_what_c_does_now(tmp_path, name):
    with open(GOLDEN) as f:
        assert situation(name, g.run_c, str(tmp_path)) == json.load(f)[name]


def record():
    import tempfile
    data = {}
    for name in sorted(SITUATIONS):
        with tempfile.TemporaryDirectory() as top:
            data[name] = situation(name, g.run_c, top)
    with open(GOLDEN, "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    if sys.argv[1:] != ["--record"] or not g.have_oracle():
        sys.exit("usage: test_rc_list.py --record (needs C s6-rc under %s)" % g.ORACLE)
    record()
