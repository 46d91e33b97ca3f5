#!/usr/bin/python3 -ES
# execpy-launcher: every command starts here, and the name it is called by
# picks the command. In a clone, bin/<name> is a link to this file; an
# install's <prefix>/bin/<name> is a copy whose first line names the
# install's own interpreter (setup.py writes one per name of the table).
import os
import sys


def _package_dir(real):
    """The directory that holds the execpy package for the launcher whose
    real path is ``real``: the clone's root, or the site-packages of the
    install whose bin/ holds it. None for a layout not known here."""
    top = os.path.dirname(os.path.dirname(real))
    if real.endswith("/execpy/launcher.py"):
        return top
    py = "python%d.%d" % sys.version_info[:2]
    # a venv, --prefix or --user; Debian's /usr/local; Debian's /usr; --target
    for sub in ("lib/%s/site-packages" % py, "lib/%s/dist-packages" % py,
                "lib/python3/dist-packages", ""):
        d = os.path.join(top, sub)
        if os.path.isdir(os.path.join(d, "execpy")):
            return d
    return None


_dir = _package_dir(os.path.realpath(__file__))
if _dir is None:
    import site  # the interpreter's own site may know where it is
    site.main()
else:
    # -S leaves it off sys.path. First, so that a clone wins over an installed
    # execpy, and import does not scan bin/ and lib-dynload before it (0.15 ms)
    sys.path.insert(0, _dir)
from execpy.cli import main  # noqa: E402

main()
