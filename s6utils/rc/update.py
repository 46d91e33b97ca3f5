"""What s6-rc-update decides: which services of the live database must go
down, and which of the new database must come up, as C s6-rc-update
0.7.0.0 computes it.

An old atomic service converts to the new service (or the atomics of the
new bundle) of the same name, or of the name the conversion file gives it
(``old -> new``). An old service that is up restarts (goes down, its new
self comes up) when it disappeared, changed between longrun and oneshot,
became a bundle, is told to ``restart``, or depends on a service that
restarts; a new service that stays up but depends on one that is not up
yet makes its old self restart too, until nothing changes.

The state bytes are C's, one per service:

old: 1 up, 2 wanted down, 4 restart, 8 converts to one atomic service,
16 renamed, 32 wanted down after closure, 64 named in the conversion file;
new: 1 up (converted from an old up), 2 wanted up, 4 one-to-one conversion
target, 8 conversion target, 16 renamed, 32 up after closure, 128 depends
on a new service (restart).
"""

import time

from execpy.errors import Die
from execpy.parser import lexer


def closure(db, bits, bit, h):
    """s6rc_graph_closure: give ``bit`` to every service reachable, along
    dependencies (h=1) or dependents (h=0), from one that has it."""
    mask = 1 << bit
    mark = bytearray(db.n)
    for i in range(db.n - 1, -1, -1):
        if bits[i] & mask and not mark[i]:
            stack = [i]
            mark[i] = 1
            while stack:
                j = stack.pop()
                bits[j] |= mask
                for k in db.deps_of(j, h):
                    if not mark[k]:
                        mark[k] = 1
                        stack.append(k)


def _words(line):
    """The words of a conversion file line, as el_parse_from_string makes
    them: execline's lexer, except that a ``}`` closing no block is a
    plain word."""
    text = line
    for _ in range(len(line) + 1):
        try:
            return lexer.parse(text)
        except lexer.ParseError as e:
            if e.kind == "unmatched }" and text[e.pos:e.pos + 1] == b"}":
                text = text[:e.pos] + b'"}"' + text[e.pos + 1:]
                continue
            if e.kind == "syntax error":
                raise Die(100, b"syntax error in conversion file: " + line) from None
            raise Die(100, b"mismatched braces in conversion file: " + line) from None
    raise Die(100, b"mismatched braces in conversion file: " + line)


class Conversion:
    """The conversion file, read against the live database: ``newnames``
    maps an old service number to its new name; ``oldstate`` gets 4
    (restart), 16 (renamed) and 64 (named) bits."""

    def __init__(self, live, olddb, oldcdb, oldstate):
        self.live = live
        self.olddb = olddb
        self.cdb = oldcdb
        self.oldstate = oldstate
        self.newnames = {}

    def parse_line(self, line):
        words = _words(line)
        if not words:
            return
        name = words[0]
        where = self.live + b"/compiled/resolve.cdb"
        from s6utils.lib import cdb as cdbmod
        try:
            found = self.cdb.find(name)
            if found is None:
                raise Die(3, b"unknown identifier in " + where + b": " + name)
            if found[1] != 4:
                raise Die(5, b"identifier " + name + b" does not represent an atomic service in "
                          + self.live + b"/compiled")
            x = int.from_bytes(self.cdb.data(*found), "big")
        except cdbmod.Invalid:
            raise Die(4, b"invalid cdb in " + where) from None
        if x >= self.olddb.n:
            raise Die(4, b"invalid database in " + self.live + b"/compiled")
        if self.oldstate[x] & 64:
            raise Die(6, b"service " + self.olddb.name(x)
                      + b" appears more than once in conversion file")
        self.oldstate[x] |= 64
        rest = words[1:]
        if len(rest) >= 2 and rest[0] == b"->":
            self.newnames[x] = rest[1]
            self.oldstate[x] |= 16
            rest = rest[2:]
        for word in rest:
            if word != b"restart":
                raise Die(100, b"unknown keyword in conversion file: " + word)
            self.oldstate[x] |= 4

    def parse_file(self, data):
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        for line in lines:
            self.parse_line(line)


def fill_conversions(olddb, oldstate, newdb, newstate, newnames, newcdb, newfn):
    """fill_convtable_and_flags: the conversion table (old number -> set
    of new numbers) and ``invimage`` (new number -> old number, olddb.n
    for none)."""
    from s6utils.lib import cdb as cdbmod
    table = [()] * olddb.n
    invimage = [olddb.n] * newdb.n
    where = newfn + b"/resolve.cdb"
    for i in range(olddb.n - 1, -1, -1):
        renamed = oldstate[i] & 16
        newname = newnames[i] if renamed else olddb.name(i)
        try:
            found = newcdb.find(newname)
            data = newcdb.data(*found) if found is not None else None
        except cdbmod.Invalid:
            raise Die(111, b"invalid cdb in " + where) from None
        if found is None:
            if renamed:
                raise Die(4, b"bad conversion file: new service " + newname
                          + b" is undefined in database " + newfn)
            oldstate[i] |= 34  # disappeared
            continue
        if len(data) & 3 or len(data) >> 2 > newdb.n:
            raise Die(4, b"invalid resolve database in " + where)
        if len(data) == 4:
            oldstate[i] |= 8
        targets = []
        for pos in range(0, len(data), 4):
            x = int.from_bytes(data[pos:pos + 4], "big")
            if x >= newdb.n:
                raise Die(4, b"invalid resolve database in " + where)
            if newstate[x] & 8:
                raise Die(6, b"unable to convert database: new service " + newdb.name(x)
                          + b" is a target for more than one conversion, including old service "
                          + olddb.name(i))
            newstate[x] |= 8
            invimage[x] = i
            if renamed:
                newstate[x] |= 16
            targets.append(x)
            if oldstate[i] & 8:
                newstate[x] |= 4
                if (i < olddb.nlong) != (x < newdb.nlong):
                    oldstate[i] |= 4
        table[i] = targets
    return table, invimage


def compute(olddb, oldstate, newdb, newstate, table, invimage):
    """compute_transitions' loop: until no new dependency forces another
    restart, mark what goes down (old 2) and what comes up (new 2, or 1 if
    it is already up and stays)."""
    while True:
        done = True
        for i in range(newdb.n):
            newstate[i] &= 28
        for i in range(olddb.n):
            if oldstate[i] & 1 and (oldstate[i] & 4 or not oldstate[i] & 8):
                oldstate[i] |= 34
            else:
                oldstate[i] &= 221
        closure(olddb, oldstate, 5, 0)
        for i in range(olddb.n):
            if oldstate[i] & 1:
                for j in table[i]:
                    newstate[j] |= 2 if oldstate[i] & 32 else 33
        closure(newdb, newstate, 5, 1)
        for i in range(newdb.n):
            if (newstate[i] & 33) == 32:
                done = False
                newstate[i] |= 128
        if done:
            return
        closure(newdb, newstate, 7, 0)
        for i in range(newdb.n):
            if (newstate[i] & 129) == 129:
                oldstate[invimage[i]] |= 4


def tfmt(deadline):
    """fill_tfmt: the milliseconds left before the time.monotonic()
    ``deadline`` for a -t option, 1 at least; 0 (none) without one."""
    if deadline is None:
        return b"0"
    t = int((deadline - time.monotonic()) * 1000)
    return b"%d" % (1 if t == 0 else max(t, 0))
