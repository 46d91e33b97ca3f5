"""forx: run a loop body once per word of a block, with var=word."""

from execpy.engine import Exit
from execpy.engine.blocks import read_block
from execpy.engine.loops import Runner, scan_codes
from execpy.engine.options import parse_or_usage, uint0
from execpy.builtins._fdproc import check_var
from execpy.errors import SysFail, Usage

PROG = b"forx"
USAGE = (b"forx [ -E | -e ] [ -p ] [ -o okcode,okcode,... | -x breakcode,breakcode,... ]"
         b" var { values... } command...")


def parse_loop_options(argv, optstring, usage):
    """The options forx, forstdin and forbacktickx share; returns
    (dict of settings, index of the variable)."""
    opts, i = parse_or_usage(argv, optstring, usage)
    conf = {"parallel": False, "maxpar": 1, "codes": None, "breaking": True,
            "doimport": False, "chomp": True, "crunch": False, "delim": b"\n",
            "codearg": None}
    for letter, arg in opts:
        if letter == b"p":
            conf["parallel"] = True
            conf["maxpar"] = 0
        elif letter == b"P":  # later execline: at most maxpar at once
            n = uint0(arg)
            if n is None:
                raise Usage(usage)
            conf["parallel"] = n != 1
            conf["maxpar"] = max(n, 1)
        elif letter in (b"o", b"x"):
            codes = scan_codes(arg)
            if codes is None:
                raise Usage(usage)
            conf["codes"] = codes
            conf["breaking"] = letter == b"x"
            conf["codearg"] = (letter, arg)
        elif letter == b"E":
            conf["doimport"] = True
        elif letter == b"e":
            conf["doimport"] = False
        elif letter == b"N":
            conf["chomp"] = False
        elif letter == b"n":
            conf["chomp"] = True
        elif letter == b"C":
            conf["crunch"] = True
        elif letter == b"c":
            conf["crunch"] = False
        elif letter == b"0":
            conf["delim"] = b"\0"
        elif letter == b"d":
            conf["delim"] = arg
    return conf, i


def main(ctx, argv):
    conf, i = parse_loop_options(argv, b"pP:o:x:Ee", USAGE)
    if len(argv) - i < 2:
        raise Usage(USAGE)
    var = argv[i]
    check_var(var)
    values, rest = read_block(ctx, argv, i + 1)
    loop = argv[rest:]
    if not values or not loop:
        return Exit(0)
    runner = Runner(ctx, loop, var, conf["doimport"], conf["parallel"],
                    conf["codes"], conf["breaking"], conf["maxpar"])
    for value in values:
        try:
            code = runner.run(value)
        except OSError as e:
            raise SysFail(b"spawn " + loop[0], e) from None
        if code is not None:
            return Exit(code)
    return Exit(1 if runner.wait_all() else 0)
