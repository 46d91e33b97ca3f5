#### runblock runs the n-th block of the arguments
## mode: sh
execlineb -c "runblock 2" " echo" " one" "" " echo" " two" ""

## stdout:
two
## status: 0

#### runblock -r runs what follows n blocks
## mode: sh
execlineb -c "runblock -r 1" " echo" " one" "" echo rest of it

## stdout:
rest of it
## status: 0

#### runblock -r with nothing left exits 0
## mode: sh
execlineb -c "runblock -r 1 echo no" " echo" " one" ""

## status: 0

#### runblock appends the block to a command
## mode: sh
execlineb -c "runblock 1 echo prefix" " one" " two" ""

## stdout:
prefix one two
## status: 0

#### runblock -n skips arguments first
## mode: sh
execlineb -c "runblock -n 2 1" skip1 skip2 " echo" " shifted" ""

## stdout:
shifted
## status: 0

#### runblock pops the positional frame
## mode: sh
execlineb -c "runblock 1" " importas" " -D" " unset" " n" " #" " echo" ' $n' ""

## stdout:
unset
## status: 0

#### runblock -P keeps it
## mode: sh
execlineb -c "runblock -P 1" " importas" " -D" " unset" " n" " #" " echo" ' $n' ""

## stdout:
8
## status: 0

#### runblock pops to the caller's frame
## mode: sh
execlineb -c 'execlineb -c "runblock 1" " importas" " n" " #" " importas" " a" " 1" " echo" " $n" " $a" ""' outer1 outer2

## stdout:
2 outer1
## status: 0

#### runblock warns about unquoted words in strict mode
## mode: sh
EXECLINE_STRICT=1 execlineb -c "runblock 2" echo hi "" echo " there" ""

## stdout:
there
## stderr:
runblock: warning: unquoted positional echo at block 1 position 1
runblock: warning: unquoted positional hi at block 1 position 2
runblock: warning: unquoted positional echo at block 2 position 1
## status: 0

#### runblock dies about unquoted words in strict mode 2
## mode: sh
EXECLINE_STRICT=2 execlineb -c "runblock 1" echo hi ""

## stderr:
runblock: fatal: unquoted positional echo at block 1 position 1
## status: 100

#### runblock in strict mode warns about skipped blocks too
## mode: sh
EXECLINE_STRICT=1 execlineb -c "runblock -r 1" echo skipped "" echo rest

## stdout:
rest
## stderr:
runblock: warning: unquoted positional echo at block 1 position 1
runblock: warning: unquoted positional skipped at block 1 position 2
## status: 0

#### runblock with too few blocks
## mode: sh
execlineb -c "runblock 2" " echo" " one" ""

## stderr:
runblock: fatal: too few arguments
## status: 100

#### runblock with an unterminated block
## mode: sh
execlineb -c "runblock 1" " echo" " one"

## stderr:
runblock: fatal: too few arguments
## status: 100

#### runblock without #
runblock 1

## stderr:
runblock: fatal: # not set
## status: 100

#### runblock with a bad #
## env: #=x
runblock 1

## stderr:
runblock: fatal: invalid $#
## status: 100

#### runblock with a missing positional
## mode: sh
env '#=2' '1= echo' runblock 1

## stderr:
runblock: fatal: 2 not set
## status: 100

#### runblock usage errors
## flags: -S0
foreground { runblock }
foreground { runblock 0 }
foreground { runblock -n x 1 }
foreground { runblock x }
runblock -q 1

## stderr:
runblock: usage: runblock [ -P ] [ -n argshift ] [ -r ] n cmd...
runblock: usage: runblock [ -P ] [ -n argshift ] [ -r ] n cmd...
runblock: usage: runblock [ -P ] [ -n argshift ] [ -r ] n cmd...
runblock: usage: runblock [ -P ] [ -n argshift ] [ -r ] n cmd...
runblock: usage: runblock [ -P ] [ -n argshift ] [ -r ] n cmd...
## status: 100

#### runblock 0 with -r runs everything
## mode: sh
execlineb -c "runblock -r 0" echo all

## stdout:
all
## status: 0

#### runblock implements ifelse
## mode: sh
execlineb -c "ifte { runblock 2 } { runblock -r 2 } runblock 1" " true" "" " echo" " then" "" echo else

## stdout:
then
## status: 0
