"""s6-linux-init-nuke: SIGKILL every process (but itself and pid 1); exit
1 if none could be signalled. Under a stage 1 that runs as a child
subreaper, only that tree's processes (see common.kill_all)."""

from execpy.engine import Exit
from s6utils.linux_init import common

PROG = b"s6-linux-init-nuke"
USAGE = b"s6-linux-init-nuke"


def main(ctx, argv):
    return Exit(0 if common.kill_all(ctx.env, 9) else 1)
