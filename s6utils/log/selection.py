"""A batch of lines through the compiled script: which lines each rule
selects, their timestamps and prefixes, and what each action does with them
(buffered for a logdir or stdout, alerts on stderr, a status file)."""

from execpy.errors import write_stderr
from s6utils.lib import files, tai
from s6utils.log.config import PROG

# selection kinds
SEL_F, SEL_PLUS, SEL_MINUS = range(3)
# action kinds; an action is [kind, stamp flags (1: t, 2: T), prefix, target]
# with as target: the Logdir or the Stdout (both buffer in .out), the
# alert's size, or a StatusFile
ACT_NOTHING, ACT_FD1, ACT_FD2, ACT_STATUS, ACT_DIR = range(5)


def run_batch(script, body, lines):
    """``body`` is the batch, each line ending with a newline; ``lines``
    the same lines without newlines, or None when not split yet."""
    if script.needs_stamp:
        stamp, local = tai.stamps_now()
        stamps = (b"", stamp + b" ", local + b"  ", stamp + b" " + local + b"  ")
    else:
        stamps = (b"", b"", b"", b"")
    if not script.has_sel:
        for _, acts in script.rules:
            for act in acts:
                head = stamps[act[1]] + act[2]
                kind = act[0]
                if kind == ACT_DIR or kind == ACT_FD1:
                    if head:
                        data = head + body[:-1].replace(b"\n", b"\n" + head) + b"\n"
                    else:
                        data = body
                    act[3].out.append(data)
                elif kind != ACT_NOTHING:
                    if lines is None:
                        lines = body[:-1].split(b"\n")
                    act_lines(act, head, lines)
        return
    if lines is None:
        lines = body[:-1].split(b"\n")
    count = len(lines)
    selected = [True] * count
    acted = [False] * count
    for sels, acts in script.rules:
        for kind, rx in sels:
            if kind == SEL_F:
                selected = [not a for a in acted]
            elif kind == SEL_PLUS:
                search = rx.search
                selected = [s or search(m) is not None for s, m in zip(selected, lines)]
            else:
                search = rx.search
                selected = [s and search(m) is None for s, m in zip(selected, lines)]
        chosen = [x for x, s in zip(lines, selected) if s]
        if not chosen:
            continue
        acted = [a or s for a, s in zip(acted, selected)]
        for act in acts:
            act_lines(act, stamps[act[1]] + act[2], chosen)


def act_lines(act, head, lines):
    """One action on the lines selected for it; ``head`` is their stamps
    and prefix."""
    kind = act[0]
    if kind == ACT_DIR or kind == ACT_FD1:
        if head:
            data = head + (b"\n" + head).join(lines) + b"\n"
        else:
            data = b"\n".join(lines) + b"\n"
        act[3].out.append(data)
    elif kind == ACT_FD2:
        size = act[3]
        start = PROG + b": alert: " + head
        parts = []
        for line in lines:
            if size and size + 3 < len(line):
                parts.append(start + line[:size] + b"...\n")
            else:
                parts.append(start + line + b"\n")
        write_stderr(b"".join(parts))
    elif kind == ACT_STATUS:
        # only the last line of a batch survives the successive updates
        act[3].write(head + lines[-1] + b"\n")


class StatusFile:
    """The ``=file`` action: the last line, padded or cut to ``size``
    bytes (0: as it is), replaces the file atomically."""

    __slots__ = ("path", "size", "config")

    def __init__(self, path, size, config):
        self.path = path
        self.size = size
        self.config = config

    def write(self, data):
        size = self.size
        if size:
            if len(data) > size:
                data = data[:size]
            else:
                data = data[:-1] + b"\n" * (size - len(data) + 1)
        try:
            files.replace(self.path, data)
        except OSError as e:
            self.config.warnsys(b"write status file " + self.path, e.errno)
