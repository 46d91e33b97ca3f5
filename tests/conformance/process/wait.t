#### wait { } waits for every child
background { sh -c "sleep 0.2; echo slow" }
background { echo fast }
wait { }
echo done

## stdout:
fast
slow
done
## status: 0

#### wait for listed pids
background { sh -c "sleep 0.1; echo one" }
importas -i p1 !
background { sh -c "sleep 0.2; echo two" }
importas -i p2 !
wait { $p1 $p2 }
echo done

## stdout:
one
two
done
## status: 0

#### wait -o sets ? and ! for the first child to die
background { sh -c "exit 7" }
importas -i p !
wait -o { }
multisubstitute { importas -i q ? importas -i b ! }
ifelse { test $b = $p } { echo status $q }
echo wrong pid

## stdout:
status 7
## status: 0

#### wait -o from a list reports a crash as 128+n
background { sh -c "kill \$\$" }
importas -i p !
wait -o { $p }
importas -i q ?
echo status $q

## stdout:
status 143
## status: 0

#### wait -o reports an exit code of 128 or more as 128
background { sh -c "exit 200" }
wait -o { }
importas -i q ?
echo status $q

## stdout:
status 128
## status: 0

#### wait -o with no child unsets ? and !
## env: ?=1 !=2
wait -o { }
multisubstitute { importas -D unset q ? importas -D unset b ! }
echo $q $b

## stdout:
unset unset
## status: 0

#### wait -r does not block
background { sleep 5 }
importas -i p !
wait -r { $p }
foreground { kill $p }
wait { $p }
echo reaped

## stdout:
reaped
## status: 0

#### wait -t times out and goes on
background { sleep 5 }
importas -i p !
wait -t 100 { $p }
foreground { kill $p }
wait { }
echo went-on

## stdout:
went-on
## status: 0

#### wait -i -t dies on timeout
background { fdclose 1 fdclose 2 sleep 1 }
importas -i p !
wait -i -t 100 { $p } echo no

## stderr:
wait: fatal: unable to wait: Connection timed out
## status: 99

#### wait -I -t is loose
background { sleep 5 }
importas -i p !
wait -I -t 50 { $p }
foreground { kill $p }
wait { }
echo loose

## stdout:
loose
## status: 0

#### wait -t -o reports the first child in time
background { sh -c "exit 5" }
importas -i p !
wait -t 5000 -o { }
importas -i q ?
echo status $q

## stdout:
status 5
## status: 0

#### wait -t -o with a timeout unsets ? and !
## env: ?=1
background { sleep 5 }
importas -i p !
wait -t 50 -o { $p }
foreground { importas -D unset q ? echo $q }
foreground { kill $p }
wait { }

## stdout:
unset
## status: 0

#### wait -a is the default
background { sh -c "exit 3" }
wait -a { }
importas -D unset q ?
echo $q

## stdout:
unset
## status: 0

#### wait for a pid that is not a child
wait { 1 }
echo went-on

## stdout:
went-on
## status: 0

#### wait without a block, as from POSIX sh: exit status of the last pid
background { sh -c "exit 3" }
importas -i p1 !
background { sh -c "sleep 0.1; exit 5" }
importas -i p2 !
wait $p1 $p2

## status: 5

#### wait without a block and no child
wait

## status: 0

#### wait -o without a block reports the first child
background { sh -c "exit 9" }
wait -o

## status: 9

#### wait -o without a block and no child
wait -o

## status: 127

#### wait -t -o without a block
background { sh -c "exit 4" }
wait -o -t 5000

## status: 4

#### wait -i -t without a block times out
background { fdclose 1 fdclose 2 sleep 1 }
wait -i -t 50

## stderr:
wait: fatal: unable to wait: Connection timed out
## status: 99

#### wait without a block for a non-child
wait 1

## status: 127

#### wait -t without a block times out with 127
background { fdclose 1 fdclose 2 sleep 1 }
importas -i p !
wait -t 10 $p

## status: 127

#### wait -r without a block reaps a dead child
background { exit 6 }
importas -i p !
foreground { sleep 0.2 }
wait -r $p

## status: 6

#### wait with a bad pid
wait { abc } echo no

## stderr:
wait: usage: wait [ -I | -i ] [ -a | -o ] [ -r | -t timeout ] { pids... } [ prog... ]
## status: 100

#### wait with a bad timeout
wait -t x { } echo no

## stderr:
wait: usage: wait [ -I | -i ] [ -a | -o ] [ -r | -t timeout ] { pids... } [ prog... ]
## status: 100

#### wait with an unknown option
wait -z { } echo no

## stderr:
wait: usage: wait [ -I | -i ] [ -a | -o ] [ -r | -t timeout ] { pids... } [ prog... ]
## status: 100

#### wait from sh
## mode: sh
exec wait "" echo waited

## stdout:
waited
## status: 0

#### wait in strict mode warns about unquoted pids
## mode: sh
EXECLINE_STRICT=1 env wait 1 "" echo ok

## stdout:
ok
## stderr:
wait: warning: unquoted argument 1 at block 1 position 0
## status: 0
