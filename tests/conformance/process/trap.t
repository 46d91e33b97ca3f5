#### trap runs a block on a signal and exits with the child's status
getpid P
trap { TERM { echo got-term } }
importas -ui P P
foreground { kill -TERM $P }
foreground { sleep 0.3 }
exit 3

## stdout:
got-term
## status: 3

#### trap sets ! and SIGNAL for the handler
getpid P
trap { USR1 { multisubstitute { importas -i S SIGNAL importas -i B ! } if { test $B -gt 1 } echo signal $S } }
importas -ui P P
foreground { kill -USR1 $P }
sleep 0.3

## stdout:
signal 10
## status: 0

#### trap default catches every other signal
getpid P
trap { default { importas -i S SIGNAL echo default $S } }
importas -ui P P
foreground { kill -HUP $P }
foreground { sleep 0.2 }
foreground { kill -USR2 $P }
sleep 0.2

## stdout:
default 1
default 12
## status: 0

#### trap accepts names in any case, with or without SIG, and numbers
getpid P
trap { sigusr1 { echo one } Usr2 { echo two } 1 { echo hup } }
importas -ui P P
foreground { kill -USR1 $P }
foreground { sleep 0.2 }
foreground { kill -USR2 $P }
foreground { sleep 0.2 }
foreground { kill -HUP $P }
sleep 0.2

## stdout:
one
two
hup
## status: 0

#### trap -x forwards untrapped signals to the child
getpid P
trap -x { USR1 { echo usr1 } }
importas -ui P P
foreground { kill -TERM $P }
sleep 5

## status: 143

#### trap without -x dies of an untrapped signal
getpid P
foreground { trap { USR1 { echo usr1 } } importas -ui P P foreground { kill -TERM $P } sleep 0.3 }
importas ? ?
echo $?

## status: 143

#### trap relays the child's crash
trap { TERM { echo no } } sh -c "kill -9 \$\$"

## status: 137

#### trap relays an exit code of 128 or more as 128
trap { TERM { echo no } } sh -c "exit 200"

## status: 128

#### trap with a missing program
trap { TERM { echo no } } nonexistent-program

## stderr:
trap: fatal: unable to spawn nonexistent-program: No such file or directory
## status: 111

#### trap with a builtin child
trap { TERM { echo no } } foreground { echo child } exit 4

## stdout:
child
## status: 4

#### trap gives children an empty signal mask and default dispositions
trap { TERM { echo no } INT { echo no } } grep -E "^Sig(Blk|Ign)" /proc/self/status

## stdout:
SigBlk:	0000000000000000
SigIgn:	0000000180000000
## status: 0

#### trap handlers see an empty mask too
getpid P
trap { USR1 { grep -E "^Sig(Blk|Ign)" /proc/self/status } }
importas -ui P P
foreground { kill -USR1 $P }
sleep 0.3

## stdout:
SigBlk:	0000000000000000
SigIgn:	0000000180000000
## status: 0

#### trap with an empty block
trap { } echo no

## stderr:
trap: fatal: empty block
## status: 100

#### trap with an unknown directive
trap { FOO { echo } } echo no

## stderr:
trap: fatal: unrecognized directive: FOO
## status: 100

#### trap with an untrappable signal
foreground { trap { KILL { echo } } echo no }
foreground { trap { STOP { echo } } echo no }
foreground { trap { CHLD { echo } } echo no }
trap { 32 { echo } } echo no

## stderr:
trap: fatal: SIGKILL (9) cannot be trapped
trap: fatal: SIGSTOP (19) cannot be trapped
trap: fatal: SIGCHLD (17) cannot be trapped
trap: fatal: SIG??? (32) cannot be trapped
## status: 100

#### trap with a duplicate directive
foreground { trap { USR1 { echo } 10 { echo } } echo no }
trap { default { echo } DEFAULT { echo } } echo no

## stderr:
trap: fatal: duplicate directive: 10
trap: fatal: duplicate directive: DEFAULT
## status: 100

#### trap with an unterminated internal block
trap { TERM } echo no

## stderr:
trap: fatal: unterminated internal block for directive TERM
## status: 100

#### trap with an empty handler block is accepted
trap { TERM { } } echo ok

## stdout:
ok
## status: 0

#### trap with 0 as a directive (default)
trap { 0 { } } echo ok

## stdout:
ok
## status: 0

#### trap with a realtime signal number
trap { 34 { } } echo ok

## stdout:
ok
## status: 0

#### trap usage errors
foreground { trap }
foreground { trap { TERM { echo } } }
trap -t 5 { TERM { echo } } echo no

## stderr:
trap: usage: trap [ -x ] { signal { cmdline } ... } prog...
trap: usage: trap [ -x ] { signal { cmdline } ... } prog...
trap: usage: trap [ -x ] { signal { cmdline } ... } prog...
## status: 100

#### trap with an unterminated block
trap TERM echo

## stderr:
trap: fatal: unterminated block
## status: 100

#### trap from sh
## mode: sh
exec trap " TERM" "  echo" "  term" " " "" sh -c 'kill -TERM $PPID; sleep 0.3; echo done'

## stdout:
term
done
## status: 0

#### trap in strict mode warns about unquoted directive words
## mode: sh
EXECLINE_STRICT=1 env trap " TERM" " echo" " " "" echo ok

## stdout:
ok
## stderr:
trap: warning: unquoted argument echo at block 2 position 0
## status: 0

#### trap in strict mode 2 dies on an unquoted directive
## mode: sh
EXECLINE_STRICT=2 env trap TERM " echo" "" "" echo no

## stderr:
trap: fatal: unquoted argument TERM at block 1 position 0
## status: 100
