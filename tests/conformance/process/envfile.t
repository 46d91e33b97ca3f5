#### envfile reads key = value lines
## setup: printf 'A=1\n  B = two words  \n# comment\n\n   # indented comment\nC=\n' > f
envfile f
multisubstitute { importas A A importas B B importas C C }
echo "[${A}] [${B}] [${C}]"

## stdout:
[1] [two words] []
## status: 0

#### envfile quoted values keep their whitespace
## setup: printf 'A = "  spaced  "\nB=x"y z"w\n' > f
envfile f
multisubstitute { importas A A importas B B }
echo "[${A}] [${B}]"

## stdout:
[  spaced  ] [xy zw]
## status: 0

#### envfile C escapes in quotes
## setup: printf 'A="t\\tn\\\\q\\"x\\x41o\\101e\\7f\\a"\n' > f
envfile f
importas A A
sh -c "printf %s \"\$A\" | od -An -c"

## stdout:
   t  \t   n   \   q   "   x   A   o   A   e  \a   f  \a
## status: 0

#### envfile short octal escapes
## setup: printf 'A="\\1x\\12y\\0101"\n' > f
envfile f
importas A A
sh -c "printf %s \"\$A\" | od -An -c"

## stdout:
 001   x  \n   y  \b   1
## status: 0

#### envfile unknown escapes in quotes are literal
## setup: printf 'A="\\q\\8\\?\\#"\n' > f
envfile f importas A A echo $A

## stdout:
q8?#
## status: 0

#### envfile backslashes outside quotes
## setup: printf 'A=a\\ b\\\\c\\"d\nB=x\\\n  y\n' > f
envfile f
multisubstitute { importas A A importas B B }
echo "[${A}] [${B}]"

## stdout:
[a b\c"d] [x  y]
## status: 0

#### envfile a continuation inside quotes drops the newline
## setup: printf 'A="one\\\ntwo"\n' > f
envfile f importas A A echo $A

## stdout:
onetwo
## status: 0

#### envfile keys may hold odd characters
## setup: printf 'a.b-c#d=1\n' > f
envfile f /usr/bin/env -u PATH -u CASETMP /usr/bin/env

## stdout:
a.b-c#d=1
## status: 0

#### envfile later assignments win, and replace in place
## setup: printf 'A=1\nB=2\nA=3\n' > f
## env: B=9 Y=1
envfile f /usr/bin/env -u PATH -u CASETMP /usr/bin/env

## stdout:
B=2
Y=1
A=3
## status: 0

#### envfile a NUL escape splits the value
## setup: printf 'A="a\\0B=2"\n' > f
envfile f sh -c "echo \$A \$B"

## stdout:
a 2
## status: 0

#### envfile a NUL escape with no = unsets what follows
## setup: printf 'A="a\\x00Y"\n' > f
## env: Y=set
envfile f sh -c "echo \$A \${Y-unset}"

## stdout:
a unset
## status: 0

#### envfile a NUL byte in the file ends it
## setup: printf 'A=1\n\000B=2\n' > f
envfile f sh -c "echo \$A \${B-unset}"

## stdout:
1 unset
## status: 0

#### envfile trailing whitespace before a backslash is kept
## setup: printf 'A=a  \\\n b\n' > f
envfile f importas A A echo "[${A}]"

## stdout:
[a   b]
## status: 0

#### envfile reads stdin with -
## stdin: X=from-stdin\n
envfile - importas X X echo $X

## stdout:
from-stdin
## status: 0

#### envfile closes stdin after reading it
## stdin: X=1\n
envfile - sh -c "cat || echo closed"

## stdout:
closed
## stderr:
cat: -: Bad file descriptor
cat: closing standard input: Bad file descriptor
## status: 0

#### envfile syntax errors
## setup: printf 'A=1\nnovalue\n' > f1; printf '=1\n' > f2; printf 'A="open\n' > f3; printf 'A B=1\n' > f4; printf 'A="\\x4"\n' > f5; printf 'A=b\\c\n' > f6; printf 'ok=1\n\n\nA\n' > f7; printf "k'=1\n" > f8; printf 'A="x\\1\n"\n' > f9
foreground { envfile f1 echo no }
foreground { envfile f2 echo no }
foreground { envfile f3 echo no }
foreground { envfile f4 echo no }
foreground { envfile f5 echo no }
foreground { envfile f6 echo no }
foreground { envfile f7 echo no }
foreground { envfile f8 echo no }
envfile f9 echo no

## stderr:
envfile: fatal: in f1: syntax error line 2
envfile: fatal: in f2: syntax error line 1
envfile: fatal: in f3: syntax error line 1
envfile: fatal: in f4: syntax error line 1
envfile: fatal: in f5: syntax error line 1
envfile: fatal: in f6: syntax error line 1
envfile: fatal: in f7: syntax error line 4
envfile: fatal: in f8: syntax error line 1
envfile: fatal: in f9: syntax error line 1
## status: 1

#### envfile syntax error on stdin
## stdin: A\n
envfile - echo no

## stderr:
envfile: fatal: in standard input: syntax error line 1
## status: 1

#### envfile missing file
envfile nonexistent echo no

## stderr:
envfile: fatal: unable to open nonexistent: No such file or directory
## status: 111

#### envfile -I ignores a missing file
envfile -I nonexistent echo went-on

## stdout:
went-on
## status: 0

#### envfile -I does not ignore other errors
## setup: mkdir d
envfile -I d echo no

## stderr:
envfile: fatal: unable to read from d: Is a directory
## status: 111

#### envfile -i is the default
envfile -I -i nonexistent echo no

## stderr:
envfile: fatal: unable to open nonexistent: No such file or directory
## status: 111

#### envfile usage errors
foreground { envfile f }
envfile -x f echo

## stderr:
envfile: usage: envfile [ -i | -I ] file prog...
envfile: usage: envfile [ -i | -I ] file prog...
## status: 100

#### envfile from sh
## mode: sh
printf 'GREETING = "hello world"\n' > f && envfile f sh -c 'echo $GREETING'

## stdout:
hello world
## status: 0
