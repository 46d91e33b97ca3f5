#### ifelse runs the then block on success
ifelse { true } { echo then } echo else

## stdout:
then
## status: 0

#### ifelse runs the rest on failure
ifelse { false } { echo then } echo else

## stdout:
else
## status: 0

#### ifelse -n negates
ifelse -n { false } { echo then } echo else

## stdout:
then
## status: 0

#### ifelse dies when the test crashes
ifelse { sh -c "kill \$\$" } { echo then } echo else

## stderr:
ifelse: fatal: child crashed with signal 15
## status: 143

#### ifelse -X treats a crash as failure
ifelse -X { sh -c "kill \$\$" } { echo then } echo else

## stdout:
else
## status: 0

#### ifelse with an empty test block succeeds
ifelse { } { echo then } echo else

## stdout:
then
## status: 0

#### ifelse with a missing program
ifelse { nonexistent-program } { echo then } echo else

## stderr:
ifelse: fatal: unable to spawn nonexistent-program: No such file or directory
## status: 111

#### ifelse block errors
foreground { ifelse { true } }
ifelse { false } { echo x }

## stderr:
ifelse: fatal: then block required
## status: 0

#### ifelse with an unterminated test block
ifelse true

## stderr:
ifelse: fatal: unterminated if block
## status: 100

#### ifelse with an unterminated then block
ifelse { true } echo x

## stderr:
ifelse: fatal: unterminated then block
## status: 100

#### ifelse with an unknown option
ifelse -x { true } { echo a } echo b

## stderr:
ifelse: usage: ifelse [ -n ] [ -X ] { command-if } { command-then... } command-else...
## status: 100

#### ifte runs the then block on success
ifte { echo then } { echo else } true

## stdout:
then
## status: 0

#### ifte runs the else block on failure
ifte { echo then } { echo else } false

## stdout:
else
## status: 0

#### ifte -n negates
ifte -n { echo then } { echo else } true

## stdout:
else
## status: 0

#### ifte dies when the test crashes
ifte { echo then } { echo else } sh -c "kill -9 \$\$"

## stderr:
ifte: fatal: child crashed with signal 9
## status: 137

#### ifte -X treats a crash as failure
ifte -X { echo then } { echo else } sh -c "kill \$\$"

## stdout:
else
## status: 0

#### ifte with a missing command-if
ifte { echo then } { echo else } nonexistent-program

## stderr:
ifte: fatal: unable to spawn nonexistent-program: No such file or directory
## status: 111

#### ifte with a block as command-if
ifte { echo then } { echo else } { true }

## stderr:
ifte: fatal: : unable to spawn  true: name begins with a space, are you trying to spawn a block as your command-if?
## status: 111

#### ifte with no command-if
ifte { echo then } { echo else }

## stderr:
ifte: fatal: empty command-if
## status: 100

#### ifte with only a then block
ifte { echo then }

## stderr:
ifte: fatal: else block required
## status: 100

#### ifte with an unterminated then block
ifte echo then

## stderr:
ifte: fatal: unterminated then block
## status: 100

#### ifte with an unterminated else block
ifte { echo then } echo x

## stderr:
ifte: fatal: unterminated else block
## status: 100

#### ifte with an unknown option
ifte -x { echo then } { echo else } true

## stderr:
ifte: usage: ifte [ -X ] [ -n ] { command-then... } { command-else... } command-if...
## status: 100

#### ifthenelse runs then, sets ? and goes on
ifthenelse { true } { sh -c "exit 4" } { echo else }
importas ? ?
echo status $?

## stdout:
status 4
## status: 0

#### ifthenelse runs else on failure
ifthenelse { false } { echo then } { echo else }
echo after

## stdout:
else
after
## status: 0

#### ifthenelse dies when the test crashes
ifthenelse { sh -c "kill \$\$" } { echo then } { echo else } echo after

## stderr:
ifthenelse: fatal: child crashed with signal 15
## status: 143

#### ifthenelse -X treats a crash as failure
ifthenelse -X { sh -c "kill \$\$" } { echo then } { echo else } echo after

## stdout:
else
after
## status: 0

#### ifthenelse reports a crash of the branch as 256+n
ifthenelse { true } { sh -c "kill \$\$" } { echo else }
importas ? ?
echo $?

## stdout:
271
## status: 0

#### ifthenelse with a missing branch program
ifthenelse { true } { nonexistent-program } { echo else }
importas ? ?
echo $?

## stdout:
127
## stderr:
ifthenelse: warning: unable to spawn nonexistent-program: No such file or directory
## status: 0

#### ifthenelse with a missing test program
ifthenelse { nonexistent-program } { echo then } { echo else } echo after

## stderr:
ifthenelse: fatal: unable to spawn nonexistent-program: No such file or directory
## status: 111

#### ifthenelse -s runs the branch and the rest as one chain
ifthenelse -s { true } { define X then } { define X else } echo $X

## stdout:
then
## status: 0

#### ifthenelse without a remainder
ifthenelse { true } { echo then } { echo else }

## stdout:
then
## status: 0

#### ifthenelse block errors
foreground { ifthenelse { true } }
foreground { ifthenelse { true } { echo x } }
foreground { ifthenelse true }
ifthenelse { true } echo x

## stderr:
ifthenelse: fatal: then block required
ifthenelse: fatal: unterminated else block
ifthenelse: fatal: unterminated if block
ifthenelse: fatal: unterminated then block
## status: 100

#### ifthenelse with an unknown option
ifthenelse -n { true } { echo then } { echo else }

## stderr:
ifthenelse: usage: ifthenelse [ -X ] { command-if... } { command-then... } { command-else... } [ remainder... ]
## status: 100

#### ifte from sh
## mode: sh
ifte " echo" " yes" "" " echo" " no" "" test -d /

## stdout:
yes
## status: 0

#### ifthenelse in strict mode warns about each block
## mode: sh
EXECLINE_STRICT=1 ifthenelse true "" echo a "" echo b "" echo c

## stdout:
a
c
## stderr:
ifthenelse: warning: unquoted argument true at block 1 position 0
ifthenelse: warning: unquoted argument echo at block 2 position 0
ifthenelse: warning: unquoted argument a at block 2 position 1
ifthenelse: warning: unquoted argument echo at block 3 position 0
ifthenelse: warning: unquoted argument b at block 3 position 1
## status: 0

#### ifte in strict mode 2 dies
## mode: sh
EXECLINE_STRICT=2 ifte echo a "" echo b "" true

## stderr:
ifte: fatal: unquoted argument echo at block 1 position 0
## status: 100
