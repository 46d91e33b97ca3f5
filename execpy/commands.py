"""The one wiring site: every command name execpy answers to, and its module.

Modules are imported on first use, so a script loads only the commands it
runs. execline's programs live in execpy.builtins, s6's in s6utils' subpackage
for their upstream package (s6, portable, linux, ...); each
module defines PROG (its name for messages), USAGE and main(ctx, argv).
"""

import sys

_EXECLINE = (
    "background backtick case cd define dollarat elgetopt elgetpositionals "
    "elglob eltest emptyenv envfile exec execline-cd export-array execline-umask execlineb "
    "exit export fdblock fdclose fdmove fdreserve fdswap forbacktickx "
    "foreground forstdin forx getcwd getpid heredoc homeof if ifelse ifte "
    "ifthenelse import importas loopwhilex multidefine multisubstitute pipeline "
    "piperw posix-cd posix-umask redirfd runblock shift trap tryexec umask "
    "unexport wait withstdinas"
).split()

# s6utils' commands, by the upstream package they belong to (its subpackage)
_S6 = {
    "s6": (
        "s6-setuidgid s6-envuidgid s6-applyuidgid s6-envdir s6-setsid "
        "s6-softlimit s6-setlock s6-fghack s6-log s6-tai64n s6-tai64nlocal "
        "s6-svscan s6-supervise s6-svc s6-svstat s6-svwait s6-svok s6-svscanctl "
        "s6-svdt s6-svdt-clear s6-svlisten1 s6-svlisten s6-notifyoncheck "
        "s6-ipcserver-socketbinder s6-ipcserverd s6-ipcserver s6-ipcserver-access s6-ipcclient "
        "s6-sudo s6-sudoc s6-sudod "
        "s6-fdholder-daemon s6-fdholderd s6-fdholder-store s6-fdholder-retrieve "
        "s6-fdholder-delete s6-fdholder-list s6-fdholder-getdump s6-fdholder-setdump "
        "s6-fdholder-transferdump s6-socklog"
    ),
    "portable": (
        "s6-echo s6-cat s6-mkdir s6-rmrf s6-chmod s6-chown s6-ln s6-linkname "
        "s6-rename s6-ls s6-sort s6-grep s6-hiercopy s6-dumpenv s6-mkfifo "
        "s6-sleep s6-seq s6-maximumtime s6-test"
    ),
    "linux": "s6-mount",
    "rc": (
        "s6-rc-compile s6-rc-db s6-rc-init s6-rc s6-rc-update s6-rc-dryrun "
        "s6-rc-format-upgrade s6-rc-oneshot-run s6-rc-fdholder-filler "
        "s6-rc-repo-init s6-rc-repo-list s6-rc-repo-sync s6-rc-set-new s6-rc-set-copy "
        "s6-rc-set-delete s6-rc-set-change s6-rc-set-commit s6-rc-set-fix "
        "s6-rc-set-install s6-rc-set-status"
    ),
    "linux_init": (
        "s6-linux-init s6-linux-init-maker s6-linux-init-shutdownd s6-linux-init-hpr "
        "s6-linux-init-shutdown s6-linux-init-telinit s6-linux-init-nuke "
        "s6-linux-init-echo s6-linux-init-umountall s6-linux-init-logouthookd"
    ),
    "overlay_helpers": "s6-overlay-suexec s6-overlay-stat",
}


def _module_name(name):
    mod = name.replace("-", "_")
    if mod in ("if", "import", "exec", "exit"):  # Python keywords / builtins
        mod += "_"
    return mod


TABLE = {}
for _n in _EXECLINE:
    TABLE[_n.encode()] = "execpy.builtins." + _module_name(_n)
for _pkg, _names in _S6.items():
    for _n in _names.split():
        TABLE[_n.encode()] = "s6utils.%s.%s" % (_pkg, _module_name(_n))
del _n, _pkg, _names

_cache = {}


def load(name):
    """The module for command ``name`` (bytes), or None if it is not ours
    or not written yet."""
    mod = _cache.get(name)
    if mod is not None:
        return mod
    path = TABLE.get(name)
    if path is None:
        return None
    try:
        __import__(path)  # importlib.import_module costs an extra import
    except ModuleNotFoundError as e:
        if e.name == path:
            return None
        raise
    mod = sys.modules[path]
    _cache[name] = mod
    return mod


def names():
    return sorted(n.decode() for n in TABLE)
