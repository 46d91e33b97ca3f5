#### s6-echo separates with spaces and ends with a newline
## only: execpy
s6-echo -- a "b c" -n
## stdout:
a b c -n
## status: 0

#### s6-echo -n and -s
## only: execpy
foreground { s6-echo -n -s : a b c }
s6-echo -s "" x y
## stdout-repr: b'a:b:cx\x00y\n'
## status: 0

#### s6-echo with no argument prints a newline
## only: execpy
s6-echo
## stdout-repr: b'\n'
## status: 0

#### s6-echo bad option
## only: execpy
s6-echo -x
## stderr:
s6-echo: usage: s6-echo [ -n ] [ -s sep ] args...
## status: 100

#### s6-cat copies stdin to stdout
## only: execpy
## stdin: one\ntwo\x00three
s6-cat
## stdout-repr: b'one\ntwo\x00three'
## status: 0

#### s6-sort sorts bytewise, adds the missing last newline
## only: execpy
## stdin: b\na\n  c\nB\nA\n\xc3\xa9
s6-sort
## stdout-repr: b'  c\nA\nB\na\nb\n\xc3\xa9\n'
## status: 0

#### s6-sort -r -u
## only: execpy
## stdin: b\na\nb\nc\na\n
s6-sort -ru
## stdout:
c
b
a
## status: 0

#### s6-sort -b ignores leading blanks, -f case
## only: execpy
## stdin: \tb\n  a\nC\n
s6-sort -bf
## stdout-repr: b'  a\n\tb\nC\n'
## status: 0

#### s6-sort -0
## only: execpy
## stdin: b\x00a\x00c
s6-sort -0
## stdout-repr: b'a\x00b\x00c\x00'
## status: 0

#### s6-sort -c checks order; with -u duplicates count as unsorted
## only: execpy
## mode: sh
printf 'a\nb\nb\n' | s6-sort -c; echo $?
printf 'b\na\n' | s6-sort -c; echo $?
printf 'a\nb\nb\n' | s6-sort -cu; echo $?
printf 'a\nb\n' | s6-sort -cu; echo $?
## stdout:
0
1
1
0
## status: 0

#### s6-sort usage
## only: execpy
s6-sort -x
## stderr:
s6-sort: usage: s6-sort [ -bcfru0 ]
## status: 100

#### s6-grep takes a basic regular expression
## only: execpy
## stdin: foo\nbar\nfoobar\na+b\nab\n
s6-grep -n "o\\{2\\}"
## stdout:
1:foo
3:foobar
## status: 0

#### s6-grep BRE: + and | are ordinary characters
## only: execpy
## stdin: a+b\naab\na|b\n
s6-grep "a+b"
## stdout:
a+b
## status: 0

#### s6-grep -E extended expressions
## only: execpy
## stdin: foo\nbar\nbaz\n
s6-grep -E "fo+|ba(r)"
## stdout:
foo
bar
## status: 0

#### s6-grep -F fixed string
## only: execpy
## stdin: a.c\nabc\nxA.C\n
s6-grep -F a.c
## stdout:
a.c
## status: 0

#### s6-grep -iF ignores case
## only: execpy
## stdin: a.c\nabc\nxA.C\n
s6-grep -iF a.c
## stdout:
a.c
xA.C
## status: 0

#### s6-grep -c -v
## only: execpy
## stdin: foo\nbar\nbaz\n
s6-grep -cv foo
## stdout:
2
## status: 0

#### s6-grep -q prints nothing; exit 1 without a match
## only: execpy
## mode: sh
printf 'root\n' | s6-grep -qF root; echo $?
printf 'root\n' | s6-grep -qvF root; echo $?
printf 'x\n' | s6-grep -q 'r..t'; echo $?
## stdout:
0
1
1
## status: 0

#### s6-grep a last line without newline gets one
## only: execpy
## stdin: a\nab
s6-grep b
## stdout:
ab
## status: 0

#### s6-grep bad expression
## only: execpy
## stdin: x\n
s6-grep "a\\{"
## stderr:
s6-grep: fatal: unable to compile regular expression: Unmatched \{
## status: 111

#### s6-grep usage
## only: execpy
s6-grep
## stderr:
s6-grep: usage: s6-grep [ -E | -F ] [ -i ] [ -c ] [ -n ] [ -q ] [ -v ] pattern
## status: 100

#### s6-seq forms
## only: execpy
foreground { s6-seq 3 }
foreground { s6-seq 2 4 }
foreground { s6-seq 1 5 12 }
s6-seq 5 1
## stdout:
1
2
3
2
3
4
1
6
11
## status: 0

#### s6-seq -w pads to the width of the last printed number, -s separates
## only: execpy
foreground { s6-seq -w 8 2 12 }
foreground { s6-seq -s , 1 3 }
s6-seq -s "" 0 1
## stdout-repr: b'08\n10\n12\n1,2,3,0\x001\x00'
## status: 0

#### s6-seq usage
## only: execpy
foreground { s6-seq }
foreground { s6-seq x }
foreground { s6-seq 1 2 3 4 }
s6-seq -- -1
## stderr:
s6-seq: usage: s6-seq [ -w ] [ -s separator ] limits
s6-seq: usage: s6-seq [ -w ] [ -s separator ] limits
s6-seq: usage: s6-seq [ -w ] [ -s separator ] limits
s6-seq: usage: s6-seq [ -w ] [ -s separator ] limits
## status: 100
