#!/usr/bin/python3 -ES
# execpy-launcher: every bin/<name> is a link to this file; the name it is
# called by picks the command. It runs from a clone with no installation.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
from execpy.cli import main  # noqa: E402

main()
