"""Every hypothesis strategy of the test suite, in one place.

* ``script_texts``: raw execlineb script bytes: words, quotes with every
  escape form, backslash-newline, comments, nested and unbalanced braces,
  whitespace made of any control byte, high bytes, NUL.
* ``templates`` / ``values``: substitution templates ($X, ${X}, backslash
  runs, braces, a $ at either end) and the values put into them.
* ``chains``: random chains of builtins with nested blocks, rendered as
  script text with ``render``.
"""

from hypothesis import strategies as st

# -------------------------------------------------------------------------
# lexer

_WORD_BYTES = st.binary(min_size=1, max_size=4).filter(
    lambda b: not any(c in b for c in b' \t\n"\\#{}\x00') and not any(c < 33 for c in b))

_ESCAPES = st.sampled_from([
    b"\\a", b"\\b", b"\\t", b"\\n", b"\\v", b"\\f", b"\\r", b"\\\"", b"\\\\",
    b"\\\n", b"\\q", b"\\0x41", b"\\0x4", b"\\0x", b"\\0xZ", b"\\0101", b"\\07",
    b"\\08", b"\\00", b"\\101", b"\\255", b"\\256", b"\\9", b"\\12345", b"\\0x100",
    b"\\\xe9",
])

_QUOTED = st.lists(st.one_of(_WORD_BYTES, _ESCAPES, st.sampled_from([b" ", b"\n", b"#", b"{", b"}"])),
                   max_size=4).map(lambda parts: b'"' + b"".join(parts) + b'"')

_SPACE = st.one_of(
    st.sampled_from([b" ", b"\n", b"\t", b"  ", b" \n "]),
    st.integers(1, 31).map(lambda c: bytes((c,))),
)

_FRAGMENTS = st.one_of(
    _WORD_BYTES, _WORD_BYTES, _WORD_BYTES,
    _QUOTED, _QUOTED,
    _SPACE, _SPACE, _SPACE,
    st.sampled_from([b"{", b"}", b" { ", b" } ", b"\n{\n", b"\n}\n", b'"{"', b'"}"', b"{}",
                     b"\\", b"\\\n", b"\\ ", b"\\{", b"\\}", b"\\#", b"#", b"# comment \\\n",
                     b"#c\n", b'"', b"\x00", b"\xff", b"\x80\xfe", b"$", b"${x}"]),
    _ESCAPES,
)

script_texts = st.lists(_FRAGMENTS, max_size=25).map(b"".join)


def quote(word):
    """An execline script literal for ``word`` (bytes, no NUL)."""
    return b'"' + word.replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"'


# -------------------------------------------------------------------------
# substitution

KEYS = [b"X", b"Y"]

_TEMPLATE_PARTS = st.sampled_from([
    b"$X", b"${X}", b"$Y", b"${Y}", b"$XY", b"${XY}", b"$", b"${", b"${X", b"}", b"{",
    b"\\", b"\\\\", b"\\$X", b"\\\\$X", b"\\\\\\${X}", b"a", b"b c", b"-", b":", b"$X$Y",
    b"${X}${Y}", b"${}", b"$$X", b"$X\\", b"X}",
])

template_word = st.lists(_TEMPLATE_PARTS, min_size=1, max_size=5).map(b"".join)
templates = st.lists(template_word, min_size=1, max_size=4)

values = st.lists(st.sampled_from([b"a", b"b", b" ", b"  ", b"\n", b"\t", b":", b"\\", b"$X", b"${Y}",
                                   b"{", b"}", b"1:a,", b"0:,", b"\xe9", b"\r"]),
                  max_size=6).map(b"".join)

delims = st.sampled_from([None, b":", b" :", b"", b"\n", b"a"])

define_options = st.fixed_dictionaries({
    "split": st.booleans(),
    "crunch": st.sampled_from([None, b"-C", b"-c"]),
    "chomp": st.sampled_from([None, b"-n", b"-N"]),
    "delim": delims,
})


def option_words(opts):
    words = []
    if opts["split"]:
        words.append(b"-s")
    for k in ("crunch", "chomp"):
        if opts[k]:
            words.append(opts[k])
    if opts["delim"] is not None:
        words += [b"-d", opts["delim"]]
    return words


# -------------------------------------------------------------------------
# chains of builtins

VARS = [b"A", b"B"]
_LEAF_WORDS = st.sampled_from([b"w", b"x y", b"$A", b"${B}", b"$1", b"${#}", b"$@", b"${?}", b"", b"-"])


@st.composite
def _leaf(draw):
    kind = draw(st.sampled_from(["echo", "echo", "exit", "sh", "stderr", "crash", "missing",
                                 "true", "false"]))
    if kind == "echo":
        return [b"echo"] + draw(st.lists(_LEAF_WORDS, max_size=3))
    if kind == "exit":
        return [b"exit", b"%d" % draw(st.sampled_from([0, 1, 3]))]
    if kind == "stderr":  # something for the stderr comparison to see
        return [b"sh", b"-c", b"echo to-stderr $B >&2; exit %d" % draw(st.sampled_from([0, 4]))]
    if kind == "crash":
        return [b"sh", b"-c", b"kill -%d $$" % draw(st.sampled_from([9, 15]))]
    if kind == "missing":
        return [b"nonexistent-program-xyz"]
    if kind in ("true", "false"):
        return [kind.encode()]
    return [b"sh", b"-c", b"echo sh $A; exit %d" % draw(st.sampled_from([0, 2]))]


def _chain(depth):
    if depth <= 0:
        return _leaf()
    sub = _chain(depth - 1)
    var = st.sampled_from(VARS)
    word = _LEAF_WORDS
    return st.one_of(
        _leaf(),
        st.tuples(sub, sub).map(lambda t: [b"foreground", ("block", t[0])] + t[1]),
        st.tuples(st.booleans(), sub, sub).map(
            lambda t: [b"if"] + ([b"-n"] if t[0] else []) + [("block", t[1])] + t[2]),
        st.tuples(sub, sub, sub).map(lambda t: [b"ifelse", ("block", t[0]), ("block", t[1])] + t[2]),
        st.tuples(var, sub, sub).map(lambda t: [b"backtick", b"-n", t[0], ("block", t[1])] + t[2]),
        st.tuples(var, st.lists(word, max_size=3), sub).map(
            lambda t: [b"forx", t[0], ("block", t[1])] + t[2]),
        st.tuples(var, word, sub).map(lambda t: [b"define", t[0], t[1]] + t[2]),
        st.tuples(var, sub).map(lambda t: [b"importas", b"-D", b"d", t[0], t[0]] + t[1]),
        st.tuples(var, word, sub).map(lambda t: [b"export", t[0], t[1]] + t[2]),
        sub.map(lambda t: [b"fdmove", b"-c", b"2", b"1"] + t),
        sub.map(lambda t: [b"redirfd", b"-w", b"2", b"/dev/null"] + t),
        sub.map(lambda t: [b"elgetpositionals"] + t),
        sub.map(lambda t: [b"multisubstitute", ("block", [b"importas", b"-D", b"u", b"A", b"A",
                                                           b"define", b"B", b"b"])] + t),
        # more of the command set, error paths included
        st.tuples(sub, sub, sub).map(lambda t: [b"ifte", ("block", t[0]), ("block", t[1])] + t[2]),
        st.tuples(sub, sub, sub, sub).map(
            lambda t: [b"ifthenelse", ("block", t[0]), ("block", t[1]), ("block", t[2])] + t[3]),
        st.tuples(st.sampled_from([b"-x 3", b"-t", b"-X -n", b""]), sub, sub).map(
            lambda t: [b"if"] + t[0].split() + [("block", t[1])] + t[2]),
        st.tuples(var, st.lists(word, max_size=3), sub).map(
            lambda t: [b"pipeline", ("block", [b"echo"] + t[1]), b"withstdinas", b"-n", t[0]] + t[2]),
        st.tuples(var, word, sub).map(
            lambda t: [b"heredoc", b"0", t[1], b"withstdinas", b"-n", t[0]] + t[2]),
        st.tuples(var, sub).map(lambda t: [b"unexport", t[0]] + t[1]),
        sub.map(lambda t: [b"fdswap", b"1", b"2"] + t),
        sub.map(lambda t: [b"fdclose", b"0"] + t),
        sub.map(lambda t: [b"exec"] + t),
        st.tuples(sub, sub).map(lambda t: [b"tryexec", ("block", t[0])] + t[1]),
        st.tuples(sub, sub).map(lambda t: [b"background", ("block", t[0]), b"wait", ("block", [])] + t[1]),
        st.tuples(word, sub, sub).map(
            lambda t: [b"case", b"--", t[0], ("block", [b"^w", ("block", t[1])])] + t[2]),
        sub.map(lambda t: [b"shift"] + t),
        sub.map(lambda t: [b"emptyenv", b"-c"] + t),
        st.tuples(var, sub).map(lambda t: [b"getcwd", t[0]] + t[1]),
        sub.map(lambda t: [b"cd", b"/"] + t),
        sub.map(lambda t: [b"umask", b"077"] + t),
    )


chains = _chain(3)
positional_flags = st.sampled_from([[b"-P"], [b"-S0"], [b"-s0"], [], [b"-S2"], [b"-s1"]])
positional_args = st.lists(st.sampled_from([b"p", b"q r", b"", b"$A"]), max_size=3)


def render(chain, indent=b""):
    """Script text for a chain (words are quoted, blocks braced)."""
    out = []
    for item in chain:
        if isinstance(item, tuple):
            out.append(b"{ " + render(item[1]) + b" }")
        else:
            out.append(quote(item))
    return b" ".join(out)


# -------------------------------------------------------------------------
# s6-envdir: directories of small files with every byte the rules care about

envdir_names = st.text(alphabet="ABab_.=\xe9", min_size=1, max_size=4).filter(
    lambda s: s not in (".", ".."))
envdir_contents = st.lists(st.sampled_from([b"a", b"b", b" ", b"\t", b"\r", b"\n", b"\0", b"\xe9"]),
                           max_size=12).map(b"".join)
envdir_trees = st.dictionaries(envdir_names, envdir_contents, max_size=6)
envdir_options = st.lists(st.sampled_from(["-n", "-f", "-L", "-c:"]), max_size=3, unique=True)
