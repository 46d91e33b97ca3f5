"""The fd, process and environment builtins: what the text cases cannot show.

One process runs a whole chain, so fd changes must reach the exec'd program
and nothing of the interpreter's may leak into it; signal state must be what
execline leaves; children started by background or pipeline belong to the
chain's process. Most checks compare execpy with Debian's execline.
"""

import os
import signal
import subprocess
import time

import pytest

from tests.conftest import BIN, REAL_EXECLINE

IMPLS = {
    "real": REAL_EXECLINE + ":/usr/bin:/bin",
    "execpy": BIN + ":/usr/bin:/bin",
}

needs_real = pytest.mark.skipif(not os.path.exists(REAL_EXECLINE + "/execlineb"),
                                reason="Debian's execline is not installed")


def run_sh(impl, script, cwd=None, env=None, timeout=30):
    """Run an sh script with ``impl``'s commands first on PATH."""
    full = {"PATH": IMPLS[impl]}
    if env:
        full.update(env)
    p = subprocess.run(["/bin/sh", "-c", script], cwd=cwd, env=full, timeout=timeout,
                       capture_output=True, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def run_chain(impl, script, **kw):
    """Run an execline script with ``impl``'s execlineb -P."""
    return run_sh(impl, "exec execlineb -Pc '%s'" % script.replace("'", "'\\''"), **kw)


def both(runner, *args, **kw):
    return runner("real", *args, **kw), runner("execpy", *args, **kw)


# ---------------------------------------------------------------------------
# the chain is one process

def test_redirfd_then_exec_keeps_the_pid(tmp_path):
    out = tmp_path / "out"
    p = subprocess.Popen([os.path.join(BIN, "execlineb"), "-Pc",
                          "redirfd -w 1 %s fdmove -c 3 1 getpid P sh -c \"echo $$\"" % out],
                         env={"PATH": IMPLS["execpy"]}, stdin=subprocess.DEVNULL)
    assert p.wait(timeout=30) == 0
    assert out.read_text().strip() == str(p.pid)


def test_getpid_names_the_process_the_last_program_runs_in():
    code, out, _ = run_chain("execpy", 'getpid P importas -ui P P sh -c "echo \\$\\$ \\$1" sh $P')
    assert code == 0
    mine, reported = out.split()
    assert mine == reported


def test_background_children_are_waited_for_by_the_chain():
    start = time.monotonic()
    code, out, _ = run_chain("execpy", "background { sleep 0.4 } background { sleep 0.2 } "
                                       "wait { } echo done")
    assert code == 0 and out == b"done\n"
    assert time.monotonic() - start >= 0.4


def test_pipeline_child_is_a_child_of_the_chain():
    code, out, _ = run_chain("execpy", "pipeline { sh -c \"echo \\$PPID\" } getpid P "
                                       "importas -ui P P importas -ui B ! "
                                       "foreground { wait { $B } } "
                                       "withstdinas -E Q sh -c \"test $P = $Q && echo same\"")
    assert (code, out) == (0, b"same\n")


# ---------------------------------------------------------------------------
# no fd leaks into exec'd programs

FD_CHAINS = [
    "ls /proc/self/fd",
    "redirfd -w 3 f ls /proc/self/fd",
    "redirfd -r 0 /dev/null redirfd -w 1 f ls /proc/self/fd",
    "pipeline { echo x } ls /proc/self/fd",
    "pipeline -d { echo x } ls /proc/self/fd",
    "pipeline -w { cat } ls /proc/self/fd",
    "heredoc 0 abc ls /proc/self/fd",
    "heredoc -d 7 abc ls /proc/self/fd",
    "piperw 5 6 ls /proc/self/fd",
    "piperw 0 1 fdmove -c 1 2 ls /proc/self/fd",
    "fdmove -c 4 1 fdswap 4 2 ls /proc/self/fd",
    "backtick X { echo hi } foreground { true } ifelse { true } { ls /proc/self/fd } true",
    "fdreserve 4 envfile -I nothere emptyenv -p ls /proc/self/fd",
    "fdclose 3 withstdinas -I X ls /proc/self/fd",
    "wait -t 10 { } trap { TERM { } } ls /proc/self/fd",
    "background { true } wait { } ls /proc/self/fd",
    "heredoc 3 abc ls /proc/self/fd",
    "piperw 3 4 ls /proc/self/fd",
    "fdclose 0 pipeline { echo x } ls /proc/self/fd",
    "fdclose 1 backtick -E X { echo hi } fdmove -c 1 2 echo $X",
]


@needs_real
@pytest.mark.parametrize("chain", FD_CHAINS)
def test_no_fd_leaks(tmp_path, chain):
    real, mine = both(run_chain, chain, cwd=str(tmp_path))
    assert real[0] == 0, real
    assert mine == real


@needs_real
@pytest.mark.parametrize("chain", [
    "redirfd -w 5 f readlink /proc/self/fd/5",
    "heredoc 0 abc readlink /proc/self/fd/0",
    "fdmove -c 7 1 fdclose 1 readlink /proc/self/fd/7",
])
def test_fds_point_where_execline_puts_them(tmp_path, chain):
    real, mine = both(run_chain, chain, cwd=str(tmp_path))
    norm = [(c, o.split(b":")[0], e) for c, o, e in (real, mine)]
    assert norm[0] == norm[1]


def test_fd_flags_reach_the_program(tmp_path):
    # nonblocking set by redirfd -n and fdblock -n is seen by the program
    script = ("redirfd -r -n 0 /dev/null fdblock -n 1 "
              "grep -h ^flags /proc/self/fdinfo/0 /proc/self/fdinfo/1")
    code, out, _ = run_chain("execpy", script, cwd=str(tmp_path))
    assert code == 0
    for line in out.splitlines():
        assert int(line.split()[-1], 8) & os.O_NONBLOCK, line


# ---------------------------------------------------------------------------
# signal state seen by exec'd and spawned programs

SIG_CHAINS = [
    'grep -E "^Sig(Blk|Ign)" /proc/self/status',
    'wait -t 10 { } grep -E "^Sig(Blk|Ign)" /proc/self/status',
    'background { sleep 0.1 } wait -t 1000 { } grep -E "^Sig(Blk|Ign)" /proc/self/status',
    'trap { TERM { } USR1 { } } grep -E "^Sig(Blk|Ign)" /proc/self/status',
    'trap -x { USR1 { } } grep -E "^Sig(Blk|Ign)" /proc/self/status',
    'backtick -E X { grep -E "^Sig(Blk|Ign)" /proc/self/status } echo $X',
    'pipeline { grep -E "^Sig(Blk|Ign)" /proc/self/status } cat',
    'foreground { background { grep -E "^Sig(Blk|Ign)" /proc/self/status } } wait { }',
    'ifthenelse { true } { grep -E "^Sig(Blk|Ign)" /proc/self/status } { } true',
]


@needs_real
@pytest.mark.parametrize("chain", SIG_CHAINS)
def test_signal_state_matches_execline(chain):
    real, mine = both(run_chain, chain)
    assert real[0] == 0, real
    assert mine == real


@needs_real
def test_inherited_ignored_signal_is_kept():
    script = "trap '' INT; exec execlineb -Pc 'grep SigIgn /proc/self/status'"
    real, mine = both(run_sh, script)
    assert mine == real


# ---------------------------------------------------------------------------
# trap in one process: signals and children without races

def test_trap_burst_of_signals_spawns_one_handler_at_a_time():
    # the handler sleeps; signals arriving while it runs are dropped, so a
    # burst of 20 USR1 in a row gives far fewer than 20 runs, and at least one
    script = ('getpid P trap { USR1 { foreground { echo handler } sleep 0.3 } } '
              'importas -ui P P foreground { sh -c "for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 '
              '15 16 17 18 19 20; do kill -USR1 \\$1; done" sh $P } sleep 0.5')
    code, out, _ = run_chain("execpy", script)
    assert code == 0
    assert 1 <= out.count(b"handler") <= 3


def test_trap_many_quick_handlers_all_run():
    script = ('getpid P trap { USR1 { echo h } } importas -ui P P '
              'foreground { sh -c "for i in 1 2 3 4 5; do kill -USR1 \\$1; sleep 0.1; done" sh $P } '
              'sleep 0.2')
    code, out, _ = run_chain("execpy", script)
    assert (code, out.count(b"h")) == (0, 5)


def test_trap_main_child_exiting_while_handler_runs():
    script = ('getpid P trap { USR1 { sleep 0.3 } } importas -ui P P '
              'foreground { kill -USR1 $P } exit 7')
    start = time.monotonic()
    code, _, _ = run_chain("execpy", script)
    assert code == 7
    assert time.monotonic() - start < 5


def test_trap_forwards_to_a_builtin_child():
    script = ('getpid P trap -x { } importas -ui P P '
              'foreground { kill -USR2 $P } sleep 5')
    code, out, err = run_chain("execpy", script.replace("{ }", "{ USR1 { } }"))
    assert code == 128 + signal.SIGUSR2


def test_trap_handler_environment():
    script = ('getpid P trap { HUP { /usr/bin/env } } importas -ui P P '
              'foreground { kill -HUP $P } sleep 0.3')
    code, out, _ = run_chain("execpy", script, env={"A": "1"})
    assert code == 0
    lines = out.splitlines()
    assert lines[-2].startswith(b"!=") and lines[-1] == b"SIGNAL=1"


# ---------------------------------------------------------------------------
# processes: posix_spawn for a single external program, no stray children

def _ctx(env=None):
    from execpy import commands
    from execpy.engine import core
    core.set_lookup(commands.load)
    return core.Ctx(dict(env or {"PATH": b"/usr/bin:/bin"}), b"test")


def test_external_blocks_are_spawned_without_fork(monkeypatch):
    from execpy.builtins import backtick, background, ifelse, wait
    ctx = _ctx()

    def no_fork():
        raise AssertionError("forked for a single external program")
    monkeypatch.setattr(os, "fork", no_fork)
    step = backtick.main(ctx, [b"backtick", b"X", b" echo", b" hi", b"", b"rest"])
    assert step.argv == [b"rest"] and step.env == {b"X": b"hi"}
    step = ifelse.main(ctx, [b"ifelse", b" true", b"", b" then", b"", b"else"])
    assert step.argv == [b"then"]
    step = background.main(ctx, [b"background", b" true", b"", b"go"])
    pid = int(step.env[b"!"])
    step = wait.main(ctx, [b"wait", b"-o", b" %d" % pid, b"", b"x"])
    assert step.env == {b"?": b"0", b"!": b"%d" % pid}


def test_pipeline_leaves_the_parent_end_inheritable():
    from execpy.builtins import pipeline
    ctx = _ctx()
    saved = os.dup(0)
    try:
        step = pipeline.main(ctx, [b"pipeline", b" echo", b" piped", b"", b"cat"])
        assert os.get_inheritable(0)
        assert os.read(0, 100) == b"piped\n"
        os.waitpid(int(step.env[b"!"]), 0)
    finally:
        os.dup2(saved, 0)
        os.close(saved)


def test_heredoc_feeder_is_reaped_by_wait():
    code, out, _ = run_chain("execpy", 'heredoc 0 "abc\n" foreground { cat } '
                                       'wait -o { } importas -i s ? echo $s')
    assert (code, out) == (0, b"abc\n0\n")


# ---------------------------------------------------------------------------
# differential tables: posix-umask's symbolic modes, envfile's syntax, posix-cd

def _modes():
    alphabet = "ug+=-rwx,a"
    out = [""] + list(alphabet)
    out += [a + b for a in alphabet for b in alphabet]
    out += ["u=rwx,g=rx,o=", "ug+w,o-rwx", "a=r,u+wx", "g=u", "o=g,g=o", "u+g", "=", "-",
            "u=", "u=,g+w", "+x,-w", "go-w+x", "u=rwX,go=rX", "u+s", "o+t", "a-x,,", "uu+w",
            "u=r=w", "u=g-w", "ug=o", "u=gr", "u+rq"]
    return out


@needs_real
def test_posix_umask_symbolic_modes_match():
    modes = _modes()
    lines = ["for m in %s; do umask 022; posix-umask \"$m\" posix-umask 2>&1; echo \"rc=$?\"; done"
             % " ".join("'%s'" % m for m in modes)]
    real, mine = both(run_sh, lines[0], timeout=300)
    assert real[0] == 0
    assert mine == real


ENVFILES = [
    b"A=1\n", b"A = 1 \n", b"  A\t=\t1\t\n", b"A=\n", b"A=\"\"\n", b"#c\nA=1\n",
    b"A=1 # not a comment\n", b"A=a\"b\"c\n", b"A=\" x \" y \n", b"A=\"\\t\\x41\\101\\7\\08\"\n",
    b"A=\"\\xg\"\n", b"A=\"\\x4\"\n", b"A=x\\\n y\n", b"A=\"x\\\ny\"\n", b"A=\\\n  y\n",
    b"A B=1\n", b"=1\n", b"A\n", b"A", b"A=1", b"A=\"1", b"A='1'\n", b"A?=1\n",
    b"a#b=1\n", b"1=one\n", b"A=\\q\n", b"A=\\ \n", b"A=\\\\\n", b"A=\\\"\n", b"A=1\r\n",
    b"A=1\nB=2\nA=3\n", b"A=\"a\\0B=2\"\n", b"A=\"\\0\"\n", b"A=1\n\0B=2\n", b"\n\n\nA\n",
    b"A=\"\\777\"\n", b"A=\"\\1234\"\n", b"A=\"\\12\"x\n", b"A=\"\\1\\\\\"\n", b"A=a  \\\n b\n",
    b"   \n\t\n", b"", b"A=\"#\"\n", b"A=b=c\n", b"A=\"\\a\\b\\f\\n\\r\\t\\v\\'\\?\\\\\"\n",
]


@needs_real
@pytest.mark.parametrize("data", ENVFILES)
def test_envfile_syntax_matches(tmp_path, data):
    (tmp_path / "f").write_bytes(data)
    script = "envfile f /usr/bin/env -u PATH /usr/bin/env | od -c; echo rc=$?"
    real, mine = both(run_sh, "envfile f /usr/bin/env -u PATH /usr/bin/env", cwd=str(tmp_path))
    assert mine == real
    del script


CD_PATHS = ["/", "/usr", "/usr/", "//usr//share/", "/usr/./share/.", "/usr/../etc",
            "/../..", "..", ".", "./x", "x/..", "x/../..", "x/./y/", "link/..", "link/../x",
            "nonexist/..", "/usr/bin/../../tmp", "file/..", "x//y//..//"]


@needs_real
@pytest.mark.parametrize("path", CD_PATHS)
@pytest.mark.parametrize("flag", ["-L", "-P"])
def test_posix_cd_paths_match(tmp_path, path, flag):
    (tmp_path / "x" / "y").mkdir(parents=True)
    (tmp_path / "file").write_text("")
    os.symlink("x/y", str(tmp_path / "link"))
    script = ("posix-cd %s '%s' sh -c 'echo \"$PWD\"; echo \"$OLDPWD\"; pwd -P'"
              % (flag, path))
    real, mine = both(run_sh, script, cwd=str(tmp_path), env={"PWD": str(tmp_path)})
    assert mine == real
