"""s6's IPC programs (s6-ipcserver-socketbinder, s6-ipcserverd, s6-ipcserver,
s6-ipcserver-access, s6-ipcclient) and skalibs' unixmessage framing
(s6utils.lib.unixmessage), against C s6 2.15.1.0.

The expectations are recorded from the C build in /tmp/oracle/bin
(``python3 tests/test_s6_ipc.py --record`` writes tests/golden/ipc/ipc.json);
execpy must match them, and where the oracle is present C is run live too.
The oracle is a musl build: its error texts are mapped to glibc's (which
execpy's s6 tools print) before comparing. The helpers here (servers,
normalisation, recording) serve tests/test_s6_sudo.py and
tests/test_rc_oneshot_run.py as well. The rules-file cases (-x) read cdbs
made by C's s6-accessrules-cdb-from-fs (Debian's or the oracle's) or
crafted with s6utils.lib.cdb; Debian's s6-ipcserver-access must give the
recorded results too.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from s6utils.lib import unixmessage  # noqa: E402

PY_BIN = os.path.join(ROOT, "bin")
ORACLE_BIN = "/tmp/oracle/bin"
DEBIAN_BIN = "/usr/bin"
GOLDEN_DIR = os.path.join(HERE, "golden", "ipc")
TIMEOUT = 20

# musl's strerror -> glibc's, for the errors these programs print
MUSL_TO_GLIBC = {
    "Not a socket": "Socket operation on non-socket",
    "Operation timed out": "Connection timed out",
    "Filename too long": "File name too long",
    "Resource busy": "Device or resource busy",
    "No error information": "Success",
}


def have_oracle():
    return all(os.access(os.path.join(ORACLE_BIN, p), os.X_OK)
               for p in ("s6-ipcserverd", "s6-sudod", "s6-sudoc", "s6-ipcserver-access"))


def have_debian():
    return os.access(os.path.join(DEBIAN_BIN, "s6-sudod"), os.X_OK)


def prog(impl, name):
    return os.path.join({"c": ORACLE_BIN, "py": PY_BIN, "deb": DEBIAN_BIN}[impl], name)


def norm(text, top=None):
    """Output made comparable: the test directory as TMP, pids as N, musl's
    error texts as glibc's."""
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    if top:
        text = text.replace(top, "TMP")
    text = re.sub(r"\bpid \d+", "pid N", text)
    for musl, glibc in MUSL_TO_GLIBC.items():
        text = text.replace(": " + musl, ": " + glibc)
    return text


def load_golden(name):
    path = os.path.join(GOLDEN_DIR, name)
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return json.load(f)


def save_golden(name, data):
    os.makedirs(GOLDEN_DIR, exist_ok=True)
    with open(os.path.join(GOLDEN_DIR, name), "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


def run(argv, env=None, stdin=b"", cwd=None, timeout=TIMEOUT):
    p = subprocess.run(argv, input=stdin, capture_output=True, env=env, cwd=cwd, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


class Server:
    """``s6-ipcserver-socketbinder PATH s6-ipcserverd -1 ARGS...`` of one
    implementation, ready once started; stop() ends it and returns its
    stderr."""

    def __init__(self, impl, path, args, opts=(), env=None, cwd=None):
        self.path = path
        argv = [prog(impl, "s6-ipcserver-socketbinder"), path,
                prog(impl, "s6-ipcserverd"), "-1"] + list(opts) + ["--"] + list(args)
        self.errf = tempfile.TemporaryFile()
        self.p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=self.errf, env=env, cwd=cwd)
        line = self.p.stdout.readline()
        self.p.stdout.close()
        if line != b"\n":
            self.stop()
            raise RuntimeError("server did not start: %r" % self.stderr)

    def stop(self, sig=signal.SIGTERM):
        if self.p.poll() is None:
            self.p.send_signal(sig)
        try:
            self.p.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait(TIMEOUT)
        self.errf.seek(0)
        self.stderr = self.errf.read()
        self.errf.close()
        return self.stderr


def wait_no_children_of(path, timeout=5):
    """Wait until no process's command line names ``path`` (connection
    handlers that outlive their server)."""
    end = time.monotonic() + timeout
    key = os.fsencode(path)
    while time.monotonic() < end:
        busy = False
        for name in os.listdir("/proc"):
            if name.isdigit():
                try:
                    with open("/proc/%s/cmdline" % name, "rb") as f:
                        if key in f.read():
                            busy = True
                except OSError:
                    pass
        if not busy:
            return
        time.sleep(0.02)


def kill_named(path):
    """SIGKILL every process whose command line names ``path`` (a connection
    handler that is meant to outlive its server, once it has been seen to)."""
    key = os.fsencode(path)
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/cmdline" % name, "rb") as f:
                    if key in f.read():
                        os.kill(int(name), signal.SIGKILL)
            except OSError:
                pass


# --------------------------------------------------------------------------
# unixmessage

@pytest.fixture
def pair():
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    yield a, b
    a.close()
    b.close()


def test_unixmessage_round_trip_with_fds(pair):
    a, b = pair
    r, w = os.pipe()
    try:
        unixmessage.send(a, b"hello", [r, w])
        unixmessage.send(a, b"")
        rcv = unixmessage.Receiver(b)
        data, fds = rcv.recv()
        assert data == b"hello" and len(fds) == 2
        os.write(fds[1], b"x")
        assert os.read(r, 1) == b"x"
        assert not os.get_inheritable(fds[0])  # MSG_CMSG_CLOEXEC
        for fd in fds:
            os.close(fd)
        assert rcv.recv() == (b"", [])
        a.shutdown(socket.SHUT_WR)
        assert rcv.recv() is None
    finally:
        os.close(r)
        os.close(w)


def test_unixmessage_wire_format(pair):
    """The exact bytes: uint32 length, uint16 fd count, big-endian."""
    a, b = pair
    unixmessage.send(a, b"abc", [0])
    data, anc, _, _ = b.recvmsg(100, socket.CMSG_SPACE(4))
    assert data == b"\0\0\0\3\0\1abc"
    assert anc[0][:2] == (socket.SOL_SOCKET, socket.SCM_RIGHTS)
    os.close(int.from_bytes(anc[0][2][:4], sys.byteorder))


def test_unixmessage_partial_reads(pair):
    """A message written a byte at a time (fds with the first byte) is
    assembled; try_recv says None until it is whole."""
    a, b = pair
    b.setblocking(False)
    raw = b"\0\0\0\5\0\1hello" + b"\0\0\0\0\0\0"
    r, w = os.pipe()
    try:
        a.sendmsg([raw[:1]], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, r.to_bytes(4, sys.byteorder))])
        rcv = unixmessage.Receiver(b.fileno())
        assert rcv.try_recv() is None
        for i in range(1, len(raw) - 6):
            a.send(raw[i:i + 1])
            got = rcv.try_recv()
            assert got is None or i == len(raw) - 7
        assert got is not None and got[0] == b"hello" and len(got[1]) == 1
        os.close(got[1][0])
        assert rcv.try_recv() is None
        a.send(raw[-6:])
        assert rcv.try_recv() == (b"", [])
    finally:
        os.close(r)
        os.close(w)


def test_unixmessage_errors(pair):
    a, b = pair
    rcv = unixmessage.Receiver(b)
    a.send(b"\x20\0\0\0\0\0")  # 2**29 bytes: more than skalibs allows
    with pytest.raises(OSError) as e:
        rcv.recv()
    assert e.value.errno == 71  # EPROTO
    with pytest.raises(OSError) as e:
        unixmessage.send(a, b"x", [-1])
    assert e.value.errno == 22


def test_unixmessage_eof_inside_message(pair):
    a, b = pair
    a.send(b"\0\0\0\x09\0\0abc")
    a.shutdown(socket.SHUT_WR)
    with pytest.raises(OSError) as e:
        unixmessage.Receiver(b).recv()
    assert e.value.errno == 32  # EPIPE


def test_unixmessage_deadline(pair):
    a, b = pair
    with pytest.raises(OSError) as e:
        unixmessage.Receiver(b).recv(time.monotonic() + 0.05)
    assert e.value.errno == 110


def test_unixmessage_sender_queue_nonblocking(pair):
    """A queue bigger than the socket buffer: flush() sends what fits, the
    fds to close are closed once sent, flush_until finishes the job."""
    a, b = pair
    a.setblocking(False)
    r, w = os.pipe()
    s = unixmessage.Sender(a)
    big = b"y" * 3000000
    s.put(b"first", [r], close=[r])
    s.put(big)
    assert s.flush() is False and s.busy()
    with pytest.raises(OSError):
        os.fstat(r)  # sent with the first message, then closed
    rcv = unixmessage.Receiver(b)
    data, fds = rcv.recv()
    assert data == b"first"
    os.close(fds[0])
    os.close(w)
    got = []

    import threading
    t = threading.Thread(target=lambda: got.append(rcv.recv()))
    t.start()
    s.flush_until(time.monotonic() + 10)
    t.join(10)
    assert got[0] == (big, [])


def test_textmessage(pair):
    a, b = pair
    a.send(unixmessage.text_pack(b"one") + unixmessage.text_pack(b""))
    t = unixmessage.TextReceiver(b.fileno())
    assert t.recv() == b"one"
    assert t.recv() == b""
    a.send(b"\0\0\1\0")
    with pytest.raises(OSError) as e:
        unixmessage.TextReceiver(b.fileno(), maxlen=10).recv()
    assert e.value.errno == 90  # EMSGSIZE


# --------------------------------------------------------------------------
# the programs, case by case against the C recording

def _cases():
    """name -> (kind, spec). kind "cmd": run argv (PROG(x) = program x of
    the implementation) with env; "server": a server with ARGS and opts,
    then a client argv; outputs of both."""
    sh_env = "env | grep -E '^(IPC|PROTO|RULE)' | sort"
    return {
        "usage-socketbinder": ("cmd", (["s6-ipcserver-socketbinder", "x"], {})),
        "usage-ipcserverd": ("cmd", (["s6-ipcserverd"], {})),
        "usage-ipcserverd-empty": ("cmd", (["s6-ipcserverd", ""], {})),
        "usage-ipcserver": ("cmd", (["s6-ipcserver", "x"], {})),
        "usage-ipcserver-bad-c": ("cmd", (["s6-ipcserver", "-c", "x", "s", "true"], {})),
        "usage-access": ("cmd", (["s6-ipcserver-access"], {})),
        "usage-access-v": ("cmd", (["s6-ipcserver-access", "-v", "z", "true"], {})),
        "usage-ipcclient": ("cmd", (["s6-ipcclient", "x"], {})),
        "ipcserverd-not-socket": ("cmd", (["s6-ipcserverd", "true"], {})),
        "ipcclient-noent": ("cmd", (["s6-ipcclient", "TMP/nonexistent", "true"], {})),
        "ipcclient-too-long": ("cmd", (["s6-ipcclient", "/" + "x" * 120, "true"], {})),
        "socketbinder-too-long": ("cmd", (["s6-ipcserver-socketbinder", "TMP/" + "x" * 120,
                                           "true"], {})),
        "socketbinder-noent": ("cmd", (["s6-ipcserver-socketbinder", "-D", "TMP/no/s",
                                        "true"], {})),
        "socketbinder-then": ("cmd", (["s6-ipcserver-socketbinder", "-a", "0700", "TMP/s",
                                       "sh", "-c", "ls -l TMP/s | cut -c1-10; "
                                       "ls TMP | sort; readlink /proc/self/fd/0 | cut -c1-7"],
                                      {})),
        "access-no-proto": ("cmd", (["s6-ipcserver-access", "true"], {})),
        "access-no-uid": ("cmd", (["s6-ipcserver-access", "true"], {"PROTO": "IPC"})),
        "access-bad-uid": ("cmd", (["s6-ipcserver-access", "true"],
                                   {"PROTO": "IPC", "IPCREMOTEEUID": "1x"})),
        "access-no-gid": ("cmd", (["s6-ipcserver-access", "true"],
                                  {"PROTO": "IPC", "IPCREMOTEEUID": "1"})),
        "access-no-rules-v2": ("cmd", (["s6-ipcserver-access", "-v2", "-l", "loc", "sh", "-c",
                                        sh_env], {"PROTO": "IPC", "IPCREMOTEEUID": "1",
                                                  "IPCREMOTEEGID": "2"})),
        "access-ipc-local-not-socket": ("cmd", (["s6-ipcserver-access", "true"],
                                                {"PROTO": "IPC", "IPCREMOTEEUID": "1",
                                                 "IPCREMOTEEGID": "2"})),
    }


RULES = {
    # rules directory: key -> files
    "uid/1/allow": "",
    "uid/1/env/RULEVAR": "from uid 1\n",
    "uid/1/env/IPCREMOTEPATH": "",
    "uid/2/deny": "",
    "gid/50/allow": "",
    "gid/50/exec": "sh -c \"echo exec file ran; " + "env | grep -E '^(IPC|PROTO|RULE)' | sort\"",
    "gid/60/deny": "",
    "uid/default/allow": "",
    "uid/default/env/RULEVAR": "default\n",
}


def make_rules(top, rules=RULES):
    for key, data in rules.items():
        path = os.path.join(top, "rules", key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(data)
    return os.path.join(top, "rules")


ACCESS_CASES = {
    # name -> (options, uid, gid)
    "uid1-allow-env": (["-v2", "-e", "-l", "myname"], 1, 7),
    "uid1-allow-E": (["-E"], 1, 7),
    "uid2-deny": (["-v2"], 2, 50),
    "uid2-deny-v1": ([], 2, 50),
    "gid50-exec": (["-l", "x"], 3, 50),
    "gid60-deny": (["-v2", "-E"], 3, 60),
    "default": (["-v0", "-E"], 4, 4),
}


def access_case(impl, top, name):
    opts, uid, gid = ACCESS_CASES[name]
    rules = make_rules(top)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PROTO": "IPC",
           "IPCREMOTEEUID": str(uid), "IPCREMOTEEGID": str(gid), "IPCREMOTEPATH": "rp",
           "IPCCONNNUM": "0", "IPCLOCALPATH": "old"}
    argv = [prog(impl, "s6-ipcserver-access")] + opts + ["-i", rules, "sh", "-c",
                                                          "env | grep -E '^(IPC|PROTO|RULE)' | sort"]
    code, out, err = run(argv, env=env)
    return {"code": code, "stdout": norm(out, top), "stderr": norm(err, top)}


# rules files (-x): a cdb made by C's s6-accessrules-cdb-from-fs from a
# rules directory, or crafted records (made with s6utils.lib.cdb, read by
# both implementations)
RULES_X = dict(RULES, **{
    "uid/self/allow": "",
    "uid/self/env/RULEVAR": "self uid\n",
    "uid/EUID/allow": "",
    "uid/EUID/env/RULEVAR": "numeric euid\n",
    "gid/self/allow": "",
    "gid/self/env/RULEVAR": "self gid\n",
    "uid/9/allow": "",
    "uid/9/deny": "",
    "uid/9/env/RULEVAR": "allow wins\n",
    "uid/10/nothing": "",
    "gid/70/allow": "",
    "gid/70/exec": "sh -c \"echo gid 70 exec; env | grep -E '^(IPC|RULE)' | sort\"\n",
    "gid/70/env/RULEVAR": "with exec\n",
    "gid/70/env/IPCLOCALPATH": "from the rule\n",
})


def cdb_from_fs():
    """C's s6-accessrules-cdb-from-fs: Debian's, else the oracle's."""
    for d in (DEBIAN_BIN, ORACLE_BIN):
        path = os.path.join(d, "s6-accessrules-cdb-from-fs")
        if os.access(path, os.X_OK):
            return path
    pytest.skip("no s6-accessrules-cdb-from-fs")


def make_rules_cdb(top, rules=RULES_X):
    rules = {k.replace("EUID", str(os.geteuid())): v for k, v in rules.items()}
    d = make_rules(top, rules)
    path = os.path.join(top, "rules.cdb")
    code, out, err = run([cdb_from_fs(), path, d])
    assert (code, out, err) == (0, b"", b""), err
    return path


def _allow(env=b"", exe=b""):
    return b"A" + len(env).to_bytes(2, "big") + env + len(exe).to_bytes(2, "big") + exe


def crafted_cdb(records, dlen=None):
    """A cdb of ``records``; ``dlen``: the first record's data length
    claimed as that (running past the end of the file)."""
    from s6utils.lib import cdb
    data = bytearray(cdb.make(records))
    if dlen is not None:
        data[2052:2056] = dlen.to_bytes(4, "little")
    return bytes(data)


_EXEC = b"sh -c \"echo crafted exec; env | grep -E '^RULE' | sort\""
CRAFTED = {
    # name -> cdb bytes
    "empty-record": crafted_cdb([(b"uid/1", b"")]),
    "unknown-kind": crafted_cdb([(b"uid/1", b"X"), (b"gid/7", b"?junk"),
                                 (b"uid/default", b"D")]),
    "short-allow": crafted_cdb([(b"uid/1", b"A\0\0")]),
    "envlen-too-big": crafted_cdb([(b"uid/1", b"A\0\x09RULEVAR=x\0\0\0")]),
    "envlen-over-4096": crafted_cdb([(b"uid/1", _allow(b"R=" + b"x" * 4095 + b"\0"))]),
    "execlen-mismatch": crafted_cdb([(b"uid/1", _allow(b"", b"true") + b"x")]),
    "record-too-long": crafted_cdb([(b"uid/1", b"D" * 8198)]),
    "longest-record": crafted_cdb([(b"uid/1", _allow(b"RULEVAR=" + b"y" * 4087 + b"\0",
                                                   b"sh -c \"echo 4096\"" + b" " * 4078))]),
    "exec-with-nul": crafted_cdb([(b"uid/1", _allow(b"RULEVAR=n\0", _EXEC + b"\0junk"))]),
    "env-twice-and-unset": crafted_cdb([(b"uid/1", _allow(
        b"RULEVAR=first\0RULEVAR=second\0IPCREMOTEPATH\0\0=nameless\0RULE2=a=b\0"))]),
    "env-without-final-nul": crafted_cdb([(b"uid/1", _allow(b"RULEVAR=x\0RULETAIL=y"))]),
    "deny-after-notfound": crafted_cdb([(b"gid/7", b"D")]),
    "deny-past-the-end": crafted_cdb([(b"uid/1", b"D")], dlen=5000),
    "allow-past-the-end": crafted_cdb([(b"uid/1", b"A\0\0\0\0")], dlen=100),
    "header-only": bytes(2048),
    "truncated-header": crafted_cdb([(b"uid/1", b"D")])[:100],
    "truncated-table": crafted_cdb([(b"uid/default", b"D")])[:-16],
}

RULESFILE_CASES = {
    # name -> (options, uid, gid, rules file: "fs" made from RULES_X, a
    # CRAFTED name, or another file "TMP/...")
    "uid1-allow-env": (["-v2", "-e", "-l", "myname"], "1", "7", "fs"),
    "uid1-allow-E": (["-E"], "1", "7", "fs"),
    "uid2-deny": (["-v2"], "2", "50", "fs"),
    "uid2-deny-v1": ([], "2", "50", "fs"),
    "gid50-exec": (["-l", "x"], "3", "50", "fs"),
    "gid60-deny": (["-v2", "-E"], "3", "60", "fs"),
    "gid70-exec-env": (["-v2", "-l", "loc"], "3", "70", "fs"),
    "default": (["-v0", "-E"], "4", "4", "fs"),
    "uid-self": (["-v0", "-E"], "EUID", "4", "fs"),
    "gid-self": (["-v0", "-E"], "4", "EGID", "fs"),
    "allow-and-deny": (["-v0", "-E"], "9", "4", "fs"),
    "empty-key": (["-v0", "-E"], "10", "4", "fs"),
    "missing": (["-v2"], "1", "7", "TMP/nonexistent"),
    "empty-file": (["-v2"], "1", "7", "TMP/empty"),
    "not-cdb": (["-v2"], "1", "7", "TMP/text"),
    "directory": (["-v2"], "1", "7", "TMP"),
    "then-i": (["-v0", "-E", "-x", "TMP/nonexistent", "-i", "TMP/rules"], "1", "7", None),
    "i-then-x": (["-v0", "-E", "-i", "TMP/rules"], "1", "7", "fs"),
}
RULESFILE_CASES.update({"crafted-" + name: (["-v2", "-l", "loc"], "1", "7", name)
                        for name in CRAFTED})
RULESFILE_CASES["crafted-env-without-final-nul-E"] = (["-E"], "1", "7", "env-without-final-nul")


def rulesfile_case(impl, top, name):
    opts, uid, gid, rules = RULESFILE_CASES[name]
    uid = uid.replace("EUID", str(os.geteuid()))
    gid = gid.replace("EGID", str(os.getegid()))
    path = make_rules_cdb(top)
    with open(os.path.join(top, "empty"), "w"):
        pass
    with open(os.path.join(top, "text"), "w") as f:
        f.write("not a cdb\n")
    if rules in CRAFTED:
        path = os.path.join(top, "crafted.cdb")
        with open(path, "wb") as f:
            f.write(CRAFTED[rules])
    elif rules not in ("fs", None):
        path = rules.replace("TMP", top)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PROTO": "IPC",
           "IPCREMOTEEUID": uid, "IPCREMOTEEGID": gid, "IPCREMOTEPATH": "rp",
           "IPCCONNNUM": "0", "IPCLOCALPATH": "old"}
    argv = [prog(impl, "s6-ipcserver-access")] + [o.replace("TMP", top) for o in opts]
    if rules is not None:
        argv += ["-x", path]
    argv += ["sh", "-c", "env | grep -E '^(IPC|PROTO|RULE)' | sort"]
    code, out, err = run(argv, env=env, cwd=top)
    return {"code": code, "stdout": norm(out, top), "stderr": norm(err, top)}


def cmd_case(impl, top, name):
    _, (argv, env) = _cases()[name]
    argv = [a.replace("TMP", top) for a in argv]
    full = dict(PATH=os.environ.get("PATH", "/usr/bin:/bin"), **env)
    code, out, err = run([prog(impl, argv[0])] + argv[1:], env=full, cwd=top)
    return {"code": code, "stdout": norm(out, top), "stderr": norm(err, top)}


SERVER_CASES = {
    # name -> (ipcserverd options, program, client options)
    "env": (["-v2"], ["sh", "-c", "env | grep -E '^(IPC|PROTO)' | sort"], []),
    "env-P": (["-P"], ["sh", "-c", "env | grep -E '^(IPC|PROTO)' | sort"], []),
    "client-local": ([], ["sh", "-c", "echo served"], ["-l", "here"]),
    "client-v": ([], ["sh", "-c", "echo served"], ["-v"]),
    "spawn-fails": (["-v2"], ["TMP/nonexistent"], []),
}


def server_case(impl, top, name):
    opts, program, copts = SERVER_CASES[name]
    program = [a.replace("TMP", top) for a in program]
    path = os.path.join(top, "s")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    srv = Server(impl, path, program, opts, env=env)
    try:
        code, out, err = run([prog(impl, "s6-ipcclient")] + copts +
                             [path, "sh", "-c", "cat <&6; env | grep -E '^(IPC|PROTO)' | sort"],
                             env=env)
        time.sleep(0.1)  # the end of the connection is logged
    finally:
        serr = srv.stop()
    return {"code": code, "stdout": norm(out, top), "stderr": norm(err, top),
            "server_stderr": norm(serr, top)}


def all_cases():
    out = {}
    for name in _cases():
        out["cmd/" + name] = cmd_case
    for name in ACCESS_CASES:
        out["access/" + name] = access_case
    for name in RULESFILE_CASES:
        out["rulesfile/" + name] = rulesfile_case
    for name in SERVER_CASES:
        out["server/" + name] = server_case
    return out


def run_case(impl, key):
    fn = all_cases()[key]
    with tempfile.TemporaryDirectory() as top:
        return fn(impl, top, key.split("/", 1)[1])


GOLDEN = load_golden("ipc.json")
# where execpy knowingly differs from C (see the README's deviations)
KNOWN = {}


@pytest.mark.parametrize("key", sorted(all_cases()))
def test_ipc_case(key):
    if key not in GOLDEN:
        pytest.fail("no recording for %s: run python3 tests/test_s6_ipc.py --record" % key)
    got = run_case("py", key)
    assert got == GOLDEN[key]


@pytest.mark.skipif(not have_oracle(), reason="no C s6 2.15.1.0 in /tmp/oracle")
@pytest.mark.parametrize("key", sorted(all_cases()))
def test_ipc_case_recording_is_c(key):
    assert run_case("c", key) == GOLDEN[key]


@pytest.mark.skipif(not have_debian(), reason="no Debian s6 in /usr/bin")
@pytest.mark.parametrize("key", sorted(k for k in all_cases() if k.startswith("rulesfile/")))
def test_rulesfile_case_debian_agrees(key):
    """Debian's s6 2.11.3.2 (which CI has) reads rules files as 2.15.1.0
    does: its s6-ipcserver-access gives the recorded results too."""
    assert run_case("deb", key) == GOLDEN[key]


# --------------------------------------------------------------------------
# behaviours that need a live server

def _srv_env():
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}


@pytest.mark.parametrize("impl", ["py", "c"])
def test_maxconn_and_localmaxconn(impl, tmp_path):
    """-c 2: a third client waits until one of the first two ends; -C 1
    refuses a second connection from the same uid (logged)."""
    if impl == "c" and not have_oracle():
        pytest.skip("no oracle")
    top = str(tmp_path)
    path = os.path.join(top, "s")
    srv = Server(impl, path, ["sh", "-c", "read x; echo got $x"], ["-c", "2"], env=_srv_env())
    try:
        conns = [socket.socket(socket.AF_UNIX) for _ in range(3)]
        for c in conns:
            c.connect(path)
        time.sleep(0.3)
        conns[2].send(b"third\n")
        conns[2].settimeout(0.3)
        with pytest.raises(socket.timeout):
            conns[2].recv(100)  # not accepted yet
        conns[0].send(b"first\n")
        conns[0].settimeout(5)
        assert conns[0].recv(100) == b"got first\n"
        conns[2].settimeout(5)
        assert conns[2].recv(100) == b"got third\n"
        for c in conns:
            c.close()
    finally:
        srv.stop()
    srv = Server(impl, path, ["sh", "-c", "read x; echo got $x"], ["-C", "1"], env=_srv_env())
    try:
        a = socket.socket(socket.AF_UNIX)
        a.connect(path)
        time.sleep(0.2)
        b = socket.socket(socket.AF_UNIX)
        b.connect(path)
        b.settimeout(5)
        assert b.recv(100) == b""  # closed at once: over the per-uid limit
        a.send(b"x\n")
        a.settimeout(5)
        assert a.recv(100) == b"got x\n"
        a.close()
        b.close()
    finally:
        err = srv.stop()
    assert re.search(rb"s6-ipcserverd: info: deny 0:0 count 1/1: ", err), err


@pytest.mark.parametrize("impl", ["py", "c"])
@pytest.mark.parametrize("sig", ["HUP", "QUIT", "ABRT", "TERM"])
def test_signals(impl, sig, tmp_path):
    """SIGHUP: connections get SIGTERM+SIGCONT, the server goes on; SIGQUIT:
    that, and it exits; SIGABRT: SIGKILL to them, exits; SIGTERM: it exits,
    connections live on."""
    if impl == "c" and not have_oracle():
        pytest.skip("no oracle")
    top = str(tmp_path)
    path = os.path.join(top, "s")
    mark = os.path.join(top, "mark")
    script = "trap 'echo TERM >> %s; exit 0' TERM; echo started; while :; do sleep 0.05; done" % mark
    srv = Server(impl, path, ["sh", "-c", script], ["-v2"], env=_srv_env())
    try:
        c = socket.socket(socket.AF_UNIX)
        c.connect(path)
        c.settimeout(5)
        assert c.recv(100) == b"started\n"
        srv.p.send_signal(getattr(signal, "SIG" + sig))
        time.sleep(0.5)
        alive = srv.p.poll() is None
        data = b""
        if sig == "TERM":
            c.settimeout(0.2)
            with pytest.raises(socket.timeout):
                c.recv(100)  # the connection's program lives on
        else:
            data = c.recv(100)
        c.close()
    finally:
        err = srv.stop(signal.SIGTERM)
        wait_no_children_of(mark, 5 if sig != "TERM" else 0.3)
        kill_named(mark)  # after TERM the connections live on: this test ends them
    assert data == b""
    assert alive == (sig == "HUP")
    termed = os.path.exists(mark)
    assert termed == (sig in ("HUP", "QUIT"))
    lines = [line for line in norm(err).splitlines() if "received" in line]
    expected = {
        "HUP": "s6-ipcserverd: info: received SIGHUP, sending SIGTERM+SIGCONT to all connections",
        "QUIT": "s6-ipcserverd: info: received SIGQUIT, sending SIGTERM+SIGCONT to all "
                "connections and quitting",
        "ABRT": "s6-ipcserverd: info: received SIGABRT, sending SIGKILL to all connections "
                "and quitting",
        "TERM": "s6-ipcserverd: info: received SIGTERM, quitting",
    }[sig]
    assert lines[0] == expected


@pytest.mark.parametrize("impl", ["py", "c"])
def test_readiness_and_children_reaped(impl, tmp_path):
    """-1 gives the newline once listening; every connection's child is
    reaped (no zombie after 20 connections)."""
    if impl == "c" and not have_oracle():
        pytest.skip("no oracle")
    path = str(tmp_path / "s")
    srv = Server(impl, path, ["true"], env=_srv_env())
    try:
        for _ in range(20):
            c = socket.socket(socket.AF_UNIX)
            c.connect(path)
            c.settimeout(5)
            assert c.recv(10) == b""
            c.close()
        time.sleep(0.3)
        import psutil
        kids = psutil.Process(srv.p.pid).children()
        assert [k for k in kids if k.status() == psutil.STATUS_ZOMBIE] == []
    finally:
        srv.stop()


def test_ipcserver_chain_options(tmp_path):
    """s6-ipcserver's options reach the chain: -a perms on the socket, -v2
    logs, -1 readiness; C (Debian 2.11.3.2 or the oracle) makes the same."""
    path = str(tmp_path / "s")
    p = subprocess.Popen([os.path.join(PY_BIN, "s6-ipcserver"), "-1", "-v", "-a", "0700",
                          "-c", "3", path, "true"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        assert p.stdout.readline() == b"\n"
        assert oct(os.stat(path).st_mode & 0o777) == "0o700"
    finally:
        p.terminate()
        out, err = p.communicate(timeout=TIMEOUT)
    assert err.splitlines()[:2] == [b"s6-ipcserverd: info: starting",
                                   b"s6-ipcserverd: info: status: 0/3"]
    assert err.splitlines()[-1] == b"s6-ipcserverd: info: exiting"


# --------------------------------------------------------------------------
# the chains s6-ipcserver and s6-sudo exec into (C names its programs by
# absolute path; execpy by name, run in-process)

CHAIN_CASES = {
    "ipcserver-plain": ["s6-ipcserver", "/nonexistent/s", "true"],
    "ipcserver-all": ["s6-ipcserver", "-v", "-1", "-U", "-u", "5", "-G", "1,2", "-a", "0700",
                      "-b", "0", "-c", "7", "-C", "0", "-P", "/nonexistent/s", "true", "x"],
    "ipcserver-q-D-g": ["s6-ipcserver", "-q", "-D", "-g", "3", "-b", "9", "-c", "0",
                        "/nonexistent/s", "prog"],
    "ipcserver-empty-G": ["s6-ipcserver", "-G", "", "-a", "777", "/nonexistent/s", "prog"],
    "ipcserver-U-then-u": ["s6-ipcserver", "-u", "4", "-U", "-Q", "/nonexistent/s", "prog"],
    "sudo-plain": ["s6-sudo", "/nonexistent/s"],
    "sudo-all": ["s6-sudo", "-v", "-v", "-p", "bp", "-l", "ln", "-e", "-t", "5", "-T", "6",
                 "/nonexistent/s", "a", "b"],
    "sudo-q": ["s6-sudo", "-q", "-T", "0", "/nonexistent/s", "x"],
    "sudo-vvvv": ["s6-sudo", "-vvvvvv", "/nonexistent/s"],
}


def c_chain(argv):
    """The argv C's program execs into (strace), its paths cut to names."""
    import shutil
    if not shutil.which("strace"):
        pytest.skip("no strace")
    with tempfile.TemporaryDirectory() as top:
        out = os.path.join(top, "trace")
        subprocess.run(["strace", "-f", "-qq", "-e", "trace=execve", "-s", "4096", "-o", out,
                        os.path.join(ORACLE_BIN, argv[0])] + argv[1:], capture_output=True,
                       timeout=TIMEOUT, stdin=subprocess.DEVNULL, cwd=top)  # -p binds there
        with open(out) as f:
            lines = [line for line in f if "execve(" in line]
    words = json.loads("[" + lines[1].split("[", 1)[1].split("], ", 1)[0] + "]")
    return [w.replace(ORACLE_BIN + "/", "") for w in words]


def py_chain(argv):
    from execpy import commands
    from execpy.engine.core import Ctx
    mod = commands.load(argv[0].encode())
    step = mod.main(Ctx({}), [a.encode() for a in argv])
    return [w.decode() for w in step.argv]


CHAIN_GOLDEN = load_golden("chains.json")


@pytest.mark.parametrize("name", sorted(CHAIN_CASES))
def test_chain(name):
    assert py_chain(CHAIN_CASES[name]) == CHAIN_GOLDEN[name]


@pytest.mark.skipif(not have_oracle(), reason="no oracle")
@pytest.mark.parametrize("name", sorted(CHAIN_CASES))
def test_chain_recording_is_c(name):
    assert c_chain(CHAIN_CASES[name]) == CHAIN_GOLDEN[name]


def record():
    save_golden("chains.json", {name: c_chain(argv) for name, argv in CHAIN_CASES.items()})
    data = {}
    for key in sorted(all_cases()):
        data[key] = run_case("c", key)
    save_golden("ipc.json", data)
    print("recorded %d cases" % len(data))


if __name__ == "__main__":
    if sys.argv[1:] == ["--record"]:
        record()
    else:
        for key in sys.argv[1:] or sorted(all_cases()):
            c = run_case("c", key)
            py = run_case("py", key)
            print(("ok   " if c == py else "DIFF ") + key)
            if c != py:
                print("  C :", c)
                print("  py:", py)
