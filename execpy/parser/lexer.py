"""execlineb's lexer, byte for byte as execline 2.9.3.0 builds its argv.

The script is a byte string; parsing stops at the first NUL byte (as at the
end of input). Words are separated by whitespace, which for execline is the
space and every control byte from 1 to 31. The rules, checked against the
real binary by tests/test_properties.py (random scripts) and
tests/test_lexer.py:

* ``#`` at the start of a word begins a comment that runs to the newline.
* A backslash in an unquoted word takes the next byte literally (a newline
  included); at the end of input it is a syntax error. A backslash between
  words takes the next byte literally too and starts a word with it, except
  that before a newline or the end of input it disappears.
* A double quote opens a quoted part, which may sit anywhere in a word.
  Inside it: ``\\a \\b \\t \\n \\v \\f \\r`` are control bytes, a
  backslash-newline disappears, ``\\0xHH`` (one or two hex digits),
  ``\\0OOO`` (one to three octal digits) and ``\\DDD`` (one to three decimal
  digits, not starting with 0) give the byte of that value, which must be
  from 1 to 255; any other escaped byte stands for itself.
* A word that is exactly ``{`` opens a block and vanishes; a word that is
  exactly ``}`` closes it and becomes the block terminator. Every word
  gets one leading space per open block, so the terminator of a block at
  depth d is d-1 spaces.

``parse`` gives the argv as a list; ``parse_words`` as a Words
(execpy.parser.words), which counts those spaces instead of storing them;
``parse_argv``, what execlineb runs, one or the other by the script's depth.
"""

__all__ = ["ParseError", "parse", "parse_argv", "parse_words", "WHITESPACE"]

# Byte classes.
_NUL, _WS, _NL, _HASH, _QUOTE, _BSL, _OPEN, _CLOSE, _OTHER = range(9)

_CLASS = [_OTHER] * 256
for _b in range(1, 33):
    _CLASS[_b] = _WS
_CLASS[0] = _NUL
_CLASS[10] = _NL
_CLASS[ord("#")] = _HASH
_CLASS[ord('"')] = _QUOTE
_CLASS[ord("\\")] = _BSL
_CLASS[ord("{")] = _OPEN
_CLASS[ord("}")] = _CLOSE
_CLASS = bytes(_CLASS)

WHITESPACE = bytes(b for b in range(1, 33))

_CONTROL = {ord("a"): 7, ord("b"): 8, ord("t"): 9, ord("n"): 10,
            ord("v"): 11, ord("f"): 12, ord("r"): 13}
_OCTAL = frozenset(b"01234567")
_DECIMAL = frozenset(b"0123456789")
_HEX = frozenset(b"0123456789abcdefABCDEF")

# States.
(START, COMMENT, WORD, ESC_WORD, ESC_SPACE, QUOTE, QESC, QZERO, NUMBER,
 OPENB, CLOSEB) = range(11)


class ParseError(Exception):
    """A script that execlineb refuses: ``kind`` is "syntax error",
    "unmatched {" or "unmatched }"; ``pos`` is the byte offset where it was
    found."""

    def __init__(self, kind, pos):
        super().__init__(kind, pos)
        self.kind = kind
        self.pos = pos


def parse(script):
    """Return the list of words execlineb would build from ``script`` (bytes).

    Raises ParseError like execlineb's exit 100 cases.
    """
    return _plain(_lex(script))


def parse_words(script):
    """The argv of ``script`` as a Words (execpy.parser.words): the same
    words as ``parse``, stored without their block spaces, with the map of
    the script's blocks. Raises ParseError."""
    return _words(_lex(script))


# Over this many bytes of block spaces, execlineb's argv is a Words.
WORDS_OVER = 4096


def parse_argv(script):
    """The argv execlineb runs: the list ``parse`` gives for an ordinary
    script; for one whose blocks nest deep enough to carry more than
    WORDS_OVER bytes of block spaces, the Words ``parse_words`` gives (its
    block reads copy nothing, see execpy.parser.words). Raises ParseError."""
    lexed = _lex(script)
    return _words(lexed) if sum(lexed[0]) > WORDS_OVER else _plain(lexed)


def _plain(lexed):
    pads, texts = lexed[0], lexed[1]
    return [b" " * p + t if p else t for p, t in zip(pads, texts)]


def _words(lexed):
    from execpy.parser.words import Script, Words  # only for deep scripts
    pads, texts, depth, regular = lexed
    return Words(Script(pads, texts, depth if regular else None))


def _chop(word, lead, k):
    """Delete the last ``k`` bytes of ``lead`` spaces + ``word``; return
    the new ``lead``."""
    if len(word) >= k:
        del word[-k:]
        return lead
    lead -= k - len(word)
    word.clear()
    return lead


def _emit(word, lead, blevel, pads, texts, depth):
    """Record the word ``lead`` spaces + ``word`` at block depth
    ``blevel``, its leading spaces counted apart; return 0 (the next lead)."""
    text = bytes(word)
    if text[:1] == b" ":
        stripped = text.lstrip(b" ")
        lead += len(text) - len(stripped)
        text = stripped
    pads.append(lead)
    texts.append(text)
    depth.append(blevel)
    return 0


def _lex(script):
    """(pads, texts, depths, regular): the words as Script wants them, and
    whether the braces all opened and closed blocks cleanly."""
    cls = _CLASS
    pads = []
    texts = []
    depth = []
    regular = True
    word = bytearray()
    lead = 0  # spaces before ``word``, not yet written into it
    blevel = 0
    state = START
    # number escapes: digits collected so far, their base and max length
    digits = bytearray()
    base = 10
    maxdigits = 3
    n = len(script)
    i = 0
    while True:
        c = script[i] if i < n else 0
        k = cls[c]
        if state == START:
            if k == _NUL:
                break
            if k == _WS or k == _NL:
                pass
            elif k == _HASH:  # a comment: to the newline, in one step
                j = script.find(b"\n", i)
                z = script.find(b"\0", i, n if j < 0 else j)
                if z >= 0 or j < 0:  # the input ends inside it: at a NUL, or its end
                    i = z if z >= 0 else n
                    break
                i = j  # the newline, skipped below as COMMENT would
            elif k == _BSL:
                state = ESC_SPACE
            else:
                if word:  # glued to a partial word (see ESC_SPACE)
                    word += b" " * blevel
                else:
                    lead = blevel
                if k == _QUOTE:
                    state = QUOTE
                else:
                    word.append(c)
                    state = OPENB if k == _OPEN else CLOSEB if k == _CLOSE else WORD
        elif state == WORD:
            if k == _NUL or k == _WS or k == _NL:
                if word[:1] == b" ":
                    lead = _emit(word, lead, blevel, pads, texts, depth)
                else:  # the common case, inline
                    pads.append(lead)
                    texts.append(bytes(word))
                    depth.append(blevel)
                    lead = 0
                word = bytearray()
                if k == _NUL:
                    break
                state = START
            elif k == _QUOTE:
                state = QUOTE
            elif k == _BSL:
                state = ESC_WORD
            else:
                word.append(c)
        elif state == COMMENT:
            if k == _NUL:
                break
            if k == _NL:
                state = START
        elif state == QUOTE:
            if k == _NUL:
                raise ParseError("syntax error", i)
            if k == _QUOTE:
                state = WORD
            elif k == _BSL:
                state = QESC
            else:
                word.append(c)
        elif state == QESC:
            if k == _NUL:
                raise ParseError("syntax error", i)
            if k == _NL:
                state = QUOTE
            elif c in _CONTROL:
                word.append(_CONTROL[c])
                state = QUOTE
            elif c == 0x30:  # '0'
                state = QZERO
            elif 0x31 <= c <= 0x39:
                digits = bytearray((c,))
                base, maxdigits = 10, 3
                state = NUMBER
            else:
                word.append(c)
                state = QUOTE
        elif state == QZERO:
            if c in _OCTAL:
                digits = bytearray((c,))
                base, maxdigits = 8, 3
                state = NUMBER
            elif c == 0x78:  # 'x'
                digits = bytearray()
                base, maxdigits = 16, 2
                state = NUMBER
            else:
                raise ParseError("syntax error", i)
        elif state == NUMBER:
            valid = _OCTAL if base == 8 else _HEX if base == 16 else _DECIMAL
            if c in valid and len(digits) < maxdigits:
                digits.append(c)
                i += 1
                continue
            if not digits:  # \0x not followed by a hex digit
                raise ParseError("syntax error", i)
            value = int(digits, base)
            if value == 0 or value > 255:
                raise ParseError("syntax error", i)
            word.append(value)
            if k == _NUL:  # a number escape may end the input, quote unclosed
                _emit(word, lead, blevel, pads, texts, depth)
                break
            state = QUOTE
            continue  # this byte is read again, in a quoted string
        elif state == ESC_WORD:
            if k == _NUL:
                raise ParseError("syntax error", i)
            word.append(c)
            state = WORD
        elif state == ESC_SPACE:
            # A partial word left by "{\" or "}\" stays pending: it is
            # dropped at the end of input and glued to the next word.
            if k == _NUL:
                break
            if k == _NL:
                state = START
            else:
                if word:
                    word += b" " * blevel
                else:
                    lead = blevel
                word.append(c)
                state = WORD
        elif state == OPENB:
            if k == _NUL:
                raise ParseError("syntax error", i)
            if k == _WS or k == _NL:
                blevel += 1
                lead = _chop(word, lead, blevel)  # the brace and its quoting vanish
                state = START
            elif k == _QUOTE:
                state = QUOTE
            elif k == _BSL:
                state = ESC_SPACE
            else:
                word.append(c)
                state = WORD
        else:  # CLOSEB
            if k == _NUL or k == _WS or k == _NL:
                if not blevel:
                    raise ParseError("unmatched }", i - 1)
                blevel -= 1
                lead = _chop(word, lead, 2)  # the brace and one level of quoting
                if word:  # a brace glued to a partial word: no block map
                    regular = False
                lead = _emit(word, lead, blevel, pads, texts, depth)
                word = bytearray()
                if k == _NUL:
                    break
                state = START
            elif k == _QUOTE:
                state = QUOTE
            elif k == _BSL:
                state = ESC_SPACE
            else:
                word.append(c)
                state = WORD
        i += 1
    if blevel:
        raise ParseError("unmatched {", i)
    return pads, texts, depth, regular


def location(script, pos):
    """(line, column, text of that line) for a byte offset, 1-based."""
    pos = max(0, min(pos, len(script)))
    start = script.rfind(b"\n", 0, pos) + 1
    end = script.find(b"\n", pos)
    if end < 0:
        end = len(script)
    line = script.count(b"\n", 0, start) + 1
    return line, pos - start + 1, script[start:end]
