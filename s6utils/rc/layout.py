"""Where the programs that a compiled database's scripts call live.

C s6-rc-compile writes absolute paths, fixed when it was built, into the
run scripts of s6rc-oneshot-runner, s6rc-fdholder and pipelined longruns.
The defaults are those of s6-overlay 3.2.3.2's build (slashpackage), so a
database compiled by execpy is the one s6-overlay's own compiler writes.
``EXECPY_S6RC_PREFIXES=execline:s6:s6-rc-libexec`` (three directories,
each ending in ``/``) selects another build's layout, e.g. a C s6-rc built
with ``--prefix=/usr``: ``/usr/bin/:/usr/bin/:/usr/libexec/``.
"""

DEFAULT = (b"/package/admin/execline/command/", b"/package/admin/s6/command/",
           b"/package/admin/s6-rc/command/")


class Layout:
    __slots__ = ("execline", "s6", "s6rc_libexec")

    def __init__(self, execline, s6, s6rc_libexec):
        self.execline = execline
        self.s6 = s6
        self.s6rc_libexec = s6rc_libexec


def current(env):
    """The layout the environment ``env`` (a dict of bytes) asks for, or
    s6-overlay's."""
    value = env.get(b"EXECPY_S6RC_PREFIXES")
    parts = value.split(b":") if value else []
    if len(parts) != 3:
        parts = DEFAULT
    return Layout(*parts)
