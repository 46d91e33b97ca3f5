"""The overlay's internal s6-rc services (overlay/etc/s6-rc/sources) and the
syslogd-overlay's definitions (overlay/syslogd), compiled the way rc.init
compiles them at boot, together with an image's own tree.

The goldens (tests/golden/overlay/sources.json) hold what C s6-rc-compile
0.7.0.0 and C s6-rc-db said on the *real* s6-overlay 3.2.3.2 sources (and
syslogd tree) plus the same sample trees: compile messages and code, and the
answer to every s6-rc-db query (lists, types, timeouts, contents,
dependencies both ways, pipelines, scripts, flags, closures). execpy's
s6-rc-compile and s6-rc-db on execpy's sources must give the same answers.
Where the reference root and C s6-rc are in /tmp/oracle, the two databases
are also compared byte for byte, and the source trees file for file.

``python3 tests/test_overlay_sources.py --record`` rewrites the golden.
"""

import hashlib
import json
import os
import shutil
import sys
import tempfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if os.path.dirname(HERE) not in sys.path:
    sys.path.insert(0, os.path.dirname(HERE))

from tests import rc_golden as g  # noqa: E402
from tests.rc_trees import materialize  # noqa: E402

OVERLAY = os.path.join(g.ROOT, "overlay")
SOURCES = os.path.join(OVERLAY, "etc", "s6-rc", "sources")
SYSLOGD = os.path.join(OVERLAY, "syslogd", "etc", "s6-overlay", "s6-rc.d")
REF_PKG = "/tmp/oracle/s6-overlay-root/package/admin/s6-overlay-3.2.3.2"
REF_SOURCES = REF_PKG + "/etc/s6-rc/sources"
REF_SYSLOGD = "/tmp/oracle/s6-overlay-3.2.3.2/output/syslogd-overlay-noarch/etc/s6-overlay/s6-rc.d"
GOLDEN = os.path.join(HERE, "golden", "overlay", "sources.json")


def _bundle(path, *names):
    files = {path + "/type": "bundle\n", path + "/contents.d": None}
    files.update({path + "/contents.d/" + n: "" for n in names})
    return files


def _oneshot(path, up, down=None, deps=()):
    files = {path + "/type": "oneshot\n", path + "/up": up}
    if down is not None:
        files[path + "/down"] = down
    files.update({path + "/dependencies.d/" + d: "" for d in deps})
    return files


def _longrun(path, run, deps=(), **extra):
    files = {path + "/type": "longrun\n", path + "/run": run}
    files.update({path + "/dependencies.d/" + d: "" for d in deps})
    files.update({path + "/" + k.replace("_", "-"): v for k, v in extra.items()})
    return files


# An image's tree as real images write it: oneshots and longruns that depend
# on base, a producer/consumer pipeline with a logger, timeouts, an
# essential flag, and a user2 member ordered after legacy-services.
USER_TREE = {}
USER_TREE.update(_oneshot("s6-rc.d/init-app", "/etc/s6-overlay/scripts/init-app\n",
                          "foreground { echo bye }\n", deps=["base"]))
USER_TREE.update(_longrun("s6-rc.d/app", "#!/command/execlineb -P\nwith-contenv app\n",
                          deps=["init-app"], notification_fd="3\n", timeout_up="5000\n",
                          timeout_down="2000\n", producer_for="app-log\n", flag_essential=""))
USER_TREE.update(_longrun("s6-rc.d/app-log", "#!/bin/sh\nexec logutil-service /var/log/app\n",
                          deps=["base"], consumer_for="app\n", pipeline_name="app-pipeline\n"))
USER_TREE.update(_oneshot("s6-rc.d/late", "echo late\n", deps=["legacy-services"]))
USER_TREE.update(_bundle("user-bundles.d/user", "init-app", "app-pipeline"))
USER_TREE.update(_bundle("user-bundles.d/user2", "late"))

EMPTY_TREE = {"s6-rc.d": None}
EMPTY_TREE.update(_bundle("user-bundles.d/user"))
EMPTY_TREE.update(_bundle("user-bundles.d/user2"))

# rc.init in legacy-bundle mode (the syslogd layer adds s6-rc.d/user): it
# writes user/type and user2/type, and compiles without a bundle dir
SYSLOGD_TREE = {"s6-rc.d/user/type": "bundle\n", "s6-rc.d/user2/type": "bundle\n",
                "s6-rc.d/user2/contents.d": None}

CASES = {
    "empty": (EMPTY_TREE, ["-v1", "--", "db", "s6-rc.d", "user-bundles.d", "sources"], False),
    "user": (USER_TREE, ["-v1", "--", "db", "s6-rc.d", "user-bundles.d", "sources"], False),
    "syslogd": (SYSLOGD_TREE, ["-v1", "--", "db", "s6-rc.d", "sources"], True),
}


def _lay(tmp, name, sources, syslogd):
    tree, argv, with_syslogd = CASES[name]
    if with_syslogd:
        shutil.copytree(syslogd, os.path.join(tmp, "s6-rc.d"), symlinks=True)
    materialize(tree, tmp)
    shutil.copytree(sources, os.path.join(tmp, "sources"), symlinks=True)
    return argv


def _compile_and_query(run, name, sources, syslogd):
    with tempfile.TemporaryDirectory() as tmp:
        argv = _lay(tmp, name, sources, syslogd)
        out, err, code = run("s6-rc-compile", argv, tmp)
        result = {"stdout": g.enc(out), "stderr": g.enc(err), "code": code}
        if code == 0:
            listing = run("s6-rc-db", ["-c", "db", "list", "all"], tmp)[0]
            result["queries"] = g.query_results(run, g.all_queries(g.names_of(listing)), tmp)
            result["db"] = g.snapshot(os.path.join(tmp, "db"))
        return result


def _load():
    with open(GOLDEN) as f:
        return json.load(f)


def _reference_ready():
    return g.have_oracle() and os.path.isdir(REF_SOURCES) and os.path.isdir(REF_SYSLOGD)


oracle = pytest.mark.skipif(not _reference_ready(), reason="the reference s6-overlay root is not in /tmp/oracle")


@pytest.mark.parametrize("name", sorted(CASES))
def test_execpy_compiles_the_sources_as_c_does_the_real_ones(name):
    golden = _load()[name]
    got = _compile_and_query(g.run_execpy, name, SOURCES, SYSLOGD)
    assert (got["stdout"], got["stderr"], got["code"]) == (golden["stdout"], golden["stderr"], golden["code"])
    assert golden["code"] == 0
    for mine, theirs in zip(got["queries"], golden["queries"]):
        assert mine == theirs
    assert len(got["queries"]) == len(golden["queries"])


def test_the_graph_is_spec_1_6():
    """The graph itself, in words: what rc.init and the users rely on."""
    q = {tuple(x[0][2:]): x[1] for x in _load()["user"]["queries"]}
    assert sorted(q[("contents", "base")].split()) == ["fix-attrs", "legacy-cont-init"]
    assert sorted(q[("contents", "top")].split()) == sorted(
        ["app", "app-log", "fix-attrs", "init-app", "late", "legacy-cont-init", "legacy-services"])
    assert sorted(q[("dependencies", "legacy-cont-init")].split()) == ["fix-attrs", "s6rc-oneshot-runner"]
    assert sorted(q[("dependencies", "legacy-services")].split()) == sorted(
        ["app", "app-log", "fix-attrs", "init-app", "legacy-cont-init", "s6rc-oneshot-runner"])
    assert q[("script", "legacy-cont-init")] == "/package/admin/s6-overlay-3.2.3.2/etc/s6-rc/scripts/cont-init\0"
    assert q[("-d", "script", "legacy-services")] == (
        "/package/admin/s6-overlay-3.2.3.2/etc/s6-rc/scripts/services-down\0")
    assert q[("type", "top")] == "bundle\n" and q[("type", "fix-attrs")] == "oneshot\n"


def _shape(db):
    """Each file of a database: path, kind, mode and a digest of its bytes
    (none for the syslogd run scripts, which are our own words)."""
    return [e[:3] + ["" if e[0].endswith("/run.user") else hashlib.sha256(e[3].encode()).hexdigest()]
            for e in db]


@pytest.mark.parametrize("name", sorted(CASES))
def test_execpy_db_is_c_db_of_the_real_sources_byte_for_byte(name):
    """The C database of the real sources, against execpy's of ours: the
    golden keeps each file's digest, not upstream's bytes."""
    golden = _load()[name]
    got = _compile_and_query(g.run_execpy, name, SOURCES, SYSLOGD)
    assert _shape(got["db"]) == golden["db_shape"]


@oracle
@pytest.mark.parametrize("name", sorted(CASES))
def test_live_c_on_real_sources_equals_execpy_on_ours(name):
    theirs = _compile_and_query(g.run_c, name, REF_SOURCES, REF_SYSLOGD)
    mine = _compile_and_query(g.run_execpy, name, SOURCES, SYSLOGD)
    # the syslogd run scripts are our own words: the same files, other text
    for r in (mine, theirs):
        r["db"] = [e[:3] if e[0].endswith("/run.user") else e for e in r["db"]]
    assert mine == theirs


@oracle
def test_live_source_trees_are_the_real_ones():
    """Type, up/down lines, dependencies and contents: file for file."""
    for ours, real in ((SOURCES, REF_SOURCES), (SYSLOGD, REF_SYSLOGD)):
        def listing(top):
            out = {}
            for d, _, files in os.walk(top):
                for f in files:
                    p = os.path.join(d, f)
                    rel = os.path.relpath(p, top)
                    if rel.endswith("/run"):
                        continue  # scripts: ours are our own (checked by running them)
                    with open(p, "rb") as fh:
                        out[rel] = fh.read()
            return out
        assert listing(ours) == listing(real)


def record():
    if not _reference_ready():
        sys.exit("needs C s6-rc and the reference s6-overlay tree in /tmp/oracle")
    data = {}
    for name in sorted(CASES):
        r = _compile_and_query(g.run_c, name, REF_SOURCES, REF_SYSLOGD)
        r["db_shape"] = _shape(r.pop("db"))
        data[name] = r
    os.makedirs(os.path.dirname(GOLDEN), exist_ok=True)
    with open(GOLDEN, "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    if sys.argv[1:] == ["--record"]:
        record()
    else:
        sys.exit("usage: test_overlay_sources.py --record")
