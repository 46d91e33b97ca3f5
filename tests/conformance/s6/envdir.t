#### s6-envdir default: first line, trailing blanks cut, NUL becomes newline
## setup: mkdir d && cd d && printf 'abc' > A && printf 'abc  \t \r\nline2\n' > B && printf '' > C && printf '\n' > D && printf 'a\0b\n' > E && printf '   \n' > F && printf 'x=1' > 'G=H' && printf 'hid' > .hidden && printf 'one\ntwo\n\n' > I && printf ' lead\n' > J && printf 'tab\t\n' > K
## env: C=present
s6-envdir d /usr/bin/env -u PATH -u CASETMP

## stdout:
F=
I=one
E=a
b
K=tab
D=
J= lead
B=abc
A=abc
## status: 0

#### s6-envdir -n keeps trailing blanks
## setup: mkdir d && cd d && printf 'abc' > A && printf 'abc  \t \r\nline2\n' > B && printf '' > C && printf '\n' > D && printf 'a\0b\n' > E && printf '   \n' > F && printf 'one\ntwo\n\n' > I && printf 'tab\t\n' > K
## env: C=present
s6-envdir -n d /usr/bin/env -u PATH -u CASETMP

## stdout-repr: b'F=   \nI=one\nE=a\nb\nK=tab\t\nD=\nB=abc  \t \r\nA=abc\n'
## status: 0

#### s6-envdir -f takes the whole file minus the last newline
## setup: mkdir d && cd d && printf 'abc' > A && printf 'abc  \t \r\nline2\n' > B && printf '' > C && printf '\n' > D && printf 'a\0b\n' > E && printf '   \n' > F && printf 'one\ntwo\n\n' > I && printf 'tab\t\n' > K
## env: C=present
s6-envdir -f d /usr/bin/env -u PATH -u CASETMP

## stdout-repr: b'F=   \nI=one\ntwo\n\nE=a\nb\nK=tab\t\nD=\nB=abc  \t \r\nline2\nA=abc\n'
## status: 0

#### s6-envdir -fn takes the whole file
## setup: mkdir d && cd d && printf 'abc' > A && printf 'abc  \t \r\nline2\n' > B && printf '' > C && printf '\n' > D && printf 'a\0b\n' > E && printf '   \n' > F && printf 'one\ntwo\n\n' > I && printf 'tab\t\n' > K
## env: C=present
s6-envdir -fn d /usr/bin/env -u PATH -u CASETMP

## stdout-repr: b'F=   \n\nI=one\ntwo\n\n\nE=a\nb\n\nK=tab\t\n\nD=\n\nB=abc  \t \r\nline2\n\nA=abc\n'
## status: 0

#### s6-envdir -L: a first line without newline reads as empty (as s6 2.11.3.2 does)
## setup: mkdir d && cd d && printf 'abc' > A && printf 'abc  \t \r\nline2\n' > B && printf '' > C && printf '\n' > D && printf 'a\0b\n' > E && printf '   \n' > F && printf 'abc  ' > G
## env: C=present
s6-envdir -L d /usr/bin/env -u PATH -u CASETMP

## stdout:
F=
G=
E=a
b
D=
B=abc
A=
## status: 0

#### s6-envdir -Ln
## setup: mkdir d && cd d && printf 'abc' > A && printf 'abc  \t \r\nline2\n' > B && printf '' > C && printf '\n' > D && printf 'a\0b\n' > E && printf '   \n' > F && printf 'abc  ' > G
## env: C=present
s6-envdir -Ln d /usr/bin/env -u PATH -u CASETMP

## stdout-repr: b'F=   \nG=abc  \nE=a\nb\nD=\nB=abc  \t \r\nA=abc\n'
## status: 0

#### s6-envdir -Lf and -Lfn
## setup: mkdir d && cd d && printf 'abc' > A && printf 'abc  \t \r\nline2\n' > B && printf '' > C && printf '\n\n' > D && printf 'a\0b\n' > E
## env: C=present
foreground { s6-envdir -Lf d /usr/bin/env -u PATH -u CASETMP -u ? }
s6-envdir -Lfn d /usr/bin/env -u PATH -u CASETMP -u ?

## stdout-repr: b'A=abc\nE=a\nb\nD=\n\nB=abc  \t \r\nline2\nA=abc\nE=a\nb\n\nD=\n\n\nB=abc  \t \r\nline2\n\n'
## status: 0

#### s6-envdir -c replaces NUL with another character
## setup: mkdir d && printf 'a\0b\0\n' > d/E
foreground { s6-envdir -c: d /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envdir -fc:x d /usr/bin/env -u PATH -u CASETMP -u ? }
s6-envdir -Lc "\t" d /usr/bin/env -u PATH -u CASETMP -u ?

## stdout:
E=a:b:
E=a:b:
E=a	b	
## status: 0

#### s6-envdir -c with an empty argument is invalid
## setup: mkdir d && printf 'a\n' > d/E
foreground { s6-envdir -c "" d true }
s6-envdir -I -c "" d true

## stderr:
s6-envdir: fatal: unable to envdir d: Invalid argument
s6-envdir: fatal: unable to envdir d: Invalid argument
## status: 111

#### s6-envdir clamps values at 4095 bytes unless -L
## setup: mkdir d && head -c 5000 /dev/zero | tr '\0' x > d/A && head -c 5000 /dev/zero | tr '\0' y > d/B && printf '\n' >> d/B
foreground { s6-envdir d /bin/sh -c "printf '%s %s\n' \"${#A}\" \"${#B}\"" }
foreground { s6-envdir -f d /bin/sh -c "printf '%s %s\n' \"${#A}\" \"${#B}\"" }
foreground { s6-envdir -L d /bin/sh -c "printf '%s %s\n' \"${#A}\" \"${#B}\"" }
s6-envdir -Lf d /bin/sh -c "printf '%s %s\n' \"${#A}\" \"${#B}\""

## stdout:
4095 4095
4095 4095
0 5000
5000 5000
## status: 0

#### s6-envdir missing directory: fatal unless -I
foreground { s6-envdir -I nonexistent /bin/echo went on }
foreground { s6-envdir -Ii nonexistent /bin/echo not reached }
s6-envdir nonexistent /bin/echo not reached

## stdout:
went on
## stderr:
s6-envdir: fatal: unable to envdir nonexistent: No such file or directory
s6-envdir: fatal: unable to envdir nonexistent: No such file or directory
## status: 111

#### s6-envdir -I still fails on a file that is not a directory
## setup: printf 'x' > f
s6-envdir -I f true

## stderr:
s6-envdir: fatal: unable to envdir f: Not a directory
## status: 111

#### s6-envdir dangling symlink is EIDRM, even with -I
## setup: mkdir d && ln -s nonexistent d/X
foreground { s6-envdir d true }
s6-envdir -I d true

## stderr:
s6-envdir: fatal: unable to envdir d: Identifier removed
s6-envdir: fatal: unable to envdir d: Identifier removed
## status: 111

#### s6-envdir subdirectory is an error
## setup: mkdir -p d/sub
s6-envdir d true

## stderr:
s6-envdir: fatal: unable to envdir d: Is a directory
## status: 111

#### s6-envdir empty directory changes nothing
## setup: mkdir d
## env: A=1
s6-envdir d /usr/bin/env -u PATH -u CASETMP

## stdout:
A=1
## status: 0

#### s6-envdir replaced and removed variables: slots as skalibs env_merge leaves them
## setup: mkdir d && printf 'new\n' > d/B && : > d/D
## env: A=1 B=2 C=3 D=4 E=5
s6-envdir d /usr/bin/env -u PATH -u CASETMP

## stdout:
A=1
E=5
C=3
B=new
## status: 0

#### s6-envdir usage
foreground { s6-envdir }
foreground { s6-envdir d }
s6-envdir -x d true

## stderr:
s6-envdir: usage: s6-envdir [ -I | -i ] [ -n ] [ -f ] [ -L ] [ -c nullchar ] dir prog...
s6-envdir: usage: s6-envdir [ -I | -i ] [ -n ] [ -f ] [ -L ] [ -c nullchar ] dir prog...
s6-envdir: usage: s6-envdir [ -I | -i ] [ -n ] [ -f ] [ -L ] [ -c nullchar ] dir prog...
## status: 100

#### s6-envdir cannot exec
## setup: mkdir d
foreground { s6-envdir d nonexistent-prog }
s6-envdir d /etc/passwd

## stderr:
s6-envdir: fatal: unable to exec nonexistent-prog: No such file or directory
s6-envdir: fatal: unable to exec /etc/passwd: Permission denied
## status: 126

#### s6-envdir chained twice, in-process and standalone
## mode: sh
## setup: mkdir a b && printf '1\n' > a/X && printf '2\n' > b/Y && printf '3\n' > a/Y
exec s6-envdir -fn -- a s6-envdir b sh -c 'echo $X $Y'

## stdout:
1 2
## status: 0
