"""Stacked variables in the environment: execline's el_pushenv and el_popenv.

execlineb (without -p/-P/-S/-s) pushes the caller's positional frame before
setting ``#``, ``0``, ``1``...; elgetopt pushes ``ELGETOPT_*`` the same way.
Pushing renames every variable whose name starts with one of the prefixes:
NAME becomes NAME:1 and NAME:n becomes NAME:n+1. Popping (``emptyenv -P``
and ``-o``, ``runblock``) drops NAME and renames NAME:n to NAME:n-1 (NAME for
1). The ``:`` is looked for after the prefix; a suffix that is not a number
leaves the variable alone. Renamed variables keep their place.
"""

POSITIONAL = (b"#", b"0", b"1", b"2", b"3", b"4", b"5", b"6", b"7", b"8", b"9")


def _split(name, prefixes):
    """(base, depth) of a stacked name, depth 0 for the top frame; None when
    the name is not one of these variables or its suffix is not a number."""
    for prefix in prefixes:
        if name.startswith(prefix):
            break
    else:
        return None
    colon = name.find(b":", len(prefix))
    if colon < 0:
        return name, 0
    digits = name[colon + 1:]
    if not digits.isdigit():
        return None
    return name[:colon], int(digits)


def _frame_name(base, depth):
    return base + b":%d" % depth if depth else base


def push(env, prefixes=POSITIONAL):
    """Return a new environment with one more frame pushed."""
    out = {}
    for name, value in env.items():
        split = _split(name, prefixes)
        out[name if split is None else _frame_name(split[0], split[1] + 1)] = value
    return out


def pop(env, prefixes=POSITIONAL):
    """Return a new environment with the top frame dropped."""
    out = {}
    for name, value in env.items():
        split = _split(name, prefixes)
        if split is None:
            out[name] = value
        elif split[1] == 0:
            if name == split[0]:
                continue  # the top frame goes
            out[name] = value  # NAME:0 is left alone
        else:
            out[_frame_name(split[0], split[1] - 1)] = value
    return out

