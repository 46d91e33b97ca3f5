"""The loop that runs a chain, and the process primitives it rests on.

A chain is an argv. While its first word names a builtin, the builtin's
``main(ctx, argv)`` runs in this process and returns the next step; the
first external program is exec'd in place of this process, so the last
program of a script keeps the script's PID. A block that must run while the
chain goes on (foreground, if, backtick, ...) is started by ``spawn``: an
external program is started with posix_spawn, a builtin in a forked child
that keeps interpreting; neither starts a new interpreter.

Every system call that creates or replaces a process goes through the
functions of this module, so tests have one seam to watch.
"""

import os
import _signal as signal  # the C module: 'signal' would import enum (~4 ms)

from execpy.errors import Die, SysFail, Usage, format_error, write_stderr

DEFAULT_PATH = b"/usr/bin:/bin"


class Exec:
    """Next step: continue the chain with ``argv``; ``env`` maps names to new
    values (None unsets) and is applied before the step runs."""

    __slots__ = ("argv", "env")

    def __init__(self, argv, env=None):
        self.argv = argv
        self.env = env


class Exit:
    """End the chain: the process exits with ``code``."""

    __slots__ = ("code",)

    def __init__(self, code):
        self.code = code


class Ctx:
    """What a chain carries from step to step.

    ``env`` is the chain's environment (bytes to bytes), the one an exec'd
    program will receive; the process's own os.environ is never consulted.
    ``prog`` names the running step in messages. ``nblock`` counts the
    blocks the current step has read (for strict-mode warnings); it is reset
    at every step, as each C program starts with its own counter.
    """

    __slots__ = ("env", "prog", "nblock")

    def __init__(self, env, prog=b"execlineb"):
        self.env = env
        self.prog = prog
        self.nblock = 0

    # environment ---------------------------------------------------------
    def setenv(self, name, value):
        """Set a variable, as skalibs' env_merge does (see apply)."""
        self.apply({name: value})

    def unsetenv(self, name):
        self.apply({name: None})

    def apply(self, changes):
        """Apply {name: value, or None to unset} in order, as skalibs'
        env_merge does: a replaced or removed variable leaves its slot to
        the environment's last variable, and a set variable is appended.
        (``env -i A=1 B=2 C=3 export A x env`` prints C, B, A.)"""
        env = self.env
        if not any(name in env for name in changes):
            for name, value in changes.items():
                if value is not None:
                    env[name] = value
            return
        items = list(env.items())
        index = {name: i for i, (name, _) in enumerate(items)}
        for name, value in changes.items():
            j = index.pop(name, None)
            if j is not None:
                last = items.pop()
                if j < len(items):
                    items[j] = last
                    index[last[0]] = j
            if value is not None:
                index[name] = len(items)
                items.append((name, value))
        env.clear()
        env.update(items)

    def strict(self):
        """EXECLINE_STRICT as execline reads it, at the moment of asking."""
        value = self.env.get(b"EXECLINE_STRICT")
        if value and value.isdigit():
            return int(value)
        return 0

    def warn(self, msg):
        if isinstance(msg, str):
            msg = msg.encode()
        write_stderr(self.prog + b": warning: " + msg + b"\n")

    def fork_copy(self):
        return Ctx(dict(self.env), self.prog)


# --------------------------------------------------------------------------
# finding commands

_LAUNCHER_MARK = b"execpy-launcher"
_load = None


def set_lookup(load):
    """Install the function that maps a command name to its module.

    The engine does not know the command table (it sits above the engine);
    execpy.cli installs execpy.commands.load at start-up."""
    global _load
    _load = load


def _lookup(name):
    """The builtin module that runs ``name``, or None for an external program.

    A bare name is looked up in the table. A path counts as a builtin only if
    it is one of execpy's own launchers (a symlink such as /command/fdmove
    into execpy's bin/), so a user's /usr/local/bin/foreground is exec'd.
    """
    load = _load
    if load is None:
        return None
    if b"/" not in name:
        return load(name)
    base = name.rsplit(b"/", 1)[1]
    mod = load(base)
    if mod is None:
        return None
    try:
        with open(name, "rb") as f:
            head = f.read(256)
    except OSError:
        return None
    return mod if _LAUNCHER_MARK in head else None


def find_executable(name, env):
    """Resolve ``name`` on the chain's PATH as execvp would.

    Returns the path to try, or raises OSError with the errno execvp would
    report (ENOENT when nothing was found, EACCES when only non-executable
    files were).
    """
    if b"/" in name:
        return name
    path = env.get(b"PATH")
    if path is None:
        path = DEFAULT_PATH
    seen_eacces = False
    for d in path.split(b":"):
        if not d:
            continue
        candidate = d + b"/" + name
        try:
            st = os.stat(candidate)
        except OSError:
            continue
        if not (st.st_mode & 0o170000) == 0o100000:
            seen_eacces = True
            continue
        if os.access(candidate, os.X_OK):
            return candidate
        seen_eacces = True
    raise OSError(13 if seen_eacces else 2, "")


def prepare_exec():
    """Restore what Python changed in the process before a program inherits it."""
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)


_OWN_PATH = object()


def execve(path, argv, env):
    """os.execve, except that what a C program may pass and Python refuses
    (an empty argv[0], a variable name that is empty or holds "=") goes
    through libc's execve directly. Raises OSError."""
    try:
        os.execve(path, argv, env)
    except ValueError:
        pass
    import ctypes  # only on this rare path
    libc = ctypes.CDLL(None, use_errno=True)
    cargv = (ctypes.c_char_p * (len(argv) + 1))(*argv, None)
    entries = [k + b"=" + v for k, v in env.items()]
    cenv = (ctypes.c_char_p * (len(entries) + 1))(*entries, None)
    libc.execve(path, cargv, cenv)
    err = ctypes.get_errno()
    raise OSError(err, os.strerror(err))


def _spawn_raw(path, argv, env, file_actions, sigmask):
    """posix_spawn for what os.posix_spawn refuses (see execve): fork, then
    exec; an exec failure comes back through a close-on-exec pipe, so the
    caller sees it as posix_spawn would report it."""
    r, w = os.pipe2(os.O_CLOEXEC)
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
            signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
            if sigmask is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, sigmask)
            if file_actions:
                _apply_file_actions(file_actions)
            execve(path, argv, env)
        except OSError as e:
            os.write(w, str(e.errno).encode())
        finally:
            os._exit(127)
    os.close(w)
    data = b""
    while True:
        chunk = os.read(r, 32)
        if not chunk:
            break
        data += chunk
    os.close(r)
    if data:
        waitpid(pid)
        err = int(data)
        raise OSError(err, os.strerror(err))
    return pid


def exec_external(ctx, argv, argv0=None, search_path=_OWN_PATH):
    """Replace the process with an external program. Never returns.

    ``argv0``, if given, replaces argv[0] in what the program sees (the
    program is still found by argv[0]). ``search_path`` is the PATH the
    program is looked up on: a C execline program searches the PATH it was
    started with, not the one it is handing over, so ``export PATH /x prog``
    finds prog on the old PATH (None: PATH was unset). By default, the PATH
    of ctx.env. Raises Die with execline's wording (127 for not found, 126
    otherwise)."""
    name = argv[0]
    env = ctx.env
    if argv0 is not None:
        argv = [argv0] + list(argv[1:])
    err = 2
    if b"/" in name:
        try:
            execve(name, argv, env)
        except OSError as e:
            err = e.errno
    else:
        path = env.get(b"PATH") if search_path is _OWN_PATH else search_path
        if path is None:
            path = DEFAULT_PATH
        seen_eacces = False
        for d in path.split(b":"):
            if not d:  # skalibs skips empty PATH elements (no implicit ".")
                continue
            try:
                execve(d + b"/" + name, argv, env)
            except OSError as e:
                if e.errno == 13:
                    seen_eacces = True
                elif e.errno not in (2, 20):
                    err = e.errno
                    break
        else:
            if seen_eacces:
                err = 13
    raise SysFail(b"exec " + name, err, 127 if err == 2 else 126)


# --------------------------------------------------------------------------
# running chains

def _trace(ctx, argv):
    from execpy.engine.trace import trace
    trace(ctx, argv)


def run(ctx, argv, first=None):
    """Run the chain ``argv`` to its end. Returns the exit status when the
    chain ends without an exec (a builtin exited, or an error was printed);
    an external program replaces the process and this never returns.
    ``first`` is the module of argv[0] when the caller already knows it."""
    try:
        return _loop(ctx, argv, first)
    except Die as e:
        write_stderr(format_error(ctx.prog, e))
        return e.code
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as e:  # noqa: BLE001 - PID 1 and friends never die of a traceback
        return internal_error(ctx.prog, e)


def internal_error(prog, e):
    if os.environ.get("EXECPY_DEBUG"):
        import traceback
        traceback.print_exc()
    msg = "%s: %s" % (type(e).__name__, e)
    write_stderr(prog + b": fatal: internal error: " + msg.encode(errors="replace") + b"\n")
    return 111


def _loop(ctx, argv, mod=None):
    tracing = None
    # The PATH of the environment the current step was started with: the
    # next external program is looked up there (see exec_external).
    search_path = ctx.env.get(b"PATH")
    while True:
        if not argv:
            return 0
        if tracing is None or tracing:
            tracing = ctx.env.get(b"EXECPY_TRACE", b"") not in (b"", b"0")
            if tracing:
                _trace(ctx, argv)
        if mod is None:
            mod = _lookup(argv[0])
        if mod is None:
            prepare_exec()
            exec_external(ctx, argv, search_path=search_path)
        ctx.prog = mod.PROG
        ctx.nblock = 0
        search_path = ctx.env.get(b"PATH")
        step = mod.main(ctx, argv)
        if isinstance(step, Exit):
            return step.code
        if step.env:
            ctx.apply(step.env)
        argv = step.argv
        mod = None


def run_in_child(ctx, argv):
    """Body of a forked child: run the chain, then leave with os._exit.

    A forked child must never return into its parent's code."""
    code = 111
    try:
        code = run(ctx, argv)
    finally:
        os._exit(code)


def spawn(ctx, argv, child_setup=None, file_actions=None, sigmask=None):
    """Start ``argv`` as a child running alongside the chain; return its pid.

    ``child_setup``, if given, runs in the child before the command (it may
    only touch fds and signals). An external command is started with
    posix_spawn when there is no setup, else fork+exec; a builtin command is
    run in a forked child that keeps interpreting. ``file_actions`` (as for
    os.posix_spawn) and ``sigmask`` (the child's signal mask) are applied in
    both cases, so fd plumbing does not force a fork.

    Raises OSError when an external program cannot be started (the caller
    words the message: execline commands differ).
    """
    if not argv:
        argv = []
    mod = _lookup(argv[0]) if argv else None
    if mod is None and argv and ctx.env.get(b"EXECPY_TRACE", b"") not in (b"", b"0"):
        _trace(ctx, argv)
    if mod is None and argv and child_setup is None:
        path = find_executable(argv[0], ctx.env)
        # Defaults for the child only: this process (a test runner, say)
        # keeps its own SIGPIPE and SIGXFSZ dispositions.
        extra = {"setsigdef": (signal.SIGPIPE, signal.SIGXFSZ)}
        if file_actions:
            extra["file_actions"] = file_actions
        if sigmask is not None:
            extra["setsigmask"] = sigmask
        try:
            return os.posix_spawn(path, argv, ctx.env, **extra)
        except ValueError:
            return _spawn_raw(path, argv, ctx.env, file_actions, sigmask)
    if mod is None and argv:
        find_executable(argv[0], ctx.env)
    pid = os.fork()
    if pid == 0:
        try:
            prepare_exec()
            if sigmask is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, sigmask)
            if file_actions:
                _apply_file_actions(file_actions)
            if child_setup is not None:
                child_setup()
            run_in_child(ctx.fork_copy(), argv)
        finally:
            os._exit(111)
    return pid


def _apply_file_actions(actions):
    """Do in a forked child what posix_spawn's file actions would do."""
    for action in actions:
        if action[0] == os.POSIX_SPAWN_DUP2:
            if action[1] != action[2]:
                os.dup2(action[1], action[2])
            else:
                os.set_inheritable(action[1], True)
        elif action[0] == os.POSIX_SPAWN_CLOSE:
            try:
                os.close(action[1])
            except OSError:
                pass
        else:
            fd = os.open(action[2], action[3], action[4])
            if fd != action[1]:
                os.dup2(fd, action[1])
                os.close(fd)


def waitpid(pid):
    """Wait for ``pid``; return its raw wait status."""
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except InterruptedError:
            continue


def status_of(wstatus):
    """The ``?`` value execline commands report: exit code, or 256+signal."""
    if os.WIFSIGNALED(wstatus):
        return 256 + os.WTERMSIG(wstatus)
    return os.WEXITSTATUS(wstatus)


def exitcode_of(wstatus):
    """The code a command exits with to relay a child's fate (exitcodes page):
    128+signal if killed, 128 if the child exited 128 or more."""
    if os.WIFSIGNALED(wstatus):
        return 128 + os.WTERMSIG(wstatus)
    code = os.WEXITSTATUS(wstatus)
    return 128 if code >= 128 else code


__all__ = ["Ctx", "Exec", "Exit", "run", "run_in_child", "spawn", "waitpid",
           "status_of", "exitcode_of", "exec_external", "find_executable",
           "Die", "SysFail", "Usage"]
