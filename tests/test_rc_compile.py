"""s6-rc-compile against C s6-rc-compile 0.7.0.0 (s6-overlay 3.2.3.2's build).

Every tree of tests/rc_trees.py is compiled by execpy and must give C's
stdout, stderr and exit code, and a database identical to C's, file for
file and byte for byte (modes and symlinks included), as recorded in
tests/golden/rc/. Where the C programs are installed (/tmp/oracle), C is
also run live: on the same trees (so the recordings cannot go stale), on
s6-overlay's own sources merged with its user bundles, with another build
layout, and on random service graphs.
"""

import os
import subprocess

import pytest

from tests import rc_golden as g
from tests import rc_trees

VALID = g.load("valid")
ERRORS = g.load("errors")
oracle = pytest.mark.skipif(not g.have_oracle(), reason="C s6-rc is not built in /tmp/oracle")


def _compile(tmp_path, tree, run=g.run_execpy, env=None):
    rc_trees.materialize(tree["files"], str(tmp_path))
    if run is g.run_execpy:
        out, err, code = run("s6-rc-compile", tree["argv"], str(tmp_path), env)
    else:
        out, err, code = run("s6-rc-compile", tree["argv"], str(tmp_path))
    return g.enc(out), g.enc(err), code, g.snapshot(str(tmp_path / "db"))


def _check(result, golden):
    out, err, code, snap = result
    assert "Traceback" not in err and "internal error" not in err
    assert (out, err, code) == (golden["stdout"], golden["stderr"], golden["code"])
    assert snap == golden["db"]


@pytest.mark.parametrize("name", sorted(rc_trees.VALID))
def test_valid_tree_compiles_as_c_does(tmp_path, name):
    _check(_compile(tmp_path, rc_trees.VALID[name]), VALID[name])


@pytest.mark.parametrize("name", sorted(rc_trees.ERRORS))
def test_error_gives_c_message_and_code(tmp_path, name):
    _check(_compile(tmp_path, rc_trees.ERRORS[name]), ERRORS[name])


def test_the_recordings_cover_what_the_issue_lists():
    codes = {t["code"] for t in ERRORS.values()}
    assert codes == {0, 1, 100, 111}
    messages = "".join(t["stderr"] for t in ERRORS.values())
    for what in ("cyclic service dependency", "cyclic bundle definition", "undefined service name",
                 "duplicate service definition", "starts with reserved prefix",
                 "must be oneshot, longrun, or bundle", "unable to open src/a/up",
                 "unable to find a run script", "should only contain one service name",
                 "that does not declare it back", "syntax error in"):
        assert what in messages, what


def test_failure_after_writing_started_removes_the_database(tmp_path):
    tree = rc_trees.ERRORS["notification-lock-same"]
    out, err, code, snap = _compile(tmp_path, tree)
    assert code == 1 and snap is None


def test_layout_variable_moves_the_scripts_paths(tmp_path):
    env = {b"EXECPY_S6RC_PREFIXES": b"/el/:/s6/:/rc/"}
    _compile(tmp_path, rc_trees.VALID["pipelines"], env=env)
    with open(tmp_path / "db/servicedirs/s6rc-oneshot-runner/run", "rb") as f:
        runner = f.read()
    assert runner.startswith(b"#!/el/execlineb -s1\n/el/fdmove -c 2 1\n")
    assert b"/s6/s6-sudod -t 30000 --\n/rc/s6-rc-oneshot-run -l ../.. --\n" in runner
    with open(tmp_path / "db/servicedirs/mid/run", "rb") as f:
        assert f.read().startswith(b"#!/el/execlineb -S0\n/s6/s6-fdholder-retrieve ")


def test_launcher_runs_the_compiler(tmp_path):
    rc_trees.materialize(rc_trees.VALID["minimal"]["files"], str(tmp_path))
    p = subprocess.run([os.path.join(g.ROOT, "bin", "s6-rc-compile"), "db", "src"],
                       cwd=str(tmp_path), capture_output=True, timeout=30)
    assert (p.returncode, p.stderr) == (0, b"")
    assert g.snapshot(str(tmp_path / "db")) == VALID["minimal"]["db"]


# --------------------------------------------------------------------------
# live, against the C programs

@oracle
@pytest.mark.parametrize("name", sorted(rc_trees.VALID) + sorted(rc_trees.ERRORS))
def test_recording_is_what_c_does_now(tmp_path, name):
    tree = rc_trees.VALID.get(name) or rc_trees.ERRORS[name]
    golden = VALID.get(name) or ERRORS[name]
    _check(_compile(tmp_path, tree, g.run_c), golden)


def _overlay_sources():
    base = g.ORACLE + "/s6-overlay-root/package/admin"
    for entry in sorted(os.listdir(base)) if os.path.isdir(base) else []:
        if entry.startswith("s6-overlay-"):
            return os.path.join(base, entry, "etc/s6-rc/sources")
    return None


@oracle
@pytest.mark.skipif(_overlay_sources() is None, reason="no s6-overlay root in /tmp/oracle")
@pytest.mark.parametrize("image", ["overlay-app", "overlay-legacy"])
def test_real_overlay_sources_merged_with_an_image(tmp_path, image):
    """s6-overlay's own sources, from its release tarball, with an image's
    s6-rc.d and user-bundles.d, in rc.init's order."""
    results = []
    for impl, run in (("c", g.run_c), ("py", g.run_execpy)):
        top = tmp_path / impl
        top.mkdir()
        files = {k: v for k, v in rc_trees.VALID[image]["files"].items()
                 if k.startswith("s6-rc.d/")}
        rc_trees.materialize(files, str(top))
        argv = ["-v2", "--", "db", "s6-rc.d", _overlay_sources()]
        out, err, code = run("s6-rc-compile", argv, str(top))
        snap = g.snapshot(str(top / "db"))
        names = g.names_of(g.run_c("s6-rc-db", ["-c", "db", "list", "all"], str(top))[0])
        answers = g.query_results(run, g.all_queries(names), str(top))
        results.append((out, err, code, snap, answers))
    assert results[1][2] == 0
    assert results[0] == results[1]


@oracle
def test_other_layout_matches_a_c_build_with_that_layout(tmp_path):
    """/tmp/oracle/bin/s6-rc-compile was built with --prefix=/tmp/oracle."""
    env = {b"EXECPY_S6RC_PREFIXES": b"/tmp/oracle/bin/:/tmp/oracle/bin/:/tmp/oracle/libexec/"}
    tree = rc_trees.VALID["odd-names"]
    py = _compile(tmp_path / "py", tree, env=env)
    rc_trees.materialize(tree["files"], str(tmp_path / "c"))
    p = subprocess.run([g.C_BIN + "/s6-rc-compile"] + tree["argv"], cwd=str(tmp_path / "c"),
                       capture_output=True, timeout=30)
    assert (p.returncode, p.stderr) == (0, b"")
    assert py[3] == g.snapshot(str(tmp_path / "c" / "db"))
