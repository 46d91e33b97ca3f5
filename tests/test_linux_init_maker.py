"""s6-linux-init-maker against C s6-linux-init 1.2.0.2: the base directory
(every entry's type, mode, owner and bytes), stderr and exit code, for the
option sets s6-overlay's stage0 uses and others, from the recordings in
tests/golden/linux_init/maker.json (live too where /tmp/oracle has the C
build). See tests/linux_init_golden.py."""

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import linux_init_golden as g  # noqa: E402

GOLDEN = g.load()
NAMES = [name for name, _ in g.CASES]


def test_the_recording_covers_every_case():
    assert sorted(GOLDEN) == sorted(NAMES)
    assert GOLDEN["overlay-default"]["tree"]["bin/init"][4].startswith("#!/tmp/oracle/bin/")


@pytest.mark.parametrize("name", NAMES)
def test_maker_matches_recording(name):
    want = GOLDEN[name]
    got = g.run_ours(want["args"])
    assert got["code"] == want["code"]
    assert got["stderr"] == want["stderr"]
    assert got["tree"] == want["tree"]


@pytest.mark.skipif(not g.have_oracle(), reason="C s6-linux-init not built in /tmp/oracle")
@pytest.mark.parametrize("name", ["overlay-T", "plain-many", "err-user"])
def test_maker_matches_c_live(name):
    args = dict(g.CASES)[name]
    assert g.run_ours(args) == g.run_c(args)


def test_default_layout_is_s6_overlays(tmp_path):
    """Without EXECPY_S6LI_PREFIXES the scripts name s6-overlay's
    slashpackage directories, as its own maker writes them."""
    skel = g.make_skel(str(tmp_path))
    out = str(tmp_path / "b")
    p = subprocess.run([os.path.join(g.ROOT, "bin", "s6-linux-init-maker"), "-NC", "-f", skel,
                        "-c", "/run/s6/basedir", out], capture_output=True, timeout=30,
                       env={"PATH": "/usr/bin:/bin"})
    assert p.returncode == 0, p.stderr
    with open(out + "/run-image/service/.s6-svscan/finish", "rb") as f:
        finish = f.read()
    assert finish.startswith(b"#!/package/admin/execline/command/execlineb -P\n\n"
                             b"/package/admin/s6/command/s6-envdir -- ")
    assert b"/package/admin/s6-linux-init/command/s6-linux-init-hpr -frn }" in finish
    assert os.readlink(out + "/bin/shutdown") == \
        "/package/admin/s6-linux-init/command/s6-linux-init-shutdown"


def test_failure_removes_the_half_made_directory(tmp_path):
    skel = g.make_skel(str(tmp_path))
    os.unlink(skel + "/rc.shutdown")
    out = str(tmp_path / "b")
    p = subprocess.run([os.path.join(g.ROOT, "bin", "s6-linux-init-maker"), "-C", "-f", skel, out],
                       capture_output=True, timeout=30, env={"PATH": "/usr/bin:/bin"})
    assert p.returncode == 111
    assert b"unable to copy " in p.stderr
    assert not os.path.exists(out)
