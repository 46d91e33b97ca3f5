#### background runs a block and goes on
background { echo from-bg }
importas -i p !
wait { $p }
echo after

## stdout:
from-bg
after
## status: 0

#### background sets ! to a pid that wait can reap
background { sh -c "exit 3" }
importas -i p !
wait -o { $p }
importas -i q ?
echo status $q

## stdout:
status 3
## status: 0

#### background -d runs the block as a grandchild
background -d { echo grandchild }
wait { }
sleep 0.2

## stdout:
grandchild
## status: 0

#### background -d with a missing program
background -d { nonexistent-program }
sleep 0.2

## stderr:
background (grandchild): fatal: unable to exec nonexistent-program: No such file or directory
## status: 0

#### background with a missing program
background { nonexistent-program } echo no

## stderr:
background: fatal: unable to spawn nonexistent-program: No such file or directory
## status: 111

#### background with a builtin block
background { foreground { echo a } echo b }
wait { }
echo c

## stdout:
a
b
c
## status: 0

#### background at the end of the script
background { echo last }

## stdout:
last
## status: 0

#### background with an empty block
background { } echo no

## stderr:
background: fatal: empty block
## status: 100

#### background with an unterminated block
background echo x

## stderr:
background: fatal: unterminated block
## status: 100

#### background with an unknown option
background -x { echo x } echo a

## stderr:
background: usage: background [ -d ] { command... }
## status: 100

#### background from sh
## mode: sh
background " echo" " bg" "" wait "" echo fg

## stdout:
bg
fg
## status: 0

#### background in strict mode warns about unquoted words
## mode: sh
EXECLINE_STRICT=1 background echo x "" wait "" true

## stdout:
x
## stderr:
background: warning: unquoted argument echo at block 1 position 0
background: warning: unquoted argument x at block 1 position 1
## status: 0
