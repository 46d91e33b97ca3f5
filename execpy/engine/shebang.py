"""Execline scripts that execpy may run in place of an exec.

When a program about to be exec'd is a script whose ``#!`` line names
execpy's execlineb (the repository's bin/execlineb or a link to it, such
as /command/execlineb: any path ending in ``/execlineb`` that is execpy's
launcher), exec'ing it would start a fresh Python only to parse the script
and run its chain. A process that already is execpy reads the ``#!`` line
as the kernel would, builds the argv the kernel would give the interpreter
(interpreter, its one optional argument, the script path, the arguments)
and runs it through execpy's execlineb, in place: the chain loop does so
for the programs a chain execs by path, the supervisor in the forked child
of a run or finish script.

Nothing the script can observe changes: same argv, environment, cwd,
descriptors (the ones marked close-on-exec are closed first, as exec would
close them), signal dispositions and mask, session and exit status.
Whenever the kernel would refuse the exec (script or interpreter missing,
not executable, a malformed ``#!`` line), nothing is done and the caller
execs for real, so the error is the kernel's own. ``EXECPY_NOINTERP=1`` in
the environment forces the real exec.
"""

import os
import stat

BINPRM_BUF_SIZE = 256


def _is_exec_file(path, dir_fd=None):
    try:
        st = os.stat(path, dir_fd=dir_fd)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and os.access(path, os.X_OK, dir_fd=dir_fd)


def shebang(path, dir_fd=None):
    """(interpreter, optional argument or None) from the ``#!`` line of
    ``path``, or None if it has no well-formed one."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC, dir_fd=dir_fd)
    except OSError:
        return None
    try:
        head = os.read(fd, BINPRM_BUF_SIZE)
    except OSError:
        return None
    finally:
        os.close(fd)
    if not head.startswith(b"#!"):
        return None
    nl = head.find(b"\n")
    if nl < 0:
        return None
    line = head[2:nl]
    if b"\0" in line:
        return None
    line = line.strip(b" \t")
    if not line:
        return None
    i = 0
    while i < len(line) and line[i] not in (0x20, 0x09):
        i += 1
    interp = line[:i]
    arg = line[i:].lstrip(b" \t")
    return interp, (arg or None)


LAUNCHER_MARK = b"execpy-launcher"


def _is_execpy_launcher(interp, dir_fd=None):
    """``interp`` is execpy's own launcher (bin/execlineb, or a link to
    it such as /command/execlineb), and the kernel would start it: an
    executable file whose own interpreter is an executable file."""
    if not _is_exec_file(interp, dir_fd):
        return False
    try:
        fd = os.open(interp, os.O_RDONLY | os.O_CLOEXEC, dir_fd=dir_fd)
        try:
            head = os.read(fd, BINPRM_BUF_SIZE)
        finally:
            os.close(fd)
    except OSError:
        return False
    if LAUNCHER_MARK not in head:
        return False
    sb = shebang(interp, dir_fd)
    return sb is not None and _is_exec_file(sb[0], dir_fd)


def execline_argv(path, argv, dir_fd=None):
    """The interpreter's argv if ``path`` (relative to ``dir_fd``, the
    directory the child will exec from) is an execline script we may run
    in place, else None."""
    sb = shebang(path, dir_fd)
    if sb is None:
        return None
    interp, arg = sb
    if not interp.endswith(b"/execlineb"):
        return None
    if not _is_exec_file(path, dir_fd) or not _is_execpy_launcher(interp, dir_fd):
        return None
    out = [interp]
    if arg is not None:
        out.append(arg)
    out.append(path)
    out.extend(argv[1:])
    return out


def close_on_exec_fds():
    """Close every descriptor marked close-on-exec, as exec would."""
    import fcntl
    try:
        fds = [int(n) for n in os.listdir(b"/proc/self/fd")]
    except OSError:
        fds = range(3, 1024)
    for fd in fds:
        try:
            if fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC:
                os.close(fd)
        except OSError:
            pass
