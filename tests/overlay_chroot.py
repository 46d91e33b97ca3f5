"""A throw-away root in which the overlay's scripts run at the paths they
name (/command, /package/admin/s6-overlay-3.2.3.2, /run/s6/...).

The root is a directory under the test's tmp_path: the host's /usr (and so
/bin, /lib) and this clone (at its own path) are bind-mounted read-only into it, /command holds
a link per execpy command and overlay script, and the image's own files
(/etc/cont-init.d, /etc/fix-attrs.d, /srv, ...) are written into it by the
test. Each run is `unshare --mount --pid --fork` + chroot, so the mounts and
every process the run leaves behind vanish with it.

`make_reference(tmp_path)` gives the same for the real s6-overlay root that
/tmp/oracle builds (its own /usr, /command and /package), when it exists.
"""

import os
import shutil
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "bin")
OVERLAY = os.path.join(ROOT, "overlay")
VERSION = "3.2.3.2"
PKG = "package/admin/s6-overlay-" + VERSION
REFERENCE = "/tmp/oracle/s6-overlay-root"
REFERENCE_SYSLOGD = "/tmp/oracle/s6-overlay-3.2.3.2/output/syslogd-overlay-noarch"

# the slashpackage homes s6-rc-compile's generated scripts name
_HOMES = ("execline", "s6", "s6-rc", "s6-linux-init", "s6-portable-utils", "s6-linux-utils")


def usable():
    return os.geteuid() == 0 and shutil.which("unshare") is not None


def reference_ready():
    return os.path.isdir(os.path.join(REFERENCE, PKG)) and os.path.exists("/tmp/oracle/READY")


class Root:
    """One root; `write` adds image files, `run` runs a shell script in it."""

    def __init__(self, path, binds, reference=False, syslogd_layer=""):
        self.path = str(path)
        self.syslogd_layer = syslogd_layer  # where the syslogd layer's tree is, inside the root
        self.binds = binds  # [(host path, path in root, read-only)]
        self.reference = reference

    def write(self, relpath, data=b"", mode=0o644):
        p = os.path.join(self.path, relpath.lstrip("/"))
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if isinstance(data, str):
            data = data.encode()
        with open(p, "wb") as f:
            f.write(data)
        os.chmod(p, mode)
        return p

    def mkdir(self, relpath, mode=0o755):
        p = os.path.join(self.path, relpath.lstrip("/"))
        os.makedirs(p, exist_ok=True)
        os.chmod(p, mode)
        return p

    def host(self, relpath):
        return os.path.join(self.path, relpath.lstrip("/"))

    def run(self, script, env=None, stdin=b"", timeout=60, contenv=None, shell="/bin/sh"):
        """Runs `script` with `shell -c` in the root, as root, with env
        (PATH=/command:/usr/bin:/bin by default). contenv: {name: bytes}
        written as /run/s6/container_environment (one file each, as given)."""
        r = self.path
        lines = ["set -e"]
        for host, inside, ro in self.binds:
            target = os.path.join(r, inside.lstrip("/"))
            lines.append("/usr/bin/mount --bind %s %s" % (_q(host), _q(target)))
            if ro:
                lines.append("/usr/bin/mount -o remount,bind,ro %s" % _q(target))
        lines.append("/usr/bin/mount -t proc proc %s/proc" % _q(r))
        lines.append("/usr/bin/mount -t tmpfs -o mode=0755 tmpfs %s/run" % _q(r))
        lines.append("/usr/bin/mkdir -p %s/run/s6/container_environment" % _q(r))
        for name, value in (contenv or {}).items():
            lines.append("printf %%s %s > %s/run/s6/container_environment/%s"
                         % (_q(value if isinstance(value, str) else value.decode()), _q(r), _q(name)))
        lines.append("exec /usr/sbin/chroot %s %s -c %s" % (_q(r), shell, _q(script)))
        base = {"PATH": "/command:/usr/bin:/bin", "LAYER": self.syslogd_layer}
        base.update(env or {})
        return subprocess.run([shutil.which("unshare"), "--mount", "--pid", "--fork", "/bin/sh", "-c", "\n".join(lines)],
                              env=base, input=stdin, capture_output=True, timeout=timeout)


def _q(s):
    return "'" + s.replace("'", "'\\''") + "'"


def _base_tree(r):
    for d in ("usr", "dev", "proc", "run", "tmp", "var/log", "etc", "srv"):
        os.makedirs(os.path.join(r, d), exist_ok=True)
    os.chmod(os.path.join(r, "tmp"), 0o1777)
    binds = []
    for top in ("bin", "lib", "lib64", "sbin"):
        if os.path.islink("/" + top):
            os.symlink(os.readlink("/" + top), os.path.join(r, top))
        elif os.path.isdir("/" + top):  # a system without the merged /usr
            os.makedirs(os.path.join(r, top))
            binds.append(("/" + top, "/" + top, True))
    for f in ("passwd", "group", "nsswitch.conf", "ld.so.cache"):
        if os.path.exists("/etc/" + f):
            shutil.copy2("/etc/" + f, os.path.join(r, "etc", f))
    return binds


def make_execpy(tmp_path):
    """execpy's root: /command links into this clone's bin/ and overlay/."""
    r = str(tmp_path / "root")
    os.makedirs(r)
    extra = _base_tree(r)
    cmd = os.path.join(r, "command")
    os.makedirs(cmd)
    for name in os.listdir(BIN):
        os.symlink(os.path.join(BIN, name), os.path.join(cmd, name))
    os.makedirs(os.path.join(r, PKG))
    os.symlink("s6-overlay-" + VERSION, os.path.join(r, "package/admin/s6-overlay"))
    for name in os.listdir(os.path.join(OVERLAY, "command")):
        p = os.path.join(cmd, name)
        if os.path.lexists(p):
            os.unlink(p)
        os.symlink("../package/admin/s6-overlay/command/" + name, p)
    for home in _HOMES:
        os.makedirs(os.path.join(r, "package/admin", home))
        os.symlink("/command", os.path.join(r, "package/admin", home, "command"))
    os.makedirs(r + ROOT, exist_ok=True)  # the clone, at its own path: bin/ links name it
    return Root(r, [("/usr", "/usr", True), (ROOT, ROOT, True),
                    (OVERLAY, "/" + PKG, True), ("/dev", "/dev", False)] + extra,
                syslogd_layer=os.path.join(OVERLAY, "syslogd"))


def make_reference(tmp_path):
    """The real s6-overlay root (static binaries, /command, /package), with
    this machine's /usr for sh and the rest; None when it is not built."""
    if not reference_ready():
        return None
    r = str(tmp_path / "refroot")
    os.makedirs(r)
    binds = [("/usr", "/usr", True), ("/dev", "/dev", False)] + _base_tree(r)
    for top in ("command", "package"):
        os.makedirs(os.path.join(r, top))
        binds.append((os.path.join(REFERENCE, top), "/" + top, True))
    os.makedirs(os.path.join(r, "syslogd-layer"))
    binds.append((REFERENCE_SYSLOGD, "/syslogd-layer", True))
    return Root(r, binds, reference=True, syslogd_layer="/syslogd-layer")
