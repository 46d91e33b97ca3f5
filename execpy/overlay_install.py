"""``execpy overlay install``: lay execpy and its s6-overlay into an image's root.

The paths are those s6-overlay 3.2.3.2's tarballs lay (noarch, arch, the two
symlink tarballs, syslogd), so that images written for upstream find what
they expect:

    /init                                         overlay/init
    /package/admin/s6-overlay-<V>/...             overlay/ (command, libexec, etc)
    /package/admin/s6-overlay -> s6-overlay-<V>
    /package/admin/execpy/{execpy,s6utils}/       execpy's code (byte-compiled), and
                                                  execpy/_libc.py: errors worded as musl does
    /package/admin/execpy/command/<name>          one launcher per command of the table
    /package/admin/<pkg>/command/<name>           -> ../../execpy/command/<name>, for the
                                                  skarnet package <name> belongs to (the
                                                  generated scripts call these by path)
    /command/<name>                               -> ../package/admin/<pkg>/command/<name>
    /command/<overlay script>                     -> ../package/admin/s6-overlay/command/<script>
    /etc/s6-overlay/{s6-rc.d,user-bundles.d/{user,user2}}
    /usr/bin/<name> -> ../../command/<name>       with --symlinks
    overlay/syslogd/ laid over the root           with --syslogd (or alone, --syslogd-only)

A launcher is execpy/launcher.py behind a first line naming the image's
python3 by absolute path (setup.py's interpreter_lines, which lives here so
that both use one copy), so every command starts as fast as an installed one.
"""

import os
import shutil
import sys

VERSION = "3.2.3.2"  # the s6-overlay release whose layout and behaviour this is
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OVERLAY = os.path.join(ROOT, "overlay")
SHEBANG_MAX = 127  # what every Linux (and distlib) accepts after "#!"

# the skarnet package each command room stands for: /package/admin/<package>/command
PACKAGES = {
    "execpy.builtins": "execline",
    "s6utils.s6": "s6",
    "s6utils.portable": "s6-portable-utils",
    "s6utils.linux": "s6-linux-utils",
    "s6utils.rc": "s6-rc",
    "s6utils.linux_init": "s6-linux-init",
    "s6utils.overlay_helpers": "s6-overlay-helpers",
}
# the skeleton the noarch tarball holds
SKELETON_DIRS = ("etc/s6-overlay/s6-rc.d",
                 "etc/s6-overlay/user-bundles.d/user/contents.d",
                 "etc/s6-overlay/user-bundles.d/user2/contents.d")
SKELETON_FILES = (("etc/s6-overlay/user-bundles.d/user/type", b"bundle\n"),
                  ("etc/s6-overlay/user-bundles.d/user2/type", b"bundle\n"))


class InstallError(Exception):
    pass


def interpreter_lines(exe):
    """The lines that start ``exe -ES`` on the launcher: a #! line, or, for
    a path a #! line cannot carry, sh exec'ing it by the same absolute path
    (the line is an empty string to Python); ``python``: pip's placeholder."""
    import shlex
    if exe == "python":  # a wheel for anywhere: pip writes the installing interpreter, no flags
        return "#!python\n"
    if not os.path.isabs(exe) or "\n" in exe:
        raise InstallError("the interpreter must be an absolute path: %r" % exe)
    if len(exe) + 4 <= SHEBANG_MAX and not any(c in exe for c in " \t"):
        return "#!%s -ES\n" % exe
    return ("#!/bin/sh\n# execpy-launcher\n''''exec %s -ES \"$0\" \"$@\" #'''\n"
            % shlex.quote(exe))


def launcher_text(exe):
    with open(os.path.join(ROOT, "execpy", "launcher.py")) as f:
        body = f.read().split("\n", 1)[1]
    return interpreter_lines(exe) + body


def package_of(module):
    """The skarnet package a command's module stands for."""
    for prefix, package in PACKAGES.items():
        if module.startswith(prefix + "."):
            return package
    raise InstallError("no package for module %s" % module)


def overlay_scripts():
    """The names of overlay/command/*: the overlay's own commands."""
    d = os.path.join(OVERLAY, "command")
    return sorted(n for n in os.listdir(d) if not n.startswith(".")) if os.path.isdir(d) else []


# --------------------------------------------------------------------------
# file operations (every one replaces what was there: an install can be redone)

def _remove(path):
    if os.path.islink(path) or os.path.isfile(path):
        os.unlink(path)
    elif os.path.isdir(path):
        shutil.rmtree(path)


def _symlink(target, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    _remove(path)
    os.symlink(target, path)


def _write(path, data, mode):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    _remove(path)
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, mode)


def _copy_tree(src, dest, skip=()):
    """src's files over dest, modes kept (directories 0755), ownership root
    where we can: what ``tar -xp`` of a 0:0 tarball gives."""
    for top, dirs, files in os.walk(src):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        rel = os.path.relpath(top, src)
        out = dest if rel == "." else os.path.join(dest, rel)
        os.makedirs(out, exist_ok=True)
        os.chmod(out, 0o755)
        for name in sorted(files):
            if rel == "." and name in skip or name.endswith((".pyc", ".pyo")):
                continue
            s, d = os.path.join(top, name), os.path.join(out, name)
            _remove(d)
            if os.path.islink(s):
                os.symlink(os.readlink(s), d)
            else:
                shutil.copy2(s, d)
    _chown_root(dest)


def _chown_root(path):
    if os.geteuid() != 0:
        return
    for top, dirs, files in os.walk(path):
        os.lchown(top, 0, 0)
        for name in dirs + files:
            os.lchown(os.path.join(top, name), 0, 0)


# --------------------------------------------------------------------------
# the parts

def install_code(root, python):
    """execpy's packages and one launcher per command."""
    from execpy import commands
    base = os.path.join(root, "package/admin/execpy")
    for pkg in ("execpy", "s6utils"):
        dest = os.path.join(base, pkg)
        _remove(dest)
        _copy_tree(os.path.join(ROOT, pkg), dest)
    # s6-overlay's programs are static musl builds: so are the texts of
    # errors in this image (execpy.errors.libc_texts)
    _write(os.path.join(base, "execpy", "_libc.py"),
           b'"""Written by execpy overlay install."""\nTEXTS = "musl"\n', 0o644)
    _byte_compile(base, python)
    text = launcher_text(python).encode()
    cmd = os.path.join(base, "command")
    _remove(cmd)
    os.makedirs(cmd)
    for name in commands.names():
        _write(os.path.join(cmd, name), text, 0o755)
    _chown_root(base)
    return commands


def _byte_compile(base, python):
    """Compile the copied modules, so that a container (whose root is often a
    throw-away layer) does not compile them at every boot. Only when the
    image's python is this Python's version (its real name says so, as
    python3.N does): a .pyc is for one version."""
    name = os.path.basename(os.path.realpath(python))
    if name != "python%d.%d" % sys.version_info[:2]:
        return False
    import compileall
    for pkg in ("execpy", "s6utils"):
        compileall.compile_dir(os.path.join(base, pkg), quiet=2)
    return True


def install_packages(root, commands):
    """/package/admin/<pkg>/command/<name> and /command/<name> for every command."""
    for pkg in set(PACKAGES.values()):
        _remove(os.path.join(root, "package/admin", pkg))
    for name in commands.names():
        pkg = package_of(commands.TABLE[name.encode()])
        _symlink("../../execpy/command/" + name,
                 os.path.join(root, "package/admin", pkg, "command", name))
        _symlink("../package/admin/%s/command/%s" % (pkg, name), os.path.join(root, "command", name))


def install_overlay(root):
    """/init, /package/admin/s6-overlay-<V> and its symlink, /command links to its scripts."""
    if not os.path.isfile(os.path.join(OVERLAY, "init")):
        raise InstallError("no overlay/init in %s" % OVERLAY)
    dest = os.path.join(root, "package/admin/s6-overlay-" + VERSION)
    _remove(dest)
    _copy_tree(OVERLAY, dest, skip=("init",))
    _remove(os.path.join(dest, "syslogd"))  # a separate tarball (--syslogd)
    _symlink("s6-overlay-" + VERSION, os.path.join(root, "package/admin/s6-overlay"))
    with open(os.path.join(OVERLAY, "init"), "rb") as f:
        _write(os.path.join(root, "init"), f.read(), 0o755)
    for name in overlay_scripts():
        _symlink("../package/admin/s6-overlay/command/" + name, os.path.join(root, "command", name))


def install_skeleton(root):
    for d in SKELETON_DIRS:
        os.makedirs(os.path.join(root, d), exist_ok=True)
    for path, data in SKELETON_FILES:
        full = os.path.join(root, path)
        if not os.path.exists(full):
            _write(full, data, 0o644)
    _chown_root(os.path.join(root, "etc/s6-overlay"))


def install_symlinks(root, names):
    """/usr/bin/<name> -> ../../command/<name>: the two symlink tarballs."""
    for name in names:
        _symlink("../../command/" + name, os.path.join(root, "usr/bin", name))


def install_syslogd(root):
    src = os.path.join(OVERLAY, "syslogd")
    if not os.path.isdir(src):
        raise InstallError("no overlay/syslogd in %s" % OVERLAY)
    _copy_tree(src, root)


def install(root, python="/usr/bin/python3", symlinks=False, syslogd=False, syslogd_only=False):
    """Lay everything into ``root``; returns what was done, one line each."""
    root = os.path.abspath(root)
    os.makedirs(root, exist_ok=True)
    done = []
    if syslogd_only:
        install_syslogd(root)
        return ["syslogd tree laid over %s" % root]
    commands = install_code(root, python)
    done.append("execpy's code and %d launchers (%s) in /package/admin/execpy"
                % (len(commands.names()), python))
    install_packages(root, commands)
    install_overlay(root)
    done.append("s6-overlay %s in /package/admin/s6-overlay-%s, /init, /command" % (VERSION, VERSION))
    install_skeleton(root)
    if symlinks:
        install_symlinks(root, commands.names() + overlay_scripts())
        done.append("/usr/bin links")
    if syslogd:
        install_syslogd(root)
        done.append("syslogd tree")
    return done
