"""Run one overlay scenario in the container harness and compare it with its golden file.

A scenario is a directory tests/overlay/scenarios/<name>/ holding `image/` (the image's own files,
layered over the root under test), `scenario.toml` (how to run it: README.md) and `expected` (what the
real s6-overlay 3.2.3.2 did, written by record.py). `run()` boots it once and returns the exit code and
the normalised output; `compare()` lists the differences from `expected`.
"""

import collections
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = os.path.join(HERE, "scenarios")
# shared/ lies beside the project's root (for developers and CI alike)
HARNESS = os.environ.get("EXECPY_HARNESS", os.path.join(
    os.path.dirname(os.path.dirname(HERE)), os.pardir, "shared", "tools", "container-harness",
    "run-container.sh"))
REFERENCE_ROOT = os.environ.get("EXECPY_OVERLAY_REF", "/tmp/execpy-overlay-ref/root")

# What varies from run to run, and nothing else (README.md, "Normalisation").
NORMALISE = [
    (re.compile(r"@[0-9a-f]{24}"), "@TAI64N"),
    (re.compile(r"\d{4}-\d\d-\d\d[ T_]\d\d:\d\d:\d\d(\.\d+)?"), "DATE"),
    (re.compile(r"\bpid \d+"), "pid PID"),
    (re.compile(r"\b\d+ seconds?\b"), "N seconds"),
    (re.compile(r"s6-rc:s6-rc-init:[A-Za-z0-9]{6}"), "s6-rc:s6-rc-init:XXXXXX"),
]

NUMBER = (int, float)
KEYS = {"description": str, "cmd": list, "env": list, "stop_after": NUMBER, "stop_timeout": NUMBER,
        "timeout": NUMBER, "workdir": str, "layers": list, "user": str, "entrypoint": list,
        "capture": str, "upstream_hang": str, "order": list, "repeats": list, "replace": list,
        "racy": list}


class Scenario:
    """A scenario directory's metadata, with the defaults filled in."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        meta = parse_meta(read_text(os.path.join(path, "scenario.toml")), self.name)
        self.description = meta.get("description", "")
        self.cmd = meta.get("cmd")
        self.env = meta.get("env", [])
        self.stop_after = meta.get("stop_after")
        self.stop_timeout = meta.get("stop_timeout")
        self.timeout = meta.get("timeout", 30)
        self.workdir = meta.get("workdir")
        self.layers = meta.get("layers", [])
        self.user = meta.get("user")
        self.entrypoint = meta.get("entrypoint")
        self.capture = meta.get("capture", "both")
        self.upstream_hang = meta.get("upstream_hang")
        self.order = [[re.compile(p) for p in chain] for chain in meta.get("order", [])]
        self.repeats = [re.compile(p) for p in meta.get("repeats", [])]
        self.racy = [re.compile(p) for p in meta.get("racy", [])]
        self.replace = [(re.compile(p), r) for p, r in meta.get("replace", [])]
        if self.capture not in ("both", "stdout", "stderr"):
            raise ValueError("%s: capture must be both, stdout or stderr" % self.name)
        image = os.path.join(path, "image")
        self.image = image if os.path.isdir(image) else None
        self.expected_path = os.path.join(path, "expected")


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def parse_meta(text, where="scenario.toml"):
    """`key = value` lines, the value a JSON literal (which is also TOML for these types); a value may
    continue over the following lines until it parses; `#` starts a comment line."""
    meta, key, buf = {}, None, ""
    for lineno, line in enumerate(text.splitlines(), 1):
        if key is None:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            k, sep, buf = line.partition("=")
            key = k.strip()
            if not sep or key not in KEYS:
                raise ValueError("%s:%d: expected one of %s = value" % (where, lineno, "/".join(KEYS)))
        else:
            buf += "\n" + line
        try:
            value = json.loads(buf)
        except ValueError:
            continue
        if not isinstance(value, KEYS[key]):
            raise ValueError("%s:%d: %s has the wrong type" % (where, lineno, key))
        meta[key], key = value, None
    if key is not None:
        raise ValueError("%s: unfinished value for %s" % (where, key))
    return meta


def all_scenarios():
    return [Scenario(os.path.join(SCENARIOS, n)) for n in sorted(os.listdir(SCENARIOS))
            if os.path.isfile(os.path.join(SCENARIOS, n, "scenario.toml"))]


class Result:
    def __init__(self, exit, lines, raw, elapsed, stop_time):
        self.exit = exit              # the container's exit status, None if it timed out
        self.lines = lines            # normalised output lines
        self.raw = raw                # the bytes as captured
        self.elapsed = elapsed        # launch -> exit, seconds
        self.stop_time = stop_time    # SIGTERM -> exit (stop_after scenarios), seconds


def copy_image(src, dest):
    """The image's files as a Dockerfile's COPY gives them whoever checked the repository out: owned by
    root, directories 0755, files 0755 or 0644 after their owner's exec bit (git keeps only that)."""
    shutil.copytree(src, dest, symlinks=True)
    for top, dirs, files in os.walk(dest):
        for name in dirs + files:
            path = os.path.join(top, name)
            if os.geteuid() == 0:
                os.lchown(path, 0, 0)
            if not os.path.islink(path):
                st = os.stat(path)
                os.chmod(path, 0o755 if os.path.isdir(path) or st.st_mode & 0o100 else 0o644)
    os.chmod(dest, 0o755)


def harness_argv(sc, rootfs, image):
    argv = [HARNESS, "--rootfs", rootfs]
    for e in sc.env:
        argv += ["-e", e]
    if sc.workdir:
        argv += ["-w", sc.workdir]
    if sc.stop_after is not None:
        argv += ["--stop-after", str(sc.stop_after)]
    if sc.stop_timeout is not None:
        argv += ["--stop-timeout", str(sc.stop_timeout)]
    for layer in sc.layers:
        argv += ["--layer", rootfs + "-" + layer]
    cmd = list(sc.cmd) if sc.cmd is not None else []
    if sc.user or sc.entrypoint:
        # docker's ENTRYPOINT and USER: the harness execs the argv as pid 1 instead of /init; USER
        # starts the entrypoint under the container uid (setpriv execs, so it stays pid 1)
        entry = sc.entrypoint or ["/init"]
        if sc.user:
            uid, _, gid = sc.user.partition(":")
            entry = ["setpriv", "--reuid=" + uid, "--regid=" + (gid or uid), "--clear-groups"] + entry
        argv += ["--no-init"]
        cmd = entry + cmd
    argv.append(image or "none")
    if cmd:
        argv += ["--"] + cmd
    return argv


def run(sc, rootfs=REFERENCE_ROOT):
    """Boot the scenario once against rootfs; never leaves a process behind."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("S6_", "RC_ROOTFS", "EXECPY_"))}
    out = {"both": (subprocess.PIPE, subprocess.STDOUT), "stdout": (subprocess.PIPE, subprocess.DEVNULL),
           "stderr": (subprocess.DEVNULL, subprocess.PIPE)}[sc.capture]
    with tempfile.TemporaryDirectory(prefix="overlay-image-") as tmp:
        image = None
        if sc.image:
            image = os.path.join(tmp, "image")
            copy_image(sc.image, image)
        t0 = time.monotonic()
        p = subprocess.Popen(harness_argv(sc, rootfs, image), stdin=subprocess.DEVNULL,
                             stdout=out[0], stderr=out[1], env=env, start_new_session=True)
        try:
            o, e = p.communicate(timeout=sc.timeout)
            code = p.returncode
        except subprocess.TimeoutExpired:
            # nslaunch's child (pid 1) dies with it (PDEATHSIG), and the namespace with pid 1; but a
            # pid 1 that changed its uid (USER scenarios: setpriv) lost its PDEATHSIG: kill it first
            for pid in children(p.pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            os.killpg(p.pid, signal.SIGKILL)
            o, e = p.communicate(timeout=30)
            code = None
        elapsed = time.monotonic() - t0
    raw = o if sc.capture != "stderr" else e
    stop = elapsed - sc.stop_after if sc.stop_after is not None and code is not None else None
    return Result(code, normalise(raw or b"", sc), raw or b"", elapsed, stop)


def children(pid):
    """The pids of pid's children (/proc/PID/task/*/children)."""
    found = []
    try:
        tasks = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return found
    for tid in tasks:
        try:
            with open("/proc/%d/task/%s/children" % (pid, tid)) as f:
                found += [int(n) for n in f.read().split()]
        except OSError:
            continue
    return found


def run_reference(sc, rootfs=REFERENCE_ROOT, retries=3):
    """run() for the real s6-overlay: a scenario that declares a known upstream hang (upstream_hang)
    is run again when it times out, up to `retries` times. Returns the result and how many runs hung.
    Never for execpy's overlay, which must not hang."""
    hung = 0
    while True:
        result = run(sc, rootfs)
        if result.exit is not None or not sc.upstream_hang or hung >= retries:
            return result, hung
        hung += 1


def normalise(raw, sc):
    text = raw.decode("utf-8", "backslashreplace")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    else:
        lines[-1] += " [no newline]"
    result, seen = [], set()
    for line in lines:
        for rx, repl in NORMALISE + sc.replace:
            line = rx.sub(repl, line)
        if any(rx.search(line) for rx in getattr(sc, "racy", ())):
            continue
        if any(rx.search(line) for rx in sc.repeats):
            if line in seen:
                continue
            seen.add(line)
        result.append(line)
    return result


def order_problems(lines, chains):
    """Each chain is a list of patterns that lines must match in that order: the first line matching
    pattern 1, then a later line matching pattern 2, and so on (a subsequence of the output; lines
    in between are free, so a line that occurs twice can be named twice)."""
    problems = []
    for chain in chains:
        n = 0
        for k, rx in enumerate(chain):
            found = next((i for i in range(n, len(lines)) if rx.search(lines[i])), None)
            if found is None:
                where = "anywhere" if n == 0 else "after line %d %r" % (n, lines[n - 1])
                earlier = any(rx.search(line) for line in lines[:n])
                problems.append("order: nothing matches %r %s%s" % (
                    rx.pattern, where, " (it only matches earlier lines)" if earlier else ""))
                break
            n = found + 1
    return problems


def line_problems(want, got):
    """The lines as a multiset: what is missing and what is extra."""
    w, g = collections.Counter(want), collections.Counter(got)
    problems = ["missing: %r" % line for line in (w - g).elements()]
    problems += ["extra: %r" % line for line in (g - w).elements()]
    return problems


class Expected:
    def __init__(self, exit, lines, stop_time=None):
        self.exit, self.lines, self.stop_time = exit, lines, stop_time


def format_expected(exit, lines, stop_time=None):
    head = ["exit: %s" % exit]
    if stop_time is not None:
        head.append("stop-time: %.2f" % stop_time)
    return "\n".join(head + ["--- output"] + lines) + "\n"


def parse_expected(text):
    head, sep, body = text.partition("--- output\n")
    if not sep:
        raise ValueError("expected: no '--- output' line")
    fields = dict(line.split(": ", 1) for line in head.splitlines() if line)
    exit = None if fields["exit"] == "None" else int(fields["exit"])
    stop = float(fields["stop-time"]) if "stop-time" in fields else None
    return Expected(exit, body.splitlines(), stop)


def load_expected(sc):
    return parse_expected(read_text(sc.expected_path))


def compare(sc, expected, result):
    """Everything in which result differs from expected: the exit code, the lines (as a multiset) and
    the scenario's order constraints. The stop time is not compared (it is a figure to beat)."""
    problems = []
    if result.exit != expected.exit:
        problems.append("exit: expected %s, got %s" % (expected.exit, result.exit))
    problems += line_problems(expected.lines, result.lines)
    problems += order_problems(result.lines, sc.order)
    return problems
