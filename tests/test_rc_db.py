"""s6-rc-db against C s6-rc-db 0.7.0.0, in both directions of the interchange.

Every query (tests/rc_golden.py: lists, type, timeouts, contents,
dependencies both ways, pipeline, scripts, flags, atomics, closures, -e,
bad usage) is answered by execpy's s6-rc-db on the database C compiled
(restored from the recording) and on the one execpy compiled, and must be
what C s6-rc-db answered. Broken copies of a database give C's messages and
codes (where C dies of a signal, execpy says the cdb is invalid). Where C
is installed, C s6-rc-db also answers every query on execpy's databases.
"""

import fcntl
import os
import random
import struct
import subprocess

import pytest

from tests import rc_golden as g
from tests import rc_trees

VALID = g.load("valid")
BROKEN = g.load("broken")
oracle = pytest.mark.skipif(not g.have_oracle(), reason="C s6-rc is not built in /tmp/oracle")


def _answers(run, golden, cwd):
    return g.query_results(run, [q[0] for q in golden["queries"]], cwd)


def _assert_same(got, golden):
    for mine, theirs in zip(got, golden):
        assert "Traceback" not in mine[2]
        assert mine == theirs
    assert len(got) == len(golden)


@pytest.mark.parametrize("name", sorted(VALID))
def test_execpy_reads_the_database_c_compiled(tmp_path, name):
    g.restore(VALID[name]["db"], str(tmp_path / "db"))
    _assert_same(_answers(g.run_execpy, VALID[name], str(tmp_path)), VALID[name]["queries"])


@pytest.mark.parametrize("name", sorted(VALID))
def test_execpy_reads_the_database_it_compiled(tmp_path, name):
    tree = rc_trees.VALID[name]
    rc_trees.materialize(tree["files"], str(tmp_path))
    assert g.run_execpy("s6-rc-compile", tree["argv"], str(tmp_path))[2] == 0
    _assert_same(_answers(g.run_execpy, VALID[name], str(tmp_path)), VALID[name]["queries"])


@pytest.mark.parametrize("breakage", sorted(BROKEN))
def test_broken_database_gives_c_messages(tmp_path, breakage):
    g.restore(VALID[g.BROKEN_TREE]["db"], str(tmp_path / "db"))
    g.BREAKAGES[breakage](str(tmp_path / "db"))
    got = g.query_results(g.run_execpy, [q[0] for q in BROKEN[breakage]], str(tmp_path))
    for mine, theirs in zip(got, BROKEN[breakage]):
        if theirs[3] < 0:  # C read past its map and died of a signal
            assert mine[1:] == ["", "s6-rc-db: fatal: invalid cdb in db/resolve.cdb\n", 4]
        else:
            assert mine == theirs
    assert len(got) == len(BROKEN[breakage])


def test_live_directory_option_and_default(tmp_path):
    g.restore(VALID["minimal"]["db"], str(tmp_path / "db"))
    os.mkdir(tmp_path / "live")
    os.symlink("../db", tmp_path / "live" / "compiled")
    direct = g.run_execpy("s6-rc-db", ["-c", "db", "list", "all"], str(tmp_path))
    assert g.run_execpy("s6-rc-db", ["-l", "live", "list", "all"], str(tmp_path)) == direct
    assert g.run_execpy("s6-rc-db", ["--livedir=live", "list", "all"], str(tmp_path)) == direct
    # -c wins over -l
    assert g.run_execpy("s6-rc-db", ["-l", "nowhere", "-c", "db", "list", "all"],
                        str(tmp_path)) == direct
    out, err, code = g.run_execpy("s6-rc-db", ["-l", "nowhere", "check"], str(tmp_path))
    assert (out, code) == (b"", 111)
    assert err == (b"s6-rc-db: fatal: unable to take lock on nowhere/compiled: "
                   b"No such file or directory\n")


def _bin(impl):
    return os.path.join(g.ROOT, "bin", "s6-rc-db") if impl == "py" else g.C_BIN + "/s6-rc-db"


IMPLS = ["py", pytest.param("c", marks=oracle)]


@pytest.mark.parametrize("impl", IMPLS)
def test_lock_held_by_a_writer(tmp_path, impl):
    """A compiler holding the database's lock: fail at once, or wait (-b)."""
    g.restore(VALID["minimal"]["db"], str(tmp_path / "db"))
    fd = os.open(tmp_path / "db" / "lock", os.O_RDWR)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX)
        p = subprocess.run([_bin(impl), "-c", "db", "list", "all"], cwd=str(tmp_path),
                           capture_output=True, timeout=30)
        assert (p.stdout, p.returncode) == (b"", 111)
        assert p.stderr == b"s6-rc-db: fatal: unable to take lock on db: Resource busy\n"
        waiter = subprocess.Popen([_bin(impl), "-b", "-c", "db", "type", "hello"],
                                  cwd=str(tmp_path), stdout=subprocess.PIPE)
        try:
            with pytest.raises(subprocess.TimeoutExpired):
                waiter.wait(0.5)
        finally:
            fcntl.lockf(fd, fcntl.LOCK_UN)
            assert waiter.communicate(timeout=30)[0] == b"oneshot\n"
    finally:
        os.close(fd)


def test_launcher_runs_the_query_tool(tmp_path):
    g.restore(VALID["pipelines"]["db"], str(tmp_path / "db"))
    p = subprocess.run([_bin("py"), "-c", "db", "pipeline", "p1"], cwd=str(tmp_path),
                       capture_output=True, timeout=30)
    golden = [q for q in VALID["pipelines"]["queries"] if q[0] == ["-c", "db", "pipeline", "p1"]]
    assert [g.enc(p.stdout), g.enc(p.stderr), p.returncode] == golden[0][1:]
    assert p.stdout == b"p1/mid\np2/mid\nmid/last\n"


@oracle
@pytest.mark.parametrize("name", sorted(VALID))
def test_c_reads_the_database_execpy_compiled(tmp_path, name):
    tree = rc_trees.VALID[name]
    rc_trees.materialize(tree["files"], str(tmp_path))
    assert g.run_execpy("s6-rc-compile", tree["argv"], str(tmp_path))[2] == 0
    _assert_same(_answers(g.run_c, VALID[name], str(tmp_path)), VALID[name]["queries"])


FUZZ_QUERIES = [["check"], ["list", "bundles"], ["contents", "user"], ["script", "init-config"],
                ["pipeline", "svc-app"], ["all-dependencies", "top"], ["-d", "dependencies", "base"]]


def _cdb_records_fit(data):
    """Whether every record a C lookup or traversal can reach lies inside
    the file: if not, C reads past its map (a crash or garbage)."""
    size = len(data)
    starts = set()
    if size < 2048:
        return False
    eod = struct.unpack_from("<I", data, 0)[0]
    pos = 2048
    while eod >= 8 and pos <= eod - 8:
        starts.add(pos)
        if pos + 8 > size:
            return False
        pos += 8 + sum(struct.unpack_from("<II", data, pos))
    for b in range(256):
        hpos, nslots = struct.unpack_from("<II", data, 8 * b)
        for k in range(min(nslots, max(0, (size - hpos) // 8))):
            starts.add(struct.unpack_from("<I", data, hpos + 8 * k + 4)[0])
    return all(p == 0 or p + 8 > size or p + 8 + sum(struct.unpack_from("<II", data, p)) <= size
               for p in starts)


def _touches_producers(top, positions):
    """Whether a damaged byte of `db` is in a longrun's producer count or
    offset, which C follows without checking."""
    with open(os.path.join(top, "n"), "rb") as f:
        nshort, nlong, stringlen, nargvs, ndeps, nprod = struct.unpack(">6I", f.read())
    first = 15 + stringlen + 8 * ndeps + 4 * nprod
    return any(first <= p < first + 45 * nlong and 36 <= (p - first) % 45 < 44 for p in positions)


@pytest.mark.parametrize("target", ["db", "resolve.cdb"])
def test_random_damage_never_breaks_the_reader(tmp_path, target):
    """Bytes of a good database overwritten at random: execpy answers or
    fails with one of s6-rc-db's exit codes, never an internal error; where
    C is installed and its behaviour is defined (it does not read outside
    what it mapped), it answers the same."""
    rng = random.Random(target)
    g.restore(VALID[g.BROKEN_TREE]["db"], str(tmp_path / "good"))
    with open(tmp_path / "good" / target, "rb") as f:
        good = f.read()
    compared = 0
    for round_ in range(80):
        data = bytearray(good)
        positions = [rng.randrange(len(data)) for _ in range(rng.randint(1, 4))]
        for p in positions:
            data[p] = rng.randrange(256)
        top = tmp_path / str(round_)
        g.restore(VALID[g.BROKEN_TREE]["db"], str(top / "db"))
        with open(top / "db" / target, "wb") as f:
            f.write(data)
        queries = [["-c", "db"] + q for q in FUZZ_QUERIES]
        mine = g.query_results(g.run_execpy, queries, str(top))
        for q, out, err, code in mine:
            assert code in (0, 3, 4, 5, 111) and "internal error" not in err, (q, err)
        if not g.have_oracle():
            continue
        if target == "resolve.cdb" and not _cdb_records_fit(bytes(data)):
            continue
        unchecked = target == "db" and _touches_producers(str(top / "db"), positions)
        for m, c in zip(mine, g.query_results(g.run_c, queries, str(top))):
            if not (unchecked and m[0][2] in ("check", "pipeline")):
                assert m == c, (positions, m, c)
                compared += 1
    assert compared > 300 or not g.have_oracle(), compared
