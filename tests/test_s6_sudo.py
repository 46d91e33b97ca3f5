"""s6-sudo, s6-sudoc and s6-sudod against C s6 2.15.1.0, in every pairing:
each case runs an s6-sudod (under s6-ipcserverd) of one implementation and
an s6-sudo of another, and the client's exit code, stdout and stderr and
the server's stderr must be C's (recorded from the oracle's C-C pairing:
``python3 tests/test_s6_sudo.py --record`` writes
tests/golden/ipc/sudo.json). Debian's s6 2.11.3.2 (installed in CI) speaks
the same protocol: execpy is paired with it live, for the cases where
2.11 and 2.15 agree.

Also: raw protocol messages (made with s6utils.lib.unixmessage) sent to
each s6-sudod, the client going away while the program runs, and -d.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if os.path.dirname(HERE) not in sys.path:
    sys.path.insert(0, os.path.dirname(HERE))

from s6utils.lib import unixmessage  # noqa: E402
from tests.test_s6_ipc import (  # noqa: E402
    Server, have_debian, have_oracle, load_golden, norm, prog, run, save_golden,
    wait_no_children_of)

SH = "/bin/sh"
# name -> (server sudod options + args, client options, client args, client env, stdin)
CASES = {
    "basic": (["--", SH, "-c", 'echo "[$FOO][$BAR][$BAZ] $*"; cat; exit 3', "sh"],
              [], ["a", "b c"], {"FOO": "client", "BAR": "client", "BAZ": "client"}, b"input\n"),
    "no-env": (["--", SH, "-c", 'echo "[$FOO][$BAR]"', "sh"], ["-e"], [],
               {"FOO": "client"}, b""),
    "client-args-only": (["--"], [], [SH, "-c", "echo only client; exit 7"], {}, b""),
    "exit-200": (["--", SH, "-c", "exit 200"], [], [], {}, b""),
    "killed": (["--", SH, "-c", "kill -USR1 $$"], [], [], {}, b""),
    "stderr": (["--", SH, "-c", "echo to-stderr >&2"], [], [], {}, b""),
    "dev-null-0": (["-0", "--", SH, "-c", "cat; echo done"], [], [], {}, b"hidden\n"),
    "dev-null-1": (["-1", "--", SH, "-c", "echo hidden; echo seen >&2"], [], [], {}, b""),
    "dev-null-2": (["-2", "--", SH, "-c", "echo server-stderr >&2"], [], [], {}, b""),
    "spawn-fails": (["--", "/nonexistent/prog"], [], ["x"], {}, b""),
    "both-empty": (["--"], [], [], {}, b""),
    "timeout-run": (["--", SH, "-c", "sleep 2"], ["-T", "200"], [], {}, b""),
    "usage-t": (["--", "true"], ["-t", "x"], [], {}, b""),
}
# Debian's 2.11.3.2 differs here: its s6-sudod tells the client why a
# spawn failed, and refuses nothing when both argvs are empty
DEBIAN_DIFFERS = {"spawn-fails", "both-empty"}
SERVER_ENV = {"FOO": "", "BAR": "server", "PATH": "/usr/bin:/bin"}


def sudo_case(server_impl, client_impl, name, top):
    sopts, copts, cargs, cenv, stdin = CASES[name]
    path = os.path.join(top, "s")
    srv = Server(server_impl, path, [prog(server_impl, "s6-sudod")] + sopts, env=SERVER_ENV)
    try:
        env = {"PATH": "/usr/bin:/bin"}
        env.update(cenv)
        code, out, err = run([prog(client_impl, "s6-sudo")] + copts + [path] + cargs,
                             env=env, stdin=stdin)
        wait_no_children_of(path)
        time.sleep(0.05)
    finally:
        serr = srv.stop()
    serr = norm(serr, top).replace(os.path.dirname(prog(server_impl, "s6-sudod")) + "/", "")
    return {"code": code, "stdout": norm(out, top), "stderr": norm(err, top),
            "server_stderr": serr}


def run_sudo(server_impl, client_impl, name):
    with tempfile.TemporaryDirectory() as top:
        return sudo_case(server_impl, client_impl, name, top)


GOLDEN = load_golden("sudo.json")
PAIRS = [("py", "py"), ("c", "py"), ("py", "c"), ("c", "c"), ("deb", "py"), ("py", "deb")]


@pytest.mark.parametrize("pair", PAIRS, ids=["%s-server-%s-client" % p for p in PAIRS])
@pytest.mark.parametrize("name", sorted(CASES))
def test_sudo_pairing(name, pair):
    if name not in GOLDEN:
        pytest.fail("no recording: python3 tests/test_s6_sudo.py --record")
    if "c" in pair and not have_oracle():
        pytest.skip("no C s6 2.15.1.0 in /tmp/oracle")
    if "deb" in pair:
        if not have_debian():
            pytest.skip("Debian's s6 is not installed")
        if name in DEBIAN_DIFFERS:
            pytest.skip("s6 2.11.3.2 behaves otherwise")
    assert run_sudo(pair[0], pair[1], name) == GOLDEN[name]


# --------------------------------------------------------------------------
# raw messages to each s6-sudod

BANNER_A = b"s6-sudo a v1.0\n"


def _msg(args, env, banner=BANNER_A, extra=b""):
    a = b"".join(w + b"\0" for w in args)
    e = b"".join(w + b"\0" for w in env)
    head = b"".join(n.to_bytes(4, "big") for n in (len(args), len(env), len(a), len(e)))
    return banner + head + a + e + extra


RAW = {
    # name -> (message data, number of fds); what the server answers and says
    "two-fds": (_msg([b"true"], []), 2),
    "short": (b"s6-sudo a v1.0\n\0\0", 3),
    "bad-banner": (_msg([b"true"], [], banner=b"s6-sudo a v9.9\n"), 3),
    "bad-lengths": (_msg([b"true"], [], extra=b"junk"), 3),
    "bad-env": (_msg([b"true"], [b"NOEQUALS"]), 3),
    "argv-short": (_msg([b"true"], [])[:len(BANNER_A)] + (5).to_bytes(4, "big")
                   + _msg([b"true"], [])[len(BANNER_A) + 4:], 3),
    "good": (_msg([b"/bin/sh", b"-c", b"echo raw ok"], [b"FOO=raw"]), 3),
}


def raw_case(impl, name, top):
    data, nfds = RAW[name]
    path = os.path.join(top, "s")
    srv = Server(impl, path, [prog(impl, "s6-sudod"), "--"], env=SERVER_ENV)
    answer = b""
    outr, outw = os.pipe()
    try:
        c = socket.socket(socket.AF_UNIX)
        c.connect(path)
        c.settimeout(10)
        banner = b""
        while len(banner) < 15:
            banner += c.recv(15 - len(banner))
        fds = [0, outw, 2][:nfds]
        unixmessage.send(c, data, fds)
        os.close(outw)
        outw = -1
        while True:
            chunk = c.recv(100)
            if not chunk:
                break
            answer += chunk
        c.close()
        out = b""
        os.set_blocking(outr, False)
        try:
            out = os.read(outr, 1000)
        except BlockingIOError:
            pass
        wait_no_children_of(path)
    finally:
        if outw >= 0:
            os.close(outw)
        os.close(outr)
        serr = srv.stop()
    return {"banner": banner.decode(), "answer": answer.hex(), "out": out.decode(),
            "server_stderr": norm(serr, top).replace(os.path.dirname(prog(impl, "s6-sudod"))
                                                     + "/", "")}


def run_raw(impl, name):
    with tempfile.TemporaryDirectory() as top:
        return raw_case(impl, name, top)


@pytest.mark.parametrize("impl", ["py", "c"])
@pytest.mark.parametrize("name", sorted(RAW))
def test_sudod_raw_messages(name, impl):
    if impl == "c" and not have_oracle():
        pytest.skip("no oracle")
    assert run_raw(impl, name) == GOLDEN["raw/" + name]


# --------------------------------------------------------------------------
# the client goes away

@pytest.mark.parametrize("server_impl", ["py", "c", "deb"])
@pytest.mark.parametrize("detach", [False, True])
def test_client_hangup(server_impl, detach, tmp_path):
    """s6-sudoc killed while the program runs: s6-sudod sends it SIGTERM
    and SIGCONT and exits 1; with -d (which also gives the program
    /dev/null and the server's stderr) the program runs to its end."""
    if server_impl == "c" and not have_oracle():
        pytest.skip("no oracle")
    if server_impl == "deb" and not have_debian():
        pytest.skip("no Debian s6")
    top = str(tmp_path)
    path = os.path.join(top, "s")
    mark = os.path.join(top, "mark")
    started = os.path.join(top, "started")
    script = ("trap 'echo TERM >> %s; exit 0' TERM; : > %s; i=0; "
              "while [ $i -lt 40 ]; do sleep 0.05; i=$((i+1)); done; echo end >> %s"
              % (mark, started, mark))
    sopts = (["-d"] if detach else []) + ["--", SH, "-c", script]
    srv = Server(server_impl, path, [prog(server_impl, "s6-sudod")] + sopts, ["-v2"],
                 env=SERVER_ENV)
    try:
        c = subprocess.Popen([prog("py", "s6-sudo"), path], stdin=subprocess.DEVNULL)
        end = time.monotonic() + 10
        while time.monotonic() < end and not os.path.exists(started):
            time.sleep(0.02)
        time.sleep(0.3)  # s6-sudod has sent its confirmation (else it dies of EPIPE)
        c.kill()
        c.wait(10)
        end = time.monotonic() + 5
        while time.monotonic() < end and not os.path.exists(mark):
            time.sleep(0.02)
        time.sleep(0.1)
        wait_no_children_of(mark)
    finally:
        err = srv.stop()
    with open(mark) as f:
        assert f.read() == ("end\n" if detach else "TERM\n")
    if not detach:
        assert b" exitcode 1" in err


def record():
    data = {}
    for name in sorted(CASES):
        data[name] = run_sudo("c", "c", name)
    for name in sorted(RAW):
        data["raw/" + name] = run_raw("c", name)
    save_golden("sudo.json", data)
    print("recorded %d cases" % len(data))


if __name__ == "__main__":
    if sys.argv[1:] == ["--record"]:
        record()
    else:
        for name in sys.argv[1:] or sorted(CASES):
            c = run_sudo("c", "c", name)
            for pair in PAIRS[:3]:
                py = run_sudo(pair[0], pair[1], name)
                print(("ok   " if c == py else "DIFF ") + name, pair)
                if c != py:
                    print("  C :", c)
                    print("  py:", py)
        for name in sorted(RAW):
            c, py = run_raw("c", name), run_raw("py", name)
            print(("ok   " if c == py else "DIFF ") + "raw/" + name)
            if c != py:
                print("  C :", c)
                print("  py:", py)
