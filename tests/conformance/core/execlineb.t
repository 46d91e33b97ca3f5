#### words, quotes and escapes
echo a "b c" "\x41\0x41\101\0101" d\ e "" f

## stdout:
a b c x41AeA d e  f
## status: 0

#### backslash-newline in and out of words
echo a\
b \
c "d\
e"

## stdout:
a
b c de
## status: 0

#### comments and a shebang line are comments
#!/bin/sh
echo a #b
# c
echo2 d

## stdout:
a echo2 d
## status: 0

#### blocks nest with their quoting
/bin/sh -c "for a; do echo \"[\$a]\"; done" x { a { b } c } d

## stdout:
[ a]
[  b]
[ ]
[ c]
[]
[d]
## status: 0

#### unmatched closing brace
echo a }
## stderr:
execlineb: fatal: unmatched }
## status: 100

#### unmatched opening brace
echo { a
## stderr:
execlineb: fatal: unmatched {
## status: 100

#### opening brace at the end of input
echo a {

## stderr:
execlineb: fatal: unmatched {
## status: 100

#### bad escapes are syntax errors
echo "\08" "\256" "\0x"

## stderr:
execlineb: fatal: syntax error
## status: 100

#### empty script succeeds
# only a comment

## status: 0

#### positional parameters pushed in the default mode
## flags:
## args: a b
importas n "#"
importas a 1
importas b 2
importas z 0
echo $n $a $b $z
## stdout:
2 a b @TMP@/script
## status: 0

#### -S substitutes positionals
## flags: -S3
## args: x y
echo $1 [$2] [$3] $# $@

## stdout:
x [$2] [$3] 2 x y
## stderr:
execlineb: warning: too few arguments: expecting at least 3 but got 2
## status: 0

#### -s shifts $@
## flags: -s1
## args: x y z
echo $1 $# :: $@

## stdout:
x 3 :: y z
## status: 0

#### -W makes missing positionals fatal
## flags: -W -S2
## args: x
echo $1

## stderr:
execlineb: fatal: too few arguments: expecting at least 2 but got 1
## status: 100

#### missing script file
## flags: -P -S0
## mode: sh
execlineb -P ./nonexist

## stderr:
execlineb: fatal: unable to open ./nonexist for reading: No such file or directory
## status: 111

#### unknown option
## mode: sh
execlineb -Z -c "echo a"

## stderr:
execlineb: usage: execlineb [ -p | -P | -S nmin | -s nmin ] [ -q | -w | -W ] [ -c commandline ] script args
## status: 100

#### exec failure is 127
nonexistent-program a b

## stderr:
execlineb: fatal: unable to exec nonexistent-program: No such file or directory
## status: 127

#### a non-executable file is 126
## setup: echo x > f
./f

## stderr:
execlineb: fatal: unable to exec ./f: Permission denied
## status: 126

#### the last program keeps the PID
## mode: sh
execlineb -Pc 'foreground { true } if { true } /bin/sh -c "echo \$\$"' > out & p=$!; wait; [ "$(cat out)" = "$p" ] && echo same

## stdout:
same
## status: 0

#### an empty PATH element is not the current directory
## mode: sh
## setup: printf '#!/bin/sh\necho found\n' > prog; chmod +x prog
PATH=":$PATH" execlineb -Pc prog

## stderr:
execlineb: fatal: unable to exec prog: No such file or directory
## status: 127

#### a file without a shebang is not run by a shell
## setup: printf 'echo hi\n' > f; chmod +x f
./f

## stderr:
execlineb: fatal: unable to exec ./f: Exec format error
## status: 126

#### PATH search goes past a non-executable file
## mode: sh
## setup: mkdir d1 d2; printf x > d1/prog; printf '#!/bin/sh\necho d2\n' > d2/prog; chmod +x d2/prog
PATH="$CASETMP/d1:$CASETMP/d2:$PATH" execlineb -Pc prog

## stdout:
d2
## status: 0

#### the next program is found on the PATH the step started with
## mode: sh
execlineb -Pc 'export PATH /nonexistent /bin/sh -c "ls -d / ; echo \$PATH"'
execlineb -Pc 'export PATH /nonexistent ls -d /'
execlineb -Pc 'emptyenv ls -d /'
execlineb -Pc 'exec -c ls -d /'
execlineb -Pc 'foreground { export PATH /nonexistent ls -d / } importas ? ? echo $?'

## stdout:
/nonexistent
/
/
/
/
0
## stderr:
/bin/sh: 1: ls: not found
## status: 0
