"""s6's fd holder: execpy's s6-fdholderd and clients against the C ones.

One scenario (store, list, getdump, retrieve, delete, expiry, setdump,
transferdump, errors) runs with every pairing of a server and a set of
clients: execpy's, Debian's s6 2.11.3.2 and, when /tmp/oracle is built,
s6 2.15.1.0. What C-with-C printed is in tests/golden/fdholder/ (2.15.1.0:
``scenario.json``; 2.11.3.2: ``scenario-2.11.json``), so CI without the
oracle still checks execpy against it; regenerate with
FDHOLDER_GOLDEN=1 (needs /tmp/oracle/bin). The servers read their rules
from a directory (-i) or from a cdb file (-x) made from it by C's
s6-accessrules-cdb-from-fs.
"""

import errno
import json
import os
import re
import signal
import subprocess
import time

import pytest

from tests.conftest import BIN, ROOT
from tests.test_s6_ipc import cdb_from_fs

GOLDEN = os.path.join(ROOT, "tests", "golden", "fdholder")
DEBIAN = "/usr/bin"
ORACLE = "/tmp/oracle/bin"
ENV = {"PATH": "/usr/bin:/bin"}
LONG = "pipe:" + "x" * 251

IMPLS = {"execpy": BIN, "debian": DEBIAN, "oracle": ORACLE}


def have(impl):
    return os.access(os.path.join(IMPLS[impl], "s6-fdholderd"), os.X_OK)


def golden_name(impl):
    return "scenario-2.11.json" if impl == "debian" else "scenario.json"


# execpy follows 2.15.1.0 (its golden file, with glibc's error texts)


# (argv, stdin or None for /dev/null, "expires" for the store of an fd
# with a limit, "expired" for a step that waits until it passed): "@S" is
# the socket, "@T" a second server's, "@D/" the clients' directory
SHOW = ["/usr/bin/env"]  # the S6_FD* lines are kept, in environment order
SCENARIO = [
    (["@D/s6-fdholder-store", "@S", "pipe:a"], b"hello\n", 0),
    (["@D/s6-fdholder-store", "@S", "other:a"], None, 0),
    (["@D/s6-fdholder-store", "-T", "1500", "@S", "pipe:b"], None, "expires"),
    (["@D/s6-fdholder-store", "@S", "pipe:a"], None, 0),
    (["@D/s6-fdholder-store", "-d", "0", "-t", "1000", "@S", "pipe:c\\\x01\"q"], None, 0),
    (["@D/s6-fdholder-store", "@S", LONG], None, 0),
    (["@D/s6-fdholder-store", "-d", "9", "@S", "pipe:badfd"], None, 0),
    (["@D/s6-fdholder-list", "@S"], None, 0),
    (["@D/s6-fdholder-getdump", "@S"] + SHOW, None, 0),
    (["@D/s6-fdholder-retrieve", "@S", "pipe:a", "cat"], None, 0),
    (["@D/s6-fdholder-retrieve", "-D", "@S", "pipe:c\\\x01\"q", "true"], None, 0),
    (["@D/s6-fdholder-retrieve", "@S", "pipe:c\\\x01\"q", "true"], None, 0),
    (["@D/s6-fdholder-retrieve", "@S", "other:a", "true"], None, 0),
    (["@D/s6-fdholder-delete", "@S", "pipe:a"], None, 0),
    (["@D/s6-fdholder-delete", "@S", "other:a"], None, 0),
    (["@D/s6-fdholder-delete", "-t", "500", "@S", "pipe:nope"], None, 0),
    (["@D/s6-fdholder-list", "@S"], None, "expired"),  # pipe:b has gone
    (["/usr/bin/env", "S6_FD#=2", "S6_FD_0=0", "S6_FDID_0=pipe:set", "S6_FD_1=0",
      "S6_FDID_1=pipe:set2", "S6_FDLIMIT_1=@4000000100000000000000ff",
      "@D/s6-fdholder-setdump", "@S"], b"dumped\n", 0),
    (["@D/s6-fdholder-getdump", "-t", "2000", "@S"] + SHOW, None, 0),
    (["@D/s6-fdholder-retrieve", "@S", "pipe:set", "cat"], None, 0),
    (["@D/s6-fdholder-setdump", "@S"], None, 0),
    (["/usr/bin/env", "S6_FD#=x", "@D/s6-fdholder-setdump", "@S"], None, 0),
    (["/usr/bin/env", "S6_FD#=1", "@D/s6-fdholder-setdump", "@S"], None, 0),
    (["/usr/bin/env", "S6_FD#=1", "S6_FD_0=0", "@D/s6-fdholder-setdump", "@S"], None, 0),
    (["/usr/bin/env", "S6_FD#=1", "S6_FD_0=0", "S6_FDID_0=pipe:y", "S6_FDLIMIT_0=zz",
      "@D/s6-fdholder-setdump", "@S"], None, 0),
    (["/usr/bin/env", "S6_FD#=1", "S6_FD_0=0", "S6_FDID_0=bad:y",
      "@D/s6-fdholder-setdump", "@S"], None, 0),
    (["/usr/bin/env", "S6_FD#=0", "@D/s6-fdholder-setdump", "@S"], None, 0),
    (["@D/s6-fdholder-transferdump", "-t", ":3000", "@S", "@T"], None, 0),
    (["@D/s6-fdholder-list", "@T"], None, 0),
    (["@D/s6-fdholder-transferdump", "@S", "/nonexistent/sock"], None, 0),
    (["@D/s6-fdholder-transferdump", "/nonexistent/sock", "@T"], None, 0),
    (["@D/s6-fdholder-transferdump", "-t", "1x", "@S", "@T"], None, 0),
    (["@D/s6-fdholder-transferdump", "-t", "100:", "@S"], None, 0),
    (["@D/s6-fdholder-list", "/nonexistent/sock"], None, 0),
    (["@D/s6-fdholder-store", "@S"], None, 0),
    (["@D/s6-fdholder-store", "-d", "x", "@S", "pipe:q"], None, 0),
    (["@D/s6-fdholder-retrieve", "@S", "pipe:set"], None, 0),
    (["@D/s6-fdholder-retrieve", "-X", "@S", "pipe:set", "true"], None, 0),
    (["@D/s6-fdholder-delete", "@S"], None, 0),
    (["@D/s6-fdholder-list"], None, 0),
    (["@D/s6-fdholder-getdump", "@S"], None, 0),
    (["@D/s6-fdholder-list", "@S"], None, 0),
]

_LIMIT = re.compile(rb"^(S6_FDLIMIT_\d+=@)[0-9a-f]{24}$", re.M)


def _normalise(out, argv):
    """getdump's output: only the S6_FD* lines. Limits of fds stored 'now'
    differ from run to run: keep only that one was there (the one set from
    the environment stays exact)."""
    if argv[-1:] == SHOW:
        out = b"".join(line + b"\n" for line in out.split(b"\n") if line.startswith(b"S6_FD"))
    return _LIMIT.sub(lambda m: m.group(0) if m.group(0).endswith(b"00000000000000ff")
                      else m.group(1) + b"LIMIT", out)


def make_rules(path, store=r"^pipe:", retrieve=r"^pipe:"):
    env = os.path.join(path, "uid", str(os.getuid()), "env")
    os.makedirs(env)
    open(os.path.join(path, "uid", str(os.getuid()), "allow"), "w").close()
    for name, value in (("S6_FDHOLDER_LIST", ""), ("S6_FDHOLDER_GETDUMP", ""),
                        ("S6_FDHOLDER_SETDUMP", ""), ("S6_FDHOLDER_STORE_REGEX", store),
                        ("S6_FDHOLDER_RETRIEVE_REGEX", retrieve)):
        with open(os.path.join(env, name), "w") as f:
            f.write(value + "\n")


def make_cdb(rulesdir, path=None):
    """The rules file C makes of a rules directory (replacing ``path``
    at once, as the C tool does)."""
    path = path or rulesdir + ".cdb"
    p = subprocess.run([cdb_from_fs(), path, rulesdir], capture_output=True, timeout=10)
    assert (p.returncode, p.stderr) == (0, b""), p.stderr
    return path


class Server:
    """An fd-holder daemon of one implementation, ready (-1) on a socket;
    ``rules`` is a directory (-i), or a file (-x) when it ends in .cdb."""

    def __init__(self, impl, tmp, name, rules, extra=()):
        self.path = os.path.join(str(tmp), name)
        flag = "-x" if rules.endswith(".cdb") else "-i"
        r, w = os.pipe()
        self.proc = subprocess.Popen(
            [os.path.join(IMPLS[impl], "s6-fdholder-daemon"), "-1"] + list(extra)
            + [flag, rules, self.path], stdout=w, stderr=subprocess.PIPE, env=ENV,
            close_fds=True)
        os.close(w)
        try:
            ready = os.read(r, 1)
        finally:
            os.close(r)
        assert ready == b"\n", self.stop()

    def stop(self):
        """SIGTERM; (exit code, stderr)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            _, err = self.proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate(timeout=10)
        return self.proc.returncode, err


def _paths(text, one, two):
    return text.replace(one.path, "@S").replace(two.path, "@T")


def run_scenario(server_impl, client_impl, tmp, rulesfile=False):
    rules = os.path.join(str(tmp), "rules")
    make_rules(rules)
    if rulesfile:
        rules = make_cdb(rules)
    one = Server(server_impl, tmp, "s", rules)
    try:
        two = Server(server_impl, tmp, "t", rules)
    except BaseException:
        one.stop()
        raise
    results = []
    try:
        stored = None
        for argv, stdin, pause in SCENARIO:
            if pause == "expired":
                time.sleep(max(0, stored + 1.8 - time.monotonic()))
            argv = [a.replace("@S", one.path).replace("@T", two.path)
                    .replace("@D", IMPLS[client_impl]) for a in argv]
            p = subprocess.run(argv, input=stdin if stdin is not None else b"",
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=ENV, timeout=20)
            if pause == "expires":
                stored = time.monotonic()  # the limit is now + 1.5 s, or earlier
            results.append([_paths(_normalise(p.stdout, argv).decode("latin-1"), one, two),
                            _paths(p.stderr.decode("latin-1"), one, two), p.returncode])
    finally:
        for server in (one, two):
            code, err = server.stop()
            results.append(["", err.decode("latin-1"), code])
    return results


def _golden(name):
    with open(os.path.join(GOLDEN, name)) as f:
        return json.load(f)


def glibc_texts(results):
    """The musl error texts of s6-overlay's static build as glibc words
    them: execpy's s6 tools print glibc's (README: deviations)."""
    from s6utils.rc.errtext import MUSL
    table = [(m.decode(), os.strerror(e)) for e, m in MUSL.items() if e]
    out = []
    for stdout, stderr, code in results:
        for musl, glibc in table:
            if stderr.endswith(": " + musl + "\n"):
                stderr = stderr[:-len(musl) - 1] + glibc + "\n"
        out.append([stdout, stderr, code])
    return out


def _compare(got, want):
    for i, (g, w) in enumerate(zip(got, want)):
        step = SCENARIO[i][0] if i < len(SCENARIO) else "server exit"
        assert g == w, "step %d %r:\n got %r\nwant %r" % (i, step, g, w)
    assert len(got) == len(want)


@pytest.mark.skipif(not os.environ.get("FDHOLDER_GOLDEN"), reason="regenerates golden files")
def test_make_golden(tmp_path):
    os.makedirs(GOLDEN, exist_ok=True)
    for impl in ("oracle", "debian"):
        if not have(impl):
            pytest.skip("no %s build" % impl)
        d = tmp_path / impl
        d.mkdir()
        res = run_scenario(impl, impl, d)
        with open(os.path.join(GOLDEN, golden_name(impl)), "w") as f:
            json.dump(res, f, indent=1)
            f.write("\n")


# which golden file a (server, clients) pairing must reproduce: the clients'
# version decides the messages; the protocol is the same in both
PAIRS = [
    ("execpy", "execpy", "execpy"),
    ("debian", "execpy", "execpy"),
    ("execpy", "debian", "debian"),
    ("oracle", "execpy", "execpy"),
    ("execpy", "oracle", "oracle"),
]


@pytest.mark.parametrize("server,clients,version", PAIRS)
def test_scenario(server, clients, version, tmp_path):
    for impl in (server, clients):
        if not have(impl):
            pytest.skip("no %s build" % impl)
    got = run_scenario(server, clients, tmp_path)
    want = _golden(golden_name(version))
    if version == "execpy":
        want = glibc_texts(want)
    _compare(got, want)


@pytest.mark.parametrize("server", ["execpy", "debian", "oracle"])
def test_scenario_rulesfile(server, tmp_path):
    """The same scenario with the servers' rules in a cdb file (-x): the
    same answers (execpy's clients, so execpy's texts)."""
    if not have(server):
        pytest.skip("no %s build" % server)
    got = run_scenario(server, "execpy", tmp_path, rulesfile=True)
    _compare(got, glibc_texts(_golden("scenario.json")))


# --------------------------------------------------------------------------
# the server's own options, refusals and exits

def _run(argv, stdin=subprocess.DEVNULL, timeout=10):
    p = subprocess.run(argv, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=ENV, timeout=timeout)
    return p.stdout, p.stderr, p.returncode


SERVER_ERRORS = [
    ["s6-fdholderd"],
    ["s6-fdholderd", "-i", "rules"],
    ["s6-fdholderd", "-c", "x", "-i", "rules"],
    ["s6-fdholderd", "-Z"],
    ["s6-fdholder-daemon"],
    ["s6-fdholder-daemon", "-n", "-1", "s"],
    ["s6-fdholder-daemon", "s"],
    ["s6-fdholder-daemon", "-i", "rules", "/nonexistent/s"],
    ["s6-fdholder-daemon", "-x", "/nonexistent/rules.cdb", "@SOCK"],
    ["s6-fdholder-daemon", "-x", "@EMPTY", "@SOCK"],
    ["s6-fdholder-daemon", "-x", "@DIR", "@SOCK"],
    ["s6-fdholderd", "-x", "@DIR"],
    ["s6-fdholderd", "-1", "-i", "rules"],  # stdout closed
]


@pytest.mark.parametrize("argv", SERVER_ERRORS, ids=" ".join)
@pytest.mark.parametrize("impl", ["execpy", "debian", "oracle"])
def test_server_refuses(impl, argv, tmp_path):
    if not have(impl):
        pytest.skip("no %s build" % impl)
    import socket
    (tmp_path / "empty").write_bytes(b"")
    (tmp_path / "dir").mkdir()
    argv = [a.replace("@SOCK", str(tmp_path / "s")).replace("@EMPTY", str(tmp_path / "empty"))
            .replace("@DIR", str(tmp_path / "dir")) for a in argv]
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(str(tmp_path / "listening"))
        sock.listen()
        stdin = sock.fileno() if argv[1:2] == ["-1"] else subprocess.DEVNULL

        def run(d):
            p = subprocess.run([os.path.join(d, argv[0])] + argv[1:], stdin=stdin,
                               stdout=subprocess.DEVNULL if stdin != subprocess.DEVNULL
                               else subprocess.PIPE, stderr=subprocess.PIPE, env=ENV,
                               timeout=10, preexec_fn=(lambda: os.close(1))
                               if stdin != subprocess.DEVNULL else None)
            return p.stdout, p.stderr.replace(os.fsencode(str(tmp_path)), b"@"), p.returncode

        got, want = run(IMPLS[impl]), run(DEBIAN)
    finally:
        sock.close()
    assert got == want


@pytest.mark.parametrize("impl", ["execpy", "debian"])
@pytest.mark.parametrize("rules", ["empty", "deny", "badregex"])
@pytest.mark.parametrize("kind", ["dir", "file"])
def test_refused_clients(impl, rules, kind, tmp_path):
    """A client the rules (a directory or a cdb file) do not let in is
    disconnected: its request fails (exit 1); a bad regexp in the rules is
    reported, with the unused exec."""
    d = tmp_path / "rules"
    me = d / "uid" / str(os.getuid())
    if rules == "deny":
        me.mkdir(parents=True)
        (me / "deny").write_text("")
    elif rules == "badregex":
        (me / "env").mkdir(parents=True)
        (me / "allow").write_text("")
        (me / "exec").write_text("x\n")
        (me / "env" / "S6_FDHOLDER_STORE_REGEX").write_text("(\n")
    else:
        d.mkdir()
    server = Server(impl, tmp_path, "s", make_cdb(str(d)) if kind == "file" else str(d))
    try:
        out, err, code = _run([os.path.join(BIN, "s6-fdholder-list"), server.path])
    finally:
        code2, serr = server.stop()
    assert code == 1 and err.startswith(b"s6-fdholder-list: fatal: unable to get fd list: ")
    assert code2 == 0
    if rules == "badregex":
        # C's errno: 0 as the rules directory's reading left it; ESRCH as
        # the server's loop left it (no fd held), which the file's lookup
        # does not touch
        err = b"Success" if kind == "dir" else b"No such process"
        assert serr == (b"s6-fdholderd: warning: unused exec string in rules for uid %d gid %d\n"
                        b"s6-fdholderd: warning: invalid S6_FDHOLDER_STORE_REGEX value: (: "
                        b"Unmatched ( or \\(\n"
                        b"s6-fdholderd: warning: unable to parse_env: %s\n"
                        % (os.getuid(), os.getgid(), err))
    else:
        assert serr == b""


def _write_rules(d, files):
    """A rules directory holding ``files`` (path -> text) for this uid."""
    import shutil
    shutil.rmtree(d, ignore_errors=True)
    me = os.path.join(d, "uid", str(os.getuid()))
    os.makedirs(me)
    for name, text in files.items():
        path = os.path.join(me, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)


def _replace(path, data):
    with open(path + ".new", "wb") as f:
        f.write(data)
    os.rename(path + ".new", path)


@pytest.mark.parametrize("impl", ["execpy", "debian", "oracle"])
def test_rulesfile_rights_and_reload(impl, tmp_path):
    """-x: the rights come from the file's env records (an empty
    S6_FDHOLDER_LIST file unsets it: no right); SIGHUP reads the file
    again, and keeps the rules in use when it cannot; a file that is no
    cdb, or a malformed record, is an error checking each client's rules,
    logged with C's errno (which the lookup leaves as it was: ESRCH while
    no fd is held, else 0)."""
    if not have(impl):
        pytest.skip("no %s build" % impl)
    from s6utils.lib import cdb
    d = str(tmp_path / "rules")
    rules = str(tmp_path / "rules.cdb")
    allow = {"allow": "", "env/S6_FDHOLDER_STORE_REGEX": "^pipe:\n",
             "env/S6_FDHOLDER_RETRIEVE_REGEX": "^pipe:\n", "env/S6_FDHOLDER_LIST": "",
             "env/S6_FDHOLDER_GETDUMP": "yes\n"}
    _write_rules(d, allow)
    make_cdb(d, rules)
    server = Server(impl, tmp_path, "s", rules)
    steps = []

    def client(*argv, opts=()):
        p = subprocess.run([os.path.join(BIN, "s6-fdholder-" + argv[0])] + list(opts)
                           + [server.path] + list(argv[1:]), stdin=subprocess.DEVNULL,
                           capture_output=True, env=ENV, timeout=10)
        # a refused client's own error (EPIPE or ECONNRESET) is a race
        err = p.stderr if p.stderr.endswith(b"Operation not permitted\n") else b""
        out = _normalise(p.stdout, list(argv))
        out = b"".join(line + b"\n" for line in out.splitlines() if not line.startswith(b"S6_FD_"))
        steps.append((argv[0], p.returncode, out, err))

    def hup():
        server.proc.send_signal(signal.SIGHUP)
        time.sleep(0.4)

    try:
        client("store", "pipe:a")
        client("list")  # no list right
        client("getdump", *SHOW)
        client("store", "other:a")
        _write_rules(d, {"deny": ""})
        make_cdb(d, rules)
        hup()
        client("retrieve", "pipe:a", "true")  # denied now
        _replace(rules, b"not a cdb\n")
        hup()
        client("retrieve", "pipe:a", "true")  # error, fds held
        os.unlink(rules)
        hup()  # cannot read it: the rules in use stay
        client("retrieve", "pipe:a", "true")
        _write_rules(d, allow)
        make_cdb(d, rules)
        hup()
        client("retrieve", "pipe:a", "true", opts=["-D"])
        _replace(rules, b"not a cdb\n")
        hup()
        client("retrieve", "pipe:a", "true")  # error, no fd held
        _replace(rules, cdb.make([(b"uid/%d" % os.getuid(), b"A\0\5x=y\0\0\0")]))
        hup()
        client("store", "pipe:b")
    finally:
        code, err = server.stop()
    if impl == "oracle":  # musl's text for errno 0
        err = err.replace(b": No error information\n", b": Success\n")
    assert steps == [
        ("store", 0, b"", b""),
        ("list", 1, b"", b"s6-fdholder-list: fatal: unable to get fd list: "
         b"Operation not permitted\n"),
        ("getdump", 0, b"S6_FD#=1\nS6_FDID_0=pipe:a\n", b""),
        ("store", 1, b"", b"s6-fdholder-store: fatal: unable to store fd: "
         b"Operation not permitted\n"),
        ("retrieve", 1, b"", b""),
        ("retrieve", 1, b"", b""),
        ("retrieve", 1, b"", b""),
        ("retrieve", 0, b"", b""),
        ("retrieve", 1, b"", b""),
        ("store", 1, b"", b""),
    ]
    assert (code, err) == (0, b"s6-fdholderd: warning: error while checking rules: Success\n"
                           b"s6-fdholderd: warning: error while checking rules: Success\n"
                           b"s6-fdholderd: warning: error while checking rules: No such process\n"
                           b"s6-fdholderd: warning: error while checking rules: "
                           b"Invalid argument\n")


@pytest.mark.skipif(os.getuid() != 0, reason="needs root (a client of another uid)")
@pytest.mark.parametrize("record", ["badregex", "invalid"])
@pytest.mark.parametrize("impl", ["execpy", "debian", "oracle"])
def test_rulesfile_errors_while_fds_held(impl, record, tmp_path):
    """-x, a second uid whose record has a bad regexp or whose lookup
    walks off the file: each of its clients is refused with a warning
    carrying C's errno as the loop left it: ESRCH while no fd is held,
    EPIPE once a client hung up."""
    if not have(impl):
        pytest.skip("no %s build" % impl)
    import shutil
    import struct
    import tempfile
    from s6utils.lib import cdb
    me = os.getuid()

    def allow(env):
        return b"A" + len(env).to_bytes(2, "big") + env + b"\0\0"

    data = bytearray(cdb.make([
        (b"uid/%d" % me, allow(b"S6_FDHOLDER_STORE_REGEX=^pipe:\0S6_FDHOLDER_LIST=1\0")),
        (b"uid/65534", allow(b"S6_FDHOLDER_STORE_REGEX=(\0"))]))
    if record == "invalid":  # uid/65534's hash table, past the end
        struct.pack_into("<II", data, (cdb.khash(b"uid/65534") << 3) & 2047, 0x7fffff00, 2)
    top = tempfile.mkdtemp(prefix="fdholder-x-")
    try:
        os.chmod(top, 0o755)
        rules = os.path.join(top, "rules.cdb")
        with open(rules, "wb") as f:
            f.write(data)
        server = Server(impl, top, "s", rules)
        codes = []
        try:
            os.chmod(server.path, 0o777)

            def client(name, *args, other=False):
                kw = {"user": 65534, "group": 65534, "extra_groups": []} if other else {}
                p = subprocess.run([os.path.join(BIN, "s6-fdholder-" + name), server.path]
                                   + list(args), stdin=subprocess.DEVNULL, capture_output=True,
                                   env=ENV, timeout=10, **kw)
                codes.append(p.returncode)

            client("list", other=True)
            client("store", "pipe:a")
            client("list", other=True)
            client("list")
            client("list", other=True)
        finally:
            code, err = server.stop()
    finally:
        shutil.rmtree(top, ignore_errors=True)
    assert codes == [1, 0, 1, 0, 1]
    if record == "badregex":
        regex = (b"Missing ')'" if impl == "oracle" else b"Unmatched ( or \\(")
        lines = [b"s6-fdholderd: warning: invalid S6_FDHOLDER_STORE_REGEX value: (: " + regex
                 + b"\ns6-fdholderd: warning: unable to parse_env: " + e + b"\n"
                 for e in (b"No such process", b"Broken pipe", b"Broken pipe")]
    else:
        lines = [b"s6-fdholderd: warning: error while checking rules: " + e + b"\n"
                 for e in (b"No such process", b"Broken pipe", b"Broken pipe")]
    assert (code, err) == (1, b"".join(lines))


@pytest.mark.parametrize("impl", ["execpy", "debian"])
def test_client_timeout_and_exit_codes(impl, tmp_path):
    """-t: a client that sends nothing is dropped after the timeout; at
    SIGTERM, exit 2 if a client is still connected, +1 if fds are held."""
    import socket
    rules = str(tmp_path / "rules")
    make_rules(rules)
    server = Server(impl, tmp_path, "s", rules, ["-t", "200"])
    idle = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        idle.connect(server.path)
        idle.settimeout(5)
        t0 = time.monotonic()
        assert idle.recv(1) == b""  # dropped
        assert 0.15 < time.monotonic() - t0 < 3
    finally:
        idle.close()
        code, _ = server.stop()
    assert code == 0
    server = Server(impl, tmp_path, "s", rules)
    idle = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        idle.connect(server.path)
        assert _run([os.path.join(BIN, "s6-fdholder-store"), server.path, "pipe:z"])[2] == 0
        time.sleep(0.1)
    finally:
        code, _ = server.stop()
        idle.close()
    assert code == 3


# --------------------------------------------------------------------------
# the wire: raw requests, well- and ill-formed, to each server

from s6utils.lib import fdholder as fdh  # noqa: E402
from s6utils.lib import unixmessage as um  # noqa: E402

LIMIT = (0x4000000100000000, 5)  # a fixed far-away limit, so answers compare


def _id(ident, extra=b""):
    return bytes((len(ident),)) + ident + b"\0" + extra


def _store(ident, limit=LIMIT):
    return b"S" + fdh.tain_pack(limit) + _id(ident)


def _conversation(path, requests):
    """Send each (data, nfds) on one connection (each fd a fresh pipe end);
    what came back: (answer bytes in hex, number of fds) per answer
    expected, or "closed"."""
    fd = fdh.connect(path.encode())
    rx = um.Receiver(fd)
    out = []
    try:
        for data, nfds, answers in requests:
            fds = []
            for _ in range(nfds):
                r, w = os.pipe()
                os.close(w)
                fds.append(r)
            try:
                um.send(fd, data, fds, deadline=time.monotonic() + 5)
            except OSError as e:
                out.append("send failed %d" % e.errno)
                break
            finally:
                for f in fds:
                    os.close(f)
            for _ in range(answers):
                try:
                    m = rx.recv(time.monotonic() + 5)
                except OSError as e:
                    m = None if e.errno in (errno.ECONNRESET, errno.EPIPE) else e
                if m is None:
                    out.append("closed")
                    return out
                data, got = m
                for f in got:
                    os.close(f)
                out.append([data.hex(), len(got)])
    finally:
        rx.close_fds()
        os.close(fd)
    return out


def _dump_entries(n, prefix=b"pipe:d"):
    return b"." + b"".join(
        fdh.pack_entry(prefix + b"%d" % i, fdh.tain_add(LIMIT, 0, i)) for i in range(n))


WIRE = [
    ("empty", [(b"", 0, 1)]),
    ("unknown op", [(b"X", 0, 1)]),
    ("short store", [(b"S" + b"\0" * 12, 1, 1)]),
    ("store without fd", [(_store(b"pipe:a"), 0, 1)]),
    ("store, two fds", [(_store(b"pipe:a"), 2, 1)]),
    ("store, bad length", [(_store(b"pipe:a") + b"x", 1, 1)]),
    ("store, NUL inside", [(b"S" + fdh.tain_pack(LIMIT) + b"\x03p\0q\0", 1, 1), (b"L", 0, 1)]),
    ("store twice, same limit", [(_store(b"pipe:u1"), 1, 1), (_store(b"pipe:u2"), 1, 1),
                                 (_store(b"pipe:u1"), 1, 1), (_store(b"nope"), 1, 1),
                                 (b"?", 0, 2)]),
    ("list with data", [(b"Lx", 0, 1)]),
    ("list", [(b"L", 0, 1), (b"L", 0, 1)]),
    ("delete, bad", [(b"D" + _id(b"pipe:a", b"x"), 0, 1)]),
    ("delete with fd", [(b"D" + _id(b"pipe:u1"), 1, 1)]),
    ("delete", [(b"D" + _id(b"pipe:u1"), 0, 1), (b"D" + _id(b"pipe:u1"), 0, 1),
                (b"D" + _id(b"x:y"), 0, 1)]),
    ("retrieve", [(b"R\0" + _id(b"pipe:u2"), 0, 1), (b"R\1" + _id(b"pipe:u2"), 0, 1),
                  (b"R\0" + _id(b"pipe:u2"), 0, 1), (b"R\0" + _id(b"nope"), 0, 1)]),
    ("retrieve, bad", [(b"R\0" + _id(b"pipe:u2")[:-1], 0, 1)]),
    ("setdump too big", [(b"!" + (100000).to_bytes(4, "big"), 0, 1)]),
    ("setdump data unasked", [(_dump_entries(1), 1, 1)]),
    ("setdump, bad count", [(b"!" + b"\0\0\1", 0, 1)]),
    ("setdump then list", [(b"!" + (2).to_bytes(4, "big"), 0, 1), (b"L", 0, 1)]),
    ("setdump, too many fds", [(b"!" + (1).to_bytes(4, "big"), 0, 1), (_dump_entries(2), 2, 1)]),
    ("setdump, trailing bytes", [(b"!" + (1).to_bytes(4, "big"), 0, 1),
                                 (_dump_entries(1) + b"z", 1, 1)]),
    ("setdump 300", [(b"!" + (300).to_bytes(4, "big"), 0, 1),
                     (_dump_entries(253), 253, 1),
                     (b"." + b"".join(fdh.pack_entry(b"pipe:e%d" % i, fdh.tain_add(LIMIT, 1, i))
                                      for i in range(47)), 47, 1),
                     (b"L", 0, 1)]),
    ("expiry", [(_store(b"pipe:old", (0x4000000000000001, 0)), 1, 1)]),
    ("after expiry", [(b"R\0" + _id(b"pipe:old"), 0, 1)]),
]


@pytest.mark.parametrize("impl", ["execpy", "debian", "oracle"])
def test_wire(impl, tmp_path):
    """Every server answers (or hangs up on) the same requests the same
    way: execpy's answers must be Debian's (and 2.15.1.0's)."""
    if not have(impl):
        pytest.skip("no %s build" % impl)
    got = wire_answers(impl, tmp_path)
    want = wire_answers("debian", tmp_path / "ref") if impl != "debian" else None
    if want is not None:
        for (name, _), g, w in zip(WIRE, got, want):
            assert g == w, name
    with open(os.path.join(GOLDEN, "wire.json")) as f:
        assert got == json.load(f)


def wire_answers(impl, tmp):
    os.makedirs(str(tmp), exist_ok=True)
    rules = os.path.join(str(tmp), "rules")
    make_rules(rules)
    server = Server(impl, tmp, "s", rules, ["-n", "400"])
    out = []
    try:
        for name, requests in WIRE:
            if name == "after expiry":
                time.sleep(0.3)
            out.append(_conversation(server.path, requests))
    finally:
        code, err = server.stop()
    out.append([code, err.decode()])
    return out


def test_dump_of_many_fds(tmp_path):
    """More fds than one message carries (253): getdump and setdump take
    two trips each. (C s6 fails here on this kernel: its sendmsg of 253
    fds gets EINVAL, so there is no C reference for it.)"""
    rules = str(tmp_path / "rules")
    make_rules(rules)
    one = Server("execpy", tmp_path, "s", rules, ["-n", "400"])
    two = Server("execpy", tmp_path, "t", rules, ["-n", "400"])
    try:
        answers = _conversation(one.path, dict(WIRE)["setdump 300"])
        assert answers[:3] == [["0000000002", 0], ["0b", 0], ["00", 0]]
        p = subprocess.run([os.path.join(BIN, "s6-fdholder-transferdump"), one.path, two.path],
                           capture_output=True, timeout=30)
        assert p.returncode == 0, p.stderr
        p = subprocess.run([os.path.join(BIN, "s6-fdholder-getdump"), two.path, "/usr/bin/env"],
                           capture_output=True, timeout=30, env=ENV)
        env = dict(line.split(b"=", 1) for line in p.stdout.splitlines() if b"=" in line)
        assert env[b"S6_FD#"] == b"300"
        assert env[b"S6_FDID_299"] == b"pipe:e46"
        assert env[b"S6_FDLIMIT_0"] == b"@4000000100000000" + b"%08x" % 5
    finally:
        assert one.stop()[0] == 1 and two.stop()[0] == 1


@pytest.mark.skipif(not os.environ.get("FDHOLDER_GOLDEN"), reason="regenerates golden files")
def test_make_wire_golden(tmp_path):
    with open(os.path.join(GOLDEN, "wire.json"), "w") as f:
        json.dump(wire_answers("debian", tmp_path), f, indent=1)
        f.write("\n")


def _ids(pid):
    with open("/proc/%d/status" % pid) as f:
        fields = dict(line.split(":", 1) for line in f)
    return [fields[k].split() for k in ("Uid", "Gid", "Groups")]


@pytest.mark.skipif(os.getuid() != 0, reason="needs root")
@pytest.mark.parametrize("opts,env", [
    (["-u", "65534", "-g", "65534", "-G", "65534,100"], {}),
    (["-U"], {"UID": "65534", "GID": "100", "GIDLIST": "100,65534"}),
])
@pytest.mark.parametrize("impl", ["execpy", "debian"])
def test_daemon_drops_privileges(impl, opts, env, tmp_path):
    """-u/-g/-G (or -U and the environment) go to s6-applyuidgid before
    s6-fdholderd, as C s6-fdholder-daemon chains them."""
    rules = str(tmp_path / "rules")
    make_rules(rules)
    os.chmod(str(tmp_path), 0o755)
    r, w = os.pipe()
    proc = subprocess.Popen([os.path.join(IMPLS[impl], "s6-fdholder-daemon"), "-1"] + opts
                            + ["-i", rules, str(tmp_path / "s")], stdout=w,
                            env=dict(ENV, **env), close_fds=True)
    os.close(w)
    try:
        assert os.read(r, 1) == b"\n"
        got = _ids(proc.pid)
    finally:
        os.close(r)
        proc.terminate()
        proc.wait(10)
    if opts == ["-U"]:
        assert got == [["65534"] * 4, ["100"] * 4, ["100", "65534"]]
    else:
        assert got == [["65534"] * 4, ["65534"] * 4, ["100", "65534"]]


@pytest.mark.parametrize("impl", ["execpy", "debian"])
def test_daemon_without_reuse(impl, tmp_path):
    """-D: an existing path is not unlinked, and the bind fails as
    s6-ipcserver-socketbinder's."""
    path = tmp_path / "s"
    path.write_text("")
    got = _run([os.path.join(IMPLS[impl], "s6-fdholder-daemon"), "-D", "-i", "rules", str(path)])
    assert got == (b"", b"s6-ipcserver-socketbinder: fatal: unable to bind to %s: "
                   b"Address already in use\n" % os.fsencode(str(path)), 111)


@pytest.mark.parametrize("impl", ["execpy", "debian"])
def test_lame_duck(impl, tmp_path):
    """SIGTERM: no new clients are served; a client whose answers are still
    queued keeps the server up until -T's lame-duck timeout, then it exits
    3 (fds held, a client left)."""
    rules = str(tmp_path / "rules")
    make_rules(rules)
    server = Server(impl, tmp_path, "s", rules, ["-T", "700"])
    fd = -1
    try:
        setdump = [(b"!" + (100).to_bytes(4, "big"), 0, 1), (b"." + b"".join(
            fdh.pack_entry(b"pipe:" + b"%03d" % i + b"x" * 240, LIMIT) for i in range(100)),
            100, 1)]
        assert _conversation(server.path, setdump) == [["0000000001", 0], ["00", 0]]
        fd = fdh.connect(server.path.encode())
        for _ in range(400):  # about 10 MB of answers, never read
            um.send(fd, b"L", deadline=time.monotonic() + 5)
        time.sleep(0.3)
        t0 = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        time.sleep(0.1)
        late = _run([os.path.join(BIN, "s6-fdholder-list"), "-t", "300", server.path])
        assert late[2] == 1 and late[1].startswith(b"s6-fdholder-list: fatal: unable to get fd list")
    finally:
        code, err = server.stop()
        if fd >= 0:
            os.close(fd)
    assert 0.5 < time.monotonic() - t0 < 5
    assert (code, err) == (3, b"")
