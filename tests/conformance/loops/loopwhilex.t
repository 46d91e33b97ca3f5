#### loopwhilex loops while the command exits 0
loopwhilex sh -c "echo x >> cnt; [ $(wc -l < cnt) -lt 3 ]"
## status: 1

#### loopwhilex -n loops until the command exits 0
foreground { loopwhilex -n sh -c "echo x >> cnt; [ $(wc -l < cnt) -ge 3 ]" }
importas ? ?
foreground { echo $? }
wc -l cnt

## stdout:
0
3 cnt
## status: 0

#### loopwhilex -x stops on a listed code
foreground { loopwhilex -x 3 sh -c "echo x >> cnt; [ $(wc -l < cnt) -lt 3 ] || exit 3" }
importas ? ?
foreground { echo $? }
wc -l cnt

## stdout:
3
3 cnt
## status: 0

#### loopwhilex -n -x inverts -x
foreground { loopwhilex -n -x 3 sh -c "echo x >> cnt; [ $(wc -l < cnt) -lt 3 ] || exit 3" }
importas ? ?
foreground { echo $? }
wc -l cnt

## stdout:
0
1 cnt
## status: 0

#### loopwhilex -o keeps looping on listed codes
foreground { loopwhilex -o 0,1 sh -c "echo x >> cnt; [ $(wc -l < cnt) -lt 3 ] || exit 3" }
importas ? ?
foreground { echo $? }
wc -l cnt

## stdout:
3
3 cnt
## status: 0

#### loopwhilex -n -o
foreground { loopwhilex -n -o 0 sh -c "echo x >> cnt; [ $(wc -l < cnt) -lt 3 ] || exit 3" }
importas ? ?
foreground { echo $? }
wc -l cnt

## stdout:
0
1 cnt
## status: 0

#### loopwhilex relays a signal as 128+n
loopwhilex sh -c "kill $$"

## status: 143

#### loopwhilex: a code of 128 or more is 128
loopwhilex -o 200 sh -c "exit 200"

## status: 128

#### loopwhilex with a builtin command
foreground { loopwhilex if { sh -c "echo x >> cnt; [ $(wc -l < cnt) -lt 3 ]" } true }
wc -l cnt

## stdout:
3 cnt
## status: 0

#### loopwhilex with a program that cannot start
loopwhilex nonexistent-program

## stderr:
loopwhilex: fatal: unable to spawn nonexistent-program: No such file or directory
## status: 111

#### loopwhilex given a block
loopwhilex { true }

## stderr:
loopwhilex: fatal: : unable to spawn  true: name begins with a space, are you trying to spawn a block as your loop body?
## status: 111

#### loopwhilex usage
loopwhilex

## stderr:
loopwhilex: usage: loopwhilex [ -n ] [ -o okcode,okcode,... | -x exitcode,exitcode,... ] prog...
## status: 100

#### loopwhilex with a bad code list
loopwhilex -x "" true

## stderr:
loopwhilex: usage: loopwhilex [ -n ] [ -o okcode,okcode,... | -x exitcode,exitcode,... ] prog...
## status: 100

#### loopwhilex --
loopwhilex -- false

## status: 1
