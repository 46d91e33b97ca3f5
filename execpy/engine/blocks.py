"""Reading blocks out of an argv (execline's el_semicolon).

In an argv a block is a run of words that each start with one space (the
space is removed), ended by an empty word. Under EXECLINE_STRICT=1 a word
without its space is warned about; under 2 it is fatal.

The argv of a deep script (a Words, execpy.parser.words) knows where its
blocks end: reading one there costs the same at any depth and copies
nothing. Any other argv (a plain list: an ordinary script, a command line)
is scanned.
"""

from execpy.errors import Die


def read_block(ctx, argv, start):
    """Read the block starting at ``argv[start]``.

    Returns (block words, index just past the terminator). Raises
    ``Die(100, "unterminated block")`` when no empty word ends it.
    """
    ctx.nblock += 1
    find = getattr(argv, "block_end", None)
    if find is not None:
        end = find(start)
        if end is not None:
            return argv.inner(start, end), end + 1
    strict = None
    block = []
    i = start
    n = len(argv)
    while i < n:
        word = argv[i]
        if not word:
            return block, i + 1
        if word[0] == 0x20:
            block.append(word[1:])
        else:
            if strict is None:
                strict = ctx.strict()
            if strict:
                msg = (b"unquoted argument " + word + b" at block "
                       + str(ctx.nblock).encode() + b" position "
                       + str(i - start).encode())
                if strict >= 2:
                    raise Die(100, msg)
                ctx.warn(msg)
            block.append(word)
        i += 1
    raise Die(100, b"unterminated block")


def read_block_or_none(ctx, argv, start):
    """Like read_block, but (block, None) when the block is unterminated."""
    try:
        return read_block(ctx, argv, start)
    except Die as e:
        if e.msg == b"unterminated block":
            return None, None
        raise

