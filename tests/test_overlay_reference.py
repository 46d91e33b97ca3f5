"""The overlay's golden files are what the real s6-overlay 3.2.3.2 does.

Each scenario of tests/overlay/scenarios boots in the container harness against a reference root (the
harness's base image with the real s6-overlay laid over it, built by tests/overlay/make-reference-root.sh
from the oracle build in /tmp/oracle) and must give its `expected`: the exit code, the normalised lines
and the scenario's order constraints. A handful run by default (each boot costs about 3 s, most of it
s6-overlay's fixed S6_KILL_GRACETIME); EXECPY_OVERLAY_ALL=1 runs all of them, EXECPY_OVERLAY_SCENARIOS=a,b
the named ones. The same runner will judge execpy's overlay against the same files.
"""

import os
import re
import shutil
import subprocess
import types

import pytest

from tests.overlay import runner

ORACLE_ROOT = "/tmp/oracle/s6-overlay-root"
MAKE_REF = os.path.join(runner.HERE, "make-reference-root.sh")
DEFAULT = ["exit-cmd-code", "stage-order", "exit-services-finish-halt", "with-contenv", "docker-stop-fast"]
SCENARIOS = {sc.name: sc for sc in runner.all_scenarios()}


def selected():
    if os.environ.get("EXECPY_OVERLAY_ALL") == "1":
        return sorted(SCENARIOS)
    names = os.environ.get("EXECPY_OVERLAY_SCENARIOS")
    return [n for n in names.split(",") if n] if names else DEFAULT


def why_not():
    if not os.path.isdir(ORACLE_ROOT):
        return "no real s6-overlay 3.2.3.2 build in %s (see tests/overlay/README.md)" % ORACLE_ROOT
    if os.geteuid() != 0:
        return "the container harness needs root"
    if not os.access(runner.HARNESS, os.X_OK):
        return "no container harness at %s" % runner.HARNESS
    if not (shutil.which("cc") or os.path.exists(os.path.join(
            os.environ.get("RC_WORKROOT", "/tmp/rc-harness"), "nslaunch"))):
        return "the harness needs cc to build nslaunch"
    return None


needs_oracle = pytest.mark.skipif(why_not() is not None, reason=why_not() or "")


def mounts():
    with open("/proc/self/mountinfo") as f:
        return sorted(re.sub(r"^\d+ \d+ ", "", line) for line in f)


@pytest.fixture(scope="module")
def reference_root(tmp_path_factory):
    dest = str(tmp_path_factory.mktemp("overlay-ref") / "root")
    subprocess.run(["sh", MAKE_REF, dest], check=True, timeout=120, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL)
    yield dest
    shutil.rmtree(os.path.dirname(dest), ignore_errors=True)


# --------------------------------------------------------------------------
# the corpus itself (no container)

def test_every_scenario_has_a_golden_file():
    assert len(SCENARIOS) >= 30
    for sc in SCENARIOS.values():
        expected = runner.load_expected(sc)
        assert sc.description, sc.name
        assert expected.exit is not None, "%s timed out when recorded" % sc.name
        # the order constraints hold in the recorded output
        assert runner.order_problems(expected.lines, sc.order) == [], sc.name


def test_default_selection_exists():
    assert set(DEFAULT) <= set(SCENARIOS)


def test_order_constraints_catch_an_inversion():
    chain = [[re.compile("^a$"), re.compile("^b$"), re.compile("^c$")]]
    assert runner.order_problems(["a", "x", "b", "c"], chain) == []
    assert runner.order_problems(["a", "c", "b"], chain) != []
    assert runner.order_problems(["a", "b"], chain) != []
    # a line named twice must occur twice
    twice = [[re.compile("^a$"), re.compile("^b$"), re.compile("^a$")]]
    assert runner.order_problems(["a", "b"], twice) != []
    assert runner.order_problems(["a", "b", "a"], twice) == []


PLAIN = types.SimpleNamespace(order=[], replace=[], repeats=[])


def test_normalisation_is_minimal():
    sc = PLAIN
    raw = (b"@400000006543a1b2c3d4e5f6 x\n2024-05-06 07:08:09.123456789  y\nup (pid 123) 4 seconds\n"
           b"/run/s6-rc:s6-rc-init:AbC123/servicedirs\nkept 42\ntail")
    assert runner.normalise(raw, sc) == [
        "@TAI64N x", "DATE  y", "up (pid PID) N seconds", "/run/s6-rc:s6-rc-init:XXXXXX/servicedirs",
        "kept 42", "tail [no newline]"]


def test_comparison_sees_lines_and_exit_codes():
    sc = PLAIN
    expected = runner.Expected(3, ["a", "b"])
    assert runner.compare(sc, expected, runner.Result(3, ["b", "a"], b"", 0, None)) == []
    assert runner.compare(sc, expected, runner.Result(0, ["a", "b"], b"", 0, None)) != []
    assert runner.compare(sc, expected, runner.Result(3, ["a", "b", "b"], b"", 0, None)) != []


# --------------------------------------------------------------------------
# the real s6-overlay gives the golden files

@needs_oracle
@pytest.mark.parametrize("name", selected())
def test_reference_matches_golden(name, reference_root):
    sc = SCENARIOS[name]
    before = mounts()
    result, _ = runner.run_reference(sc, reference_root, retries=1)
    problems = runner.compare(sc, runner.load_expected(sc), result)
    assert mounts() == before, "the container left a mount behind"
    assert not problems, "%s (%s):\n  %s\noutput:\n%s" % (
        name, sc.description, "\n  ".join(problems), "\n".join(result.lines))
