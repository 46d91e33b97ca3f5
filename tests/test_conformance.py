"""Every conformance case, run against the real binaries and against execpy."""

import os

import pytest

from tests.conformance import harness

CASES = harness.all_cases()


def _params():
    for case in CASES:
        for impl in ("real", "execpy"):
            marks = []
            if case.only and case.only != impl:
                continue
            yield pytest.param(case, impl, id="%s-%s" % (impl, case.id), marks=marks)


@pytest.mark.parametrize("case,impl", list(_params()))
def test_case(case, impl):
    if impl == "real" and not os.path.exists(harness.REAL_EXECLINE + "/execlineb"):
        if os.environ.get("CI"):
            pytest.fail("Debian's execline is not installed")
        pytest.skip("Debian's execline is not installed (apt-get install execline)")
    stdout, stderr, status = harness.run_case(case, impl)
    assert (stdout, stderr, status) == (case.stdout, case.stderr, case.status)
