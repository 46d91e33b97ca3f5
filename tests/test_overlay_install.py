"""`execpy overlay install`: the paths s6-overlay 3.2.3.2's tarballs lay, execpy's launchers behind
them, and s6-overlay-suexec (run outside a container, and as pid 1 in a PID namespace)."""

import os
import shutil
import subprocess
import sys

import pytest

from execpy import commands, overlay_install

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXECPY = os.path.join(ROOT, "bin", "execpy")
V = overlay_install.VERSION


def install(root, *args):
    p = subprocess.run([sys.executable, EXECPY, "overlay", "install", "--root", str(root)] + list(args),
                       capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr.decode()
    return p


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    r = tmp_path_factory.mktemp("overlay-install") / "root"
    install(r, "--symlinks")
    yield str(r)
    shutil.rmtree(str(r), ignore_errors=True)


def test_noarch_layout(root):
    assert os.access(os.path.join(root, "init"), os.X_OK)
    assert os.readlink(os.path.join(root, "package/admin/s6-overlay")) == "s6-overlay-" + V
    base = os.path.join(root, "package/admin/s6-overlay-" + V)
    for path in ("libexec/preinit", "libexec/stage0", "etc/s6-linux-init/skel/rc.init",
                 "etc/s6-linux-init/skel/rc.shutdown", "etc/s6-linux-init/skel/rc.shutdown.final",
                 "etc/s6-linux-init/skel/CMDSIG"):
        assert os.access(os.path.join(base, path), os.X_OK), path
    for name in overlay_install.overlay_scripts():
        link = os.path.join(root, "command", name)
        assert os.readlink(link) == "../package/admin/s6-overlay/command/" + name
        assert os.path.isfile(link)
    with open(os.path.join(root, "etc/s6-overlay/user-bundles.d/user/type")) as f:
        assert f.read() == "bundle\n"
    for d in ("etc/s6-overlay/s6-rc.d", "etc/s6-overlay/user-bundles.d/user/contents.d",
              "etc/s6-overlay/user-bundles.d/user2/contents.d"):
        assert os.path.isdir(os.path.join(root, d)), d
    # the syslogd tree is a tarball of its own
    assert not os.path.exists(os.path.join(base, "syslogd"))
    assert not os.path.exists(os.path.join(root, "etc/s6-overlay/s6-rc.d/syslogd"))


def test_every_command_has_its_paths(root):
    for name in commands.names():
        pkg = overlay_install.package_of(commands.TABLE[name.encode()])
        assert os.readlink(os.path.join(root, "command", name)) == \
            "../package/admin/%s/command/%s" % (pkg, name)
        launcher = os.path.realpath(os.path.join(root, "command", name))
        assert launcher == os.path.join(os.path.realpath(root), "package/admin/execpy/command", name)
        with open(launcher) as f:
            assert f.readline() == "#!/usr/bin/python3 -ES\n"
        assert os.readlink(os.path.join(root, "usr/bin", name)) == "../../command/" + name
    # the paths the generated scripts name
    for path in ("package/admin/execline/command/execlineb", "package/admin/s6/command/s6-svscan",
                 "package/admin/s6-rc/command/s6-rc", "package/admin/s6-linux-init/command/s6-linux-init",
                 "package/admin/s6-portable-utils/command/s6-echo",
                 "package/admin/s6-linux-utils/command/s6-mount"):
        assert os.path.isfile(os.path.join(root, path)), path


def test_installed_commands_run_from_the_root(root):
    """A launcher finds the copied code beside it (not the clone's), compiled for this Python."""
    p = subprocess.run([os.path.join(root, "command", "execlineb"), "-P", "-c",
                        "foreground { s6-echo -- hello } importas -u ? ? s6-echo -- done ${?}"],
                       capture_output=True, timeout=30)
    assert (p.returncode, p.stdout, p.stderr) == (0, b"hello\ndone 0\n", b"")
    code = os.path.join(root, "package/admin/execpy")
    p = subprocess.run(["/usr/bin/python3", "-ES", "-c",
                        "import sys; sys.path.insert(0, %r); import execpy.cli as c; print(c.__file__)" % code],
                       capture_output=True, timeout=30)
    assert p.stdout.decode().strip() == os.path.join(code, "execpy", "cli.py")
    if os.path.basename(os.path.realpath("/usr/bin/python3")) == "python%d.%d" % sys.version_info[:2]:
        assert any(n.startswith("cli.") for n in os.listdir(os.path.join(code, "execpy", "__pycache__")))


def test_installed_commands_word_errors_as_musl(root, tmp_path):
    """s6-overlay's programs are static musl builds: an installed command words a failed system
    call with musl's text where it differs from glibc's (ELOOP), a checkout with the host's."""
    loop = tmp_path / "loop"
    os.symlink("loop", str(loop))
    for redirfd, text in ((os.path.join(root, "command", "redirfd"), b"Symbolic link loop"),
                          (os.path.join(ROOT, "bin", "redirfd"), os.strerror(40).encode())):
        p = subprocess.run([redirfd, "-r", "0", str(loop), "true"], capture_output=True, timeout=30,
                           stdin=subprocess.DEVNULL)
        assert p.returncode == 111, p.stderr
        assert p.stderr.endswith(b": " + text + b"\n"), p.stderr
    assert os.strerror(40) != "Symbolic link loop"  # glibc's: the two cases differ


def test_execline_scripts_of_the_root_are_interpreted_in_place(root, tmp_path):
    """The supervisor's shortcut: a run script whose #! names the root's execlineb (as
    /command/execlineb or /package/admin/execline/command/execlineb) is recognised as execpy's."""
    from s6utils.supervision import script
    for interp in ("command/execlineb", "package/admin/execline/command/execlineb"):
        run = tmp_path / "run"
        run.write_text("#!%s/%s -P\ns6-echo hi\n" % (root, interp))
        run.chmod(0o755)
        assert script.execline_argv(str(run).encode(), [str(run).encode()]) == [
            ("%s/%s" % (root, interp)).encode(), b"-P", str(run).encode()]


def test_python_option_names_the_interpreter(tmp_path):
    install(tmp_path / "r", "--python", "/opt/py/bin/python3")
    with open(tmp_path / "r/package/admin/execpy/command/s6-svscan") as f:
        assert f.readline() == "#!/opt/py/bin/python3 -ES\n"
    assert not os.path.exists(tmp_path / "r/usr/bin/s6-svscan")
    # an interpreter of another version: no .pyc of ours
    assert not os.path.exists(tmp_path / "r/package/admin/execpy/execpy/__pycache__")


def test_relative_python_is_refused(tmp_path):
    p = subprocess.run([sys.executable, EXECPY, "overlay", "install", "--root", str(tmp_path / "r"),
                        "--python", "python3"], capture_output=True, timeout=60)
    assert p.returncode == 111
    assert b"the interpreter must be an absolute path" in p.stderr


def test_reinstall_keeps_user_files(root):
    user = os.path.join(root, "etc/s6-overlay/user-bundles.d/user/contents.d/mine")
    open(user, "w").close()
    install(root, "--symlinks")
    assert os.path.exists(user)


@pytest.mark.skipif(not os.path.isdir(os.path.join(ROOT, "overlay", "syslogd")), reason="no overlay/syslogd")
def test_syslogd_only_is_a_layer(tmp_path):
    install(tmp_path / "s", "--syslogd-only")
    src = os.path.join(ROOT, "overlay", "syslogd")
    want = sorted(os.path.relpath(os.path.join(t, n), src) for t, ds, fs in os.walk(src) for n in ds + fs)
    got = sorted(os.path.relpath(os.path.join(t, n), str(tmp_path / "s"))
                 for t, ds, fs in os.walk(str(tmp_path / "s")) for n in ds + fs)
    assert got == want
    assert not os.path.exists(tmp_path / "s/init")


# --------------------------------------------------------------------------
# s6-overlay-suexec

SUEXEC = os.path.join(ROOT, "bin", "s6-overlay-suexec")


def test_suexec_wants_pid_1():
    p = subprocess.run([SUEXEC, " true", "", "true"], capture_output=True, timeout=30)
    assert (p.returncode, p.stderr) == (100, b"s6-overlay-suexec: fatal: can only run as pid 1\n")
    p = subprocess.run([SUEXEC], capture_output=True, timeout=30)
    assert (p.returncode, p.stderr) == (
        100, b"s6-overlay-suexec: usage: s6-overlay-suexec { root_block... } normal_init...\n")


needs_pidns = pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare"),
                                 reason="needs root and unshare for a PID namespace")


def as_pid1(*argv, env=None):
    return subprocess.run(["unshare", "--pid", "--fork", SUEXEC] + list(argv), capture_output=True,
                          timeout=30, env=env)


@needs_pidns
def test_suexec_root_block_environment():
    env = {"PATH": os.environ["PATH"], "GIDLIST": "1,2", "KEPT": "yes"}
    p = as_pid1(" sh", " -c", " env | sort", "", "sh", "-c", "echo then; env | sort", env=env)
    assert p.returncode == 0, p.stderr
    block, _, rest = p.stdout.decode().partition("then\n")
    block = dict(line.split("=", 1) for line in block.splitlines())
    assert {k: block[k] for k in ("UID", "GID", "EUID", "EGID", "USER", "EUSER", "GROUP", "EGROUP")} == {
        "UID": "0", "GID": "0", "EUID": "0", "EGID": "0", "USER": "root", "EUSER": "root",
        "GROUP": "root", "EGROUP": "root"}
    assert "GIDLIST" not in block and block["KEPT"] == "yes"
    rest = dict(line.split("=", 1) for line in rest.splitlines())
    assert rest.get("GIDLIST") == "1,2" and "UID" not in rest and "EGROUP" not in rest


@needs_pidns
def test_suexec_dies_with_the_block():
    p = as_pid1(" sh", " -c", " exit 7", "", "echo", "never")
    assert (p.returncode, p.stdout, p.stderr) == (
        7, b"", b"s6-overlay-suexec: fatal: child failed with exit code 7\n")
    p = as_pid1(" sh", " -c", " kill -USR1 $$", "", "echo", "never")
    assert (p.returncode, p.stderr) == (138, b"s6-overlay-suexec: fatal: child crashed with signal 10\n")
    p = as_pid1(" sh", " -c", " exit 200", "", "echo", "never")
    assert (p.returncode, p.stderr) == (128, b"s6-overlay-suexec: fatal: child failed with exit code 200\n")


@needs_pidns
def test_suexec_block_errors():
    assert as_pid1("", "echo", "x").stderr == b"s6-overlay-suexec: fatal: empty block\n"
    assert as_pid1(" true", "echo").returncode == 100
    p = as_pid1(" true", "")
    assert (p.returncode, p.stderr) == (100, b"s6-overlay-suexec: fatal: empty remainder\n")


@needs_pidns
def test_suexec_runs_an_execline_block_in_place(tmp_path):
    """preinit-like: an execline script naming execpy's execlineb runs in the forked child, not
    in a second interpreter: its /proc/self/cmdline is still s6-overlay-suexec's."""
    s = tmp_path / "block"
    s.write_text("#!%s/bin/execlineb -P\nforeground { redirfd -r 0 /proc/self/cmdline s6-cat }\n"
                 "exit 0\n" % ROOT)
    s.chmod(0o755)
    p = as_pid1(" " + str(s), "", "echo", "after")
    assert (p.returncode, p.stderr) == (0, b"")
    cmdline, _, after = p.stdout.rpartition(b"\0")
    assert after == b"after\n"
    assert cmdline.split(b"\0")[2:4] == [SUEXEC.encode(), b" " + str(s).encode()]
