"""s6-linux-init-telinit: ask the runlevel daemon to switch to a runlevel
(s6-sudo on its socket); runlevels 0 and 6 run that, then halt
(poweroff) or reboot through s6-linux-init-hpr. Called as ``init`` or
``s6-linux-init`` it accepts and ignores s6-linux-init's options. (The
runlevel daemon does not exist in container mode.)"""

from execpy.engine import Exec, core
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, Usage
from s6utils.linux_init import common

PROG = b"s6-linux-init-telinit"
USAGE = b"s6-linux-init-telinit runlevel"
USAGE1 = (b"(as pid 1) s6-linux-init [ -c basedir ] [ -p initpath ] [ -s envdumpdir ] "
          b"[ -m umask ] [ -d devtmpfs ] [ -D initdefault ] [ -n | -N ] [ -C ] [ -B ] "
          b"stage2_args...")


def main(ctx, argv):
    name = argv[0].rsplit(b"/", 1)[-1] if argv else b""
    usage = USAGE1 if name in (b"init", b"s6-linux-init") else USAGE
    if usage is USAGE1:
        ctx.prog = b"s6-linux-init"
    opts, i = parse_or_usage(argv, b"c:p:s:m:d:D:nNCB", usage)
    args = argv[i:]
    if not args:
        raise Usage(usage)
    s6 = common.layout(ctx.env)[1]
    sudo = [s6 + b"s6-sudo", b"-e", b"-T", b"3600000", b"--",
            common.SCANDIR + b"/s6-linux-init-runleveld/s", args[0]]
    if args[0] in (b"0", b"6"):
        try:
            pid = core.spawn(ctx, sudo)
        except OSError as e:
            from s6utils.rc.errtext import SysFail
            raise SysFail(b"spawn " + sudo[0], e) from None
        import os
        from execpy.engine.process import exitcode_of
        w = core.waitpid(pid)
        if os.WIFSIGNALED(w):
            raise Die(exitcode_of(w), sudo[0] + b" crashed with signal %d" % os.WTERMSIG(w))
        if os.WEXITSTATUS(w):
            raise Die(exitcode_of(w), sudo[0] + b" died with exitcode %d" % os.WEXITSTATUS(w))
        return Exec([b"s6-linux-init-hpr", b"-r" if args[0] == b"6" else b"-p"])
    return Exec(sudo)
