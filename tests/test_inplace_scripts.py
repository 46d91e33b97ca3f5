"""A chain that execs (or spawns) an execline script of execpy's by path runs it in
place, as the kernel would have started execpy's execlineb on it, and nothing the
script can see differs from the real exec (EXECPY_NOINTERP=1 forces that one)."""

import os
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXECLINEB = os.path.join(ROOT, "bin", "execlineb")

SCRIPTS = {
    "args": "#!%s -S2\nforeground { echo \"one=$1\" \"two=$2\" \"all=$@\" \"n=$#\" }\n"
            "importas -D unset X X\necho \"X=${X}\"\n",
    "plain": "#!%s -P\nforeground { echo plain }\nexit 3\n",
    "syntax": "#!%s -P\nforeground { echo never\n",
    "no-interpreter": "#!/nonexistent/execlineb -P\necho never\n",
}


@pytest.fixture
def scripts(tmp_path):
    paths = {}
    for name, text in SCRIPTS.items():
        p = tmp_path / name
        p.write_text(text % EXECLINEB if "%s" in text else text)
        p.chmod(0o755)
        paths[name] = str(p)
    return paths


def run(chain, env_extra=None):
    env = {"PATH": os.path.join(ROOT, "bin") + ":/usr/bin:/bin", "X": "x"}
    env.update(env_extra or {})
    p = subprocess.run([EXECLINEB, "-Pc", chain], capture_output=True, env=env, timeout=30,
                       stdin=subprocess.DEVNULL)
    return p.stdout, p.stderr, p.returncode


@pytest.mark.parametrize("found", ["by-path", "on-PATH"])
@pytest.mark.parametrize("how", ["exec", "spawn"])
@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_same_as_the_real_exec(scripts, name, how, found):
    extra = {}
    if found == "by-path":
        target = scripts[name] + " a b c"
    else:
        target = name + " a b c"
        extra["PATH"] = os.path.dirname(scripts[name]) + ":" + os.path.join(ROOT, "bin") + ":/usr/bin:/bin"
    chain = target if how == "exec" else "foreground { %s } echo after" % target
    real = run(chain, dict(extra, EXECPY_NOINTERP="1"))
    inplace = run(chain, extra)
    assert inplace == real
    if name == "no-interpreter":
        assert b"No such file or directory" in real[1]


def test_no_new_interpreter(tmp_path):
    """In place, the script runs in the process that exec'd it: its /proc/PID/cmdline
    is still that process's (with EXECPY_NOINTERP=1 it is the new interpreter's)."""
    probe, seen = tmp_path / "probe", tmp_path / "seen"
    probe.write_text("#!%s -P\ngetpid P importas -u P P\n"
                     "foreground { redirfd -w 1 %s /bin/cat /proc/${P}/cmdline }\nexit 0\n"
                     % (EXECLINEB, seen))
    probe.chmod(0o755)
    for extra, outer in (({}, True), ({"EXECPY_NOINTERP": "1"}, False)):
        out, err, code = run("foreground { true } %s" % probe, extra)
        assert code == 0, err
        cmdline = seen.read_bytes()
        assert (b"foreground" in cmdline) == outer, cmdline   # the outer chain's own argv
        assert (b"\0-P\0" + str(probe).encode() + b"\0" in cmdline) != outer, cmdline
