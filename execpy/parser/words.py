"""Words: the argv a script makes, with its block spaces counted, not stored.

In execline's argv a word inside n blocks carries n leading spaces, so
nested blocks make an argv quadratic in the script, and every block read
(which strips one space from each of its words) copies it once more. A
Words holds each word once, as a count of leading spaces and the text
after them, and stands for the argv slice ``[start, stop)`` with ``shift``
spaces taken off every word: reading a block or taking the rest of a chain
is a new view on the same words, made in constant time. ``argv[i]`` builds
word i on demand.

The lexer also records each word's block depth and, for each block, where
its terminator is, so that the terminator of a block read at ``shift`` is
found without scanning the block (``block_end``). A script with a glued
brace (``{\\`` at a line end) has no such map; its blocks are scanned.

execlineb makes one only for a script deep enough to need it
(lexer.parse_argv): an ordinary script is a plain list. A Words is an
immutable sequence of bytes; a substitution gives a new Words with the same
block map (execpy.engine.subst), and whatever needs a real list (an exec)
gets one from ``list(words)``. ``encode`` and ``decode`` carry one to a new
interpreter in about the size of the script.
"""

import os
from _operator import add  # the C module: 'operator' is one more file to import
from itertools import accumulate

# A word longer than this could exceed execve's per-string limit, which is
# 32 pages (at least 131072 bytes): then the longest word is computed.
_LONG = 131072


class Script:
    """The words of one script, shared by every view on them.

    ``pads[j]`` leading spaces, then ``texts[j]`` (which starts with no
    space); ``cum[j]`` is the size of words 0..j-1 (without their NULs);
    ``depth[j]`` the number of blocks word j sits in (a terminator counts
    as outside its block), None when the script has no block map; ``end``
    (made when first asked for) maps each word to the terminator of the
    innermost block holding it."""

    __slots__ = ("pads", "texts", "cum", "longest", "depth", "_end")

    def __init__(self, pads, texts, depth=None):
        self.pads = pads
        self.texts = texts
        sizes = list(map(add, pads, map(len, texts)))
        self.cum = list(accumulate(sizes, initial=0))
        self.longest = max(sizes, default=-1) + 1  # with its NUL
        self.depth = depth
        self._end = None

    @property
    def end(self):
        if self._end is None:
            self._end = _terminators(self.depth, self.texts, self.pads)
        return self._end


def _terminators(depth, texts, pads):
    """end[j]: the index of the terminator of the innermost block that
    holds word j (len(depth) at the top level)."""
    n = len(depth)
    end = [n] * n
    nearest = [n] * (max(depth, default=0) + 2)  # depth of a terminator -> its index
    for j in range(n - 1, -1, -1):
        d = depth[j]
        if d:
            end[j] = nearest[d - 1]
        if not texts[j] and pads[j] == d:  # a terminator: the close of a depth d+1 block
            nearest[d] = j
    return end


class Words:
    """The argv ``[start, stop)`` of ``base``, ``shift`` spaces off each
    word. Every word there has at least ``shift`` spaces: a view at shift s
    is made only by s block reads through the block map (``inner``), whose
    words all sit inside s blocks."""

    __slots__ = ("base", "start", "stop", "shift")

    def __init__(self, base, start=0, stop=None, shift=0):
        self.base = base
        self.start = start
        self.stop = len(base.pads) if stop is None else stop
        self.shift = shift

    def _word(self, j):
        p = self.base.pads[j] - self.shift
        return b" " * p + self.base.texts[j] if p else self.base.texts[j]

    def __len__(self):
        return self.stop - self.start

    def __getitem__(self, k):
        n = self.stop - self.start
        if type(k) is slice:
            a, b, step = k.indices(n)
            if step != 1:
                return [self._word(self.start + i) for i in range(a, b, step)]
            return Words(self.base, self.start + a, self.start + max(a, b), self.shift)
        if k < 0:
            k += n
        if not 0 <= k < n:
            raise IndexError("argv index out of range")
        j = self.start + k
        base = self.base
        p = base.pads[j] - self.shift
        return b" " * p + base.texts[j] if p else base.texts[j]

    def __iter__(self):
        pads, texts, s = self.base.pads, self.base.texts, self.shift
        for j in range(self.start, self.stop):
            p = pads[j] - s
            yield b" " * p + texts[j] if p else texts[j]

    def __contains__(self, word):
        return any(w == word for w in self)

    def index(self, word, start=0):
        for i in range(max(start, 0), len(self)):
            if self[i] == word:
                return i
        raise ValueError("word not in argv")

    def count(self, word):
        return sum(1 for w in self if w == word)

    def __eq__(self, other):
        if isinstance(other, (Words, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    __hash__ = None

    def __add__(self, other):
        return list(self) + list(other)

    def __radd__(self, other):
        return list(other) + list(self)

    def __repr__(self):
        return "Words(%r)" % (list(self),)

    # blocks ---------------------------------------------------------------
    def block_end(self, i):
        """Where the block starting at self[i] ends: the index of its
        terminator (the first empty word from i on), or None when only a
        scan can tell (no block map, or a block that does not start inside
        one of the script's own blocks)."""
        base = self.base
        depth = base.depth
        j = self.start + i
        if depth is None or not 0 <= i < len(self):
            return None
        s = self.shift
        if base.pads[j] <= s and base.cum[j + 1] - base.cum[j] == base.pads[j]:
            return i  # argv[i] is empty: an empty block
        if depth[j] <= s:
            return None  # words outside the script's blocks (unquoted): scan
        end = base.end
        stop = self.stop
        while depth[j] > s + 1:
            j = end[j]
            if j >= stop:
                return None
        j = end[j]
        return j - self.start if j < stop else None

    def inner(self, i, end):
        """The block self[i:end] with one more space off each word."""
        return Words(self.base, self.start + i, self.start + end, self.shift + 1)

    def shape(self):
        """(leading spaces, length) of every word, without building them."""
        pads, cum, s = self.base.pads, self.base.cum, self.shift
        leads = []
        lens = []
        for j in range(self.start, self.stop):
            p = pads[j] - s
            leads.append(p)
            lens.append(p + cum[j + 1] - cum[j] - pads[j])
        return leads, lens

    # sizes ----------------------------------------------------------------
    def strings_size(self):
        """(bytes of the words with their NULs, an upper bound on the
        longest word + 1, exact when it could matter to execve)."""
        base, a, b, s = self.base, self.start, self.stop, self.shift
        total = base.cum[b] - base.cum[a] + (b - a) * (1 - s)
        longest = base.longest
        if longest > _LONG:
            longest = max((len(w) + 1 for w in self), default=0)
        return total, longest


def encode(argv):
    """``argv`` (a Words or a list) as strings a new process can take as
    its arguments and ``decode``: one of numbers, then the texts. Linear in
    the script, where the argv itself may be quadratic."""
    if not isinstance(argv, Words):
        argv = from_words(argv)
    base, s = argv.base, argv.shift
    rng = range(argv.start, argv.stop)
    pads = b",".join(b"%d" % (base.pads[j] - s) for j in rng)
    if base.depth is None:
        head = b"-" + pads
    else:
        head = pads + b";" + b",".join(b"%d" % (base.depth[j] - s) for j in rng)
    return [head] + base.texts[argv.start:argv.stop]


def decode(args):
    """The Words that ``encode`` made ``args`` (bytes or str) from."""
    args = [a if isinstance(a, bytes) else os.fsencode(a) for a in args]
    head, texts = args[0], args[1:]
    mapped = not head.startswith(b"-")
    pads, _, depth = head.lstrip(b"-").partition(b";")

    def numbers(field):
        return [int(x) for x in field.split(b",")] if texts else []
    return Words(Script(numbers(pads), texts, numbers(depth) if mapped else None))


def from_words(words):
    """A Words holding a plain argv (no block map: its blocks are scanned)."""
    pads = []
    texts = []
    for w in words:
        t = w.lstrip(b" ")
        pads.append(len(w) - len(t))
        texts.append(t)
    return Words(Script(pads, texts))
