#### fdmove moves an fd
fdmove -c 3 1
fdmove 1 3
echo moved

## stdout:
moved
## status: 0

#### fdmove -c copies stdout to stderr
fdmove -c 2 1 sh -c "echo on-stderr >&2"

## stdout:
on-stderr
## status: 0

#### fdmove from a closed fd
fdmove 1 9 echo no

## stderr:
fdmove: fatal: unable to move fd 9 to fd 1: Bad file descriptor
## status: 111

#### fdmove -c onto itself
fdmove -c 1 1 echo no

## stderr:
fdmove: fatal: unable to move fd 1 to fd 1: Invalid argument
## status: 111

#### fdmove onto itself is a no-op
fdmove 1 1 echo same

## stdout:
same
## status: 0

#### fdmove usage errors
foreground { fdmove 1 }
foreground { fdmove -c x 1 echo }
foreground { fdmove 1 -2 echo }
fdmove -z 1 2 echo

## stderr:
fdmove: usage: fdmove [ -c ] to from prog...
fdmove: usage: fdmove [ -c ] to from prog...
fdmove: usage: fdmove [ -c ] to from prog...
fdmove: usage: fdmove [ -c ] to from prog...
## status: 100

#### fdmove from sh
## mode: sh
fdmove -c 2 1 sh -c "echo x >&2" 2>/dev/null

## stdout:
x
## status: 0

#### fdclose closes an fd
fdclose 1 sh -c "echo x || echo closed >&2"

## stderr:
sh: 1: echo: echo: I/O error
closed
## status: 0

#### fdclose of a closed fd is fine
fdclose 9 echo fine

## stdout:
fine
## status: 0

#### fdclose usage errors
foreground { fdclose 1 }
fdclose x echo

## stderr:
fdclose: usage: fdclose fd prog...
fdclose: usage: fdclose fd prog...
## status: 100

#### fdswap exchanges two fds
## setup: printf 'from-file\n' > f
redirfd -r 3 f
fdswap 0 3
foreground { cat }
fdmove 0 3
echo stdin-now-on-3

## stdout:
from-file
stdin-now-on-3
## status: 0

#### fdswap stdout and stderr
fdswap 1 2 sh -c "echo to-1; echo to-2 >&2"

## stdout:
to-2
## stderr:
to-1
## status: 0

#### fdswap an fd with itself
fdswap 1 1 echo same

## stdout:
same
## status: 0

#### fdswap with a closed fd
fdswap 1 9 echo no

## stderr:
fdswap: fatal: unable to swap fds: Bad file descriptor
## status: 111

#### fdswap usage errors
foreground { fdswap 1 2 }
fdswap 1 x echo

## stderr:
fdswap: usage: fdswap fd1 fd2 prog...
fdswap: usage: fdswap fd1 fd2 prog...
## status: 100

#### fdblock and fdblock -n
fdblock -n 1
fdblock 1
echo blocking

## stdout:
blocking
## status: 0

#### fdblock on a closed fd
foreground { fdblock 9 echo no }
fdblock -n 9 echo no

## stderr:
fdblock: fatal: unable to ndelay_off: Bad file descriptor
fdblock: fatal: unable to ndelay_on: Bad file descriptor
## status: 111

#### fdblock usage errors
foreground { fdblock }
foreground { fdblock -x 1 echo }
fdblock x echo

## stderr:
fdblock: usage: fdblock [ -n ] fd prog...
fdblock: usage: fdblock [ -n ] fd prog...
fdblock: usage: fdblock [ -n ] fd prog...
## status: 100

#### fdreserve names free fds
fdreserve 3
multisubstitute { importas a FD0 importas b FD1 importas c FD2 }
echo $a $b $c

## stdout:
3 4 5
## status: 0

#### fdreserve 0 sets nothing
fdreserve 0
sh -c "env | grep ^FD || echo none"

## stdout:
none
## status: 0

#### fdreserve with an odd count
fdreserve 1 importas a FD0 echo $a

## stdout:
3
## status: 0

#### fdreserve too many
fdreserve 99999999 echo no

## stderr:
fdreserve: fatal: too many requested fds
## status: 100

#### fdreserve usage errors
foreground { fdreserve 2 }
fdreserve x echo

## stderr:
fdreserve: usage: fdreserve n prog...
fdreserve: usage: fdreserve n prog...
## status: 100

#### fdreserve then piperw on the reserved fds
fdreserve 2
multisubstitute { importas r FD0 importas w FD1 }
piperw $r $w
background { fdmove 1 $w echo through-the-pipe }
fdclose $w
fdmove 0 $r
cat

## stdout:
through-the-pipe
## status: 0

#### piperw makes a pipe
piperw 5 6
background { fdclose 5 fdmove 1 6 echo piped }
fdclose 6
fdmove 0 5
cat

## stdout:
piped
## status: 0

#### piperw on 0 and 1
piperw 0 1
foreground { fdmove -c 3 1 echo hi }
fdmove -c 1 2
head -n 1

## stderr:
hi
## status: 0

#### piperw with the same fd twice
piperw 5 5 echo no

## stderr:
piperw: usage: piperw fdr fdw prog...
## status: 100

#### piperw usage errors
foreground { piperw 5 6 }
piperw 5 x echo

## stderr:
piperw: usage: piperw fdr fdw prog...
piperw: usage: piperw fdr fdw prog...
## status: 100

#### piperw from sh
## mode: sh
piperw 5 6 sh -c 'echo hello >&6; exec 6>&-; head -n1 <&5'

## stdout:
hello
## status: 0
