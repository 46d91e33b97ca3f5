"""s6's chain-loaders: in-process in a chain, standalone from sh, and the
edge cases the conformance files do not reach (every account of this
machine, random envdirs, lock lifetimes).

Where Debian's s6 is installed, results are compared with it directly.
"""

import grp
import os
import pwd
import shutil
import subprocess
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings

from tests import strategies
from tests.conftest import BIN, REAL_EXECLINE

REAL_S6 = "/usr/bin"
HAVE_REAL = os.path.exists(REAL_S6 + "/s6-envuidgid") and os.path.exists(REAL_EXECLINE + "/execlineb")
needs_real = pytest.mark.skipif(not HAVE_REAL, reason="Debian's s6 and execline are not installed")
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root")

EXECLINEB = os.path.join(BIN, "execlineb")
OURS_PATH = BIN + ":/usr/bin:/bin"
REAL_PATH = REAL_EXECLINE + ":/usr/bin:/bin"


def run(argv, path=OURS_PATH, env=None, **kw):
    e = {"PATH": path}
    if env:
        e.update(env)
    kw.setdefault("timeout", 20)
    return subprocess.run(argv, env=e, capture_output=True, **kw)


def script(text, path=OURS_PATH, env=None, **kw):
    execlineb = EXECLINEB if path == OURS_PATH else REAL_EXECLINE + "/execlineb"
    return run([execlineb, "-Pc", text], path=path, env=env, **kw)


# --------------------------------------------------------------------------
# one process from the first chain-loader to the program

def _strace_execs(argv, env):
    """Successful execve calls made while running ``argv`` (strace -f)."""
    with tempfile.NamedTemporaryFile() as log:
        subprocess.run(["strace", "-f", "-qq", "-e", "trace=execve", "-o", log.name] + argv,
                       env=env, capture_output=True, timeout=30, check=True)
        with open(log.name, "rb") as f:
            lines = f.read().splitlines()
    return [ln for ln in lines if b"execve(" in ln and ln.rstrip().endswith(b"= 0")]


@needs_root
def test_chain_keeps_one_pid():
    """s6-envuidgid + s6-applyuidgid + the program: one PID, the script's."""
    p = subprocess.Popen(
        [EXECLINEB, "-Pc", "s6-envuidgid daemon s6-applyuidgid -U /bin/sh -c \"echo $$ $(id -u)\""],
        env={"PATH": OURS_PATH}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate(timeout=20)
    assert p.returncode == 0, err
    pid, uid = out.split()
    assert int(pid) == p.pid
    assert uid == b"1"


@needs_root
@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_chain_starts_no_new_interpreter():
    """The only programs exec'd are the script's interpreter and the final
    program: the chain-loaders ran inside the interpreter."""
    execs = _strace_execs(
        [EXECLINEB, "-Pc", "s6-envdir -I /nonexistent s6-softlimit -o 100 s6-setsid "
                           "s6-envuidgid daemon s6-applyuidgid -Uz /bin/true"],
        {"PATH": OURS_PATH})
    assert len(execs) == 2, execs
    assert b"/bin/true" in execs[1]


@needs_root
@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_setuidgid_standalone_is_one_interpreter():
    execs = _strace_execs([os.path.join(BIN, "s6-setuidgid"), "nobody", "/bin/true"],
                          {"PATH": OURS_PATH})
    assert len(execs) == 2, execs


@needs_root
def test_setuidgid_standalone_keeps_pid_and_drops_privileges():
    p = subprocess.Popen(
        [os.path.join(BIN, "s6-setuidgid"), "nobody", "/bin/sh", "-c",
         "echo $$; grep -E '^(Uid|Gid|Groups)' /proc/self/status"],
        env={"PATH": OURS_PATH}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate(timeout=20)
    lines = out.decode().splitlines()
    assert int(lines[0]) == p.pid
    nobody = pwd.getpwnam("nobody")
    assert lines[1].split()[1:] == [str(nobody.pw_uid)] * 4
    assert lines[2].split()[1:] == [str(nobody.pw_gid)] * 4


def test_chain_loader_error_names_the_running_step():
    r = script("s6-setuidgid no-such-user-here true")
    assert r.returncode == 1
    assert r.stderr == b"s6-envuidgid: fatal: unknown user: no-such-user-here\n"


# --------------------------------------------------------------------------
# every account of this machine, against the real s6-envuidgid

def _envuidgid(impl, args):
    path = OURS_PATH if impl == "ours" else REAL_PATH
    tool = os.path.join(BIN, "s6-envuidgid") if impl == "ours" else REAL_S6 + "/s6-envuidgid"
    r = run([tool] + args + ["/usr/bin/env", "-u", "PATH"], path=path)
    return r.returncode, r.stdout, r.stderr


@needs_real
@pytest.mark.parametrize("name", sorted({p.pw_name for p in pwd.getpwall()}))
def test_envuidgid_every_user(name):
    for opts in ([], ["-u"], ["-B"], ["-n"]):
        assert _envuidgid("ours", opts + [name]) == _envuidgid("real", opts + [name])


@needs_real
@pytest.mark.parametrize("name", sorted({g.gr_name for g in grp.getgrall()}))
def test_envuidgid_every_group(name):
    assert _envuidgid("ours", ["-g", name]) == _envuidgid("real", ["-g", name])
    assert _envuidgid("ours", ["-B", "root:" + name]) == _envuidgid("real", ["-B", "root:" + name])


@needs_real
@needs_root
@pytest.mark.parametrize("name", sorted({p.pw_name for p in pwd.getpwall()})[:12])
def test_setuidgid_every_user_same_credentials(name):
    show = ["/bin/sh", "-c", "grep -E '^(Uid|Gid|Groups)' /proc/self/status"]
    ours = run([os.path.join(BIN, "s6-setuidgid"), name] + show)
    real = run([REAL_S6 + "/s6-setuidgid", name] + show, path=REAL_PATH)
    assert (ours.returncode, ours.stdout, ours.stderr) == (real.returncode, real.stdout, real.stderr)


# --------------------------------------------------------------------------
# s6-envdir on random directories, against the real one

def _fill(root, tree):
    d = os.path.join(root, "d")
    os.mkdir(d)
    for name, data in tree.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
    return d


def _envdir(impl, opts, d):
    tool = os.path.join(BIN, "s6-envdir") if impl == "ours" else REAL_S6 + "/s6-envdir"
    path = OURS_PATH if impl == "ours" else REAL_PATH
    r = run([tool] + opts + [d, "/usr/bin/env", "-0", "-u", "PATH"], path=path,
            env={"KEEP": "1", "A": "old", "b": "old"})
    return r.returncode, r.stdout, r.stderr


@needs_real
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=strategies.envdir_trees, opts=strategies.envdir_options)
def test_envdir_matches_real(tree, opts):
    with tempfile.TemporaryDirectory() as root:
        d = _fill(root, tree)
        assert _envdir("ours", opts, d) == _envdir("real", opts, d)


def test_envdir_bytes_pass_through():
    with tempfile.TemporaryDirectory() as root:
        d = _fill(root, {"V": b"\xff\xfe caf\xc3\xa9\0x\n"})
        r = run([os.path.join(BIN, "s6-envdir"), d, "/usr/bin/env", "-0"])
        assert b"V=\xff\xfe caf\xc3\xa9\nx\0" in r.stdout


def test_envdir_in_process_reads_the_chain_environment():
    """s6-envdir's changes are seen by the next builtin of the chain."""
    with tempfile.TemporaryDirectory() as root:
        d = _fill(root, {"X": b"from-dir\n"})
        r = script("s6-envdir %s importas -D unset x X s6-echo $x" % d)
        assert r.stdout == b"from-dir\n", r.stderr


# --------------------------------------------------------------------------
# locks

def test_setlock_lock_lives_as_long_as_the_program():
    with tempfile.TemporaryDirectory() as root:
        lk = os.path.join(root, "lk")
        holder = subprocess.Popen(
            [os.path.join(BIN, "s6-setlock"), lk, "/bin/sh", "-c", "echo held; read x"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={"PATH": OURS_PATH})
        try:
            assert holder.stdout.readline() == b"held\n"
            busy = run([os.path.join(BIN, "s6-setlock"), "-n", lk, "true"])
            assert busy.returncode == 1
            assert b"Device or resource busy" in busy.stderr
            timed = run([os.path.join(BIN, "s6-setlock"), "-t", "100", lk, "true"])
            assert timed.returncode == 1
            assert timed.stderr == b"s6-setlock: fatal: unable to acquire lock: Connection timed out\n"
        finally:
            holder.stdin.close()
            holder.wait(10)
            holder.stdout.close()
        free = run([os.path.join(BIN, "s6-setlock"), "-n", lk, "true"])
        assert free.returncode == 0


def test_setlock_timed_leaves_no_alarm_behind():
    """The -t timer is cancelled and SIGALRM restored before the program runs."""
    with tempfile.TemporaryDirectory() as root:
        r = run([os.path.join(BIN, "s6-setlock"), "-t", "200", os.path.join(root, "lk"),
                 "/bin/sh", "-c", "sleep 0.5; echo alive; grep SigIgn /proc/self/status"])
        assert r.returncode == 0, r.stderr
        assert r.stdout.startswith(b"alive\n")


@needs_real
def test_setlock_interlocks_with_real_s6():
    with tempfile.TemporaryDirectory() as root:
        lk = os.path.join(root, "lk")
        holder = subprocess.Popen([REAL_S6 + "/s6-setlock", lk, "/bin/sh", "-c", "echo held; read x"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        try:
            assert holder.stdout.readline() == b"held\n"
            assert run([os.path.join(BIN, "s6-setlock"), "-n", lk, "true"]).returncode == 1
            assert run([os.path.join(BIN, "s6-setlock"), "-nr", lk, "true"]).returncode == 1
        finally:
            holder.stdin.close()
            holder.wait(10)
            holder.stdout.close()


# --------------------------------------------------------------------------
# helpers, directly

def test_numscan_like_skalibs():
    from execpy.engine.numscan import oscan0, scan, scan0, scan_list
    assert scan(b"12a") == (12, 2)
    assert scan(b"4294967296") == (429496729, 9)
    assert scan(b"4294967295") == (4294967295, 10)
    assert scan0(b"") is None and scan0(b"01") == 1 and scan0(b"1 ") is None
    assert oscan0(b"0755") == 0o755 and oscan0(b"8") is None
    assert scan_list(b"3,,4:5;6 7\t8x9") == ([3, 4, 5, 6, 7, 8], 12)
    assert scan_list(b",3") == ([], 0)
    assert scan_list(b"3,4294967296") == ([3, 429496729, 6], 12)


@pytest.mark.parametrize("gid,gids,expected", [
    (5, [], [5]),
    (5, [5, 6], [5, 6]),
    (5, [6, 5, 7], [5, 6, 7]),
    (5, [6, 7], [5, 6, 7]),
])
def test_setgroups_and_gid_puts_gid_first(monkeypatch, gid, gids, expected):
    from s6utils.lib import accounts
    seen = []
    monkeypatch.setattr(accounts.os, "setgroups", seen.append)
    accounts.setgroups_and_gid(gid, gids)
    assert seen == [expected]


def test_envuidgid_scan_defaults():
    from s6utils.s6.s6_envuidgid import scan_defaults
    assert scan_defaults(b"1:2:3,4") == (1, 2, [3, 4])
    assert scan_defaults(b"::5") == (0, 0, [5])
    assert scan_defaults(b"1") == (1, 0, [])
    assert scan_defaults(b"1:2:") == (1, 2, [])
    for bad in (b"", b"x", b"1x:2", b"1:2x", b"1:2:a", b"1:2:,3"):
        assert scan_defaults(bad) is None, bad


def test_applyuidgid_bad_env_is_not_a_traceback():
    r = run([os.path.join(BIN, "s6-applyuidgid"), "-U", "true"], env={"UID": "1", "GID": "2", "GIDLIST": "\xe9"})
    assert r.returncode == 100
    assert r.stderr == b"s6-applyuidgid: fatal: invalid $GIDLIST\n"


def test_fghack_builtin_program_runs_in_the_child():
    r = script("s6-fghack s6-echo hi")
    assert (r.returncode, r.stdout) == (0, b"hi\n"), r.stderr


def test_maximumtime_leaves_no_child_behind_on_success():
    r = run([os.path.join(BIN, "s6-maximumtime"), "2000", "/bin/sh", "-c", "exit 7"])
    assert r.returncode == 7
