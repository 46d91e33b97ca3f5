#### redirfd -w writes a file, keeps the chain going
redirfd -w 1 out echo written
## status: 0

#### redirfd -w truncates, -a appends
foreground { redirfd -w 1 out echo one }
foreground { redirfd -w 1 out echo two }
foreground { redirfd -a 1 out echo three }
cat out

## stdout:
two
three
## status: 0

#### redirfd -r reads
## setup: printf 'line1\nline2\n' > in
redirfd -r 0 in cat

## stdout:
line1
line2
## status: 0

#### redirfd -u opens read-write
## setup: printf 'abc\n' > f
redirfd -u 0 f cat

## stdout:
abc
## status: 0

#### redirfd -x refuses an existing file
## setup: touch there
redirfd -x 1 there echo no

## stderr:
redirfd: fatal: unable to open there: File exists
## status: 111

#### redirfd -x creates a new file
foreground { redirfd -x 1 new echo created }
cat new

## stdout:
created
## status: 0

#### redirfd on a high fd
redirfd -w 7 out7 foreground { fdmove 1 7 echo via7 } cat out7

## stdout:
via7
## status: 0

#### redirfd -r on a missing file
redirfd -r 0 nonexistent cat

## stderr:
redirfd: fatal: unable to open nonexistent: No such file or directory
## status: 111

#### redirfd without a mode is a usage error
redirfd 1 out echo

## stderr:
redirfd: usage: redirfd -[ r | w | u | a | x ] [ -n ] [ -b ] fd file prog...
## status: 100

#### redirfd with a bad fd
redirfd -w x out echo

## stderr:
redirfd: usage: redirfd -[ r | w | u | a | x ] [ -n ] [ -b ] fd file prog...
## status: 100

#### redirfd with too few arguments
redirfd -w 1 out

## stderr:
redirfd: usage: redirfd -[ r | w | u | a | x ] [ -n ] [ -b ] fd file prog...
## status: 100

#### redirfd with an unknown option
redirfd -q 1 out echo

## stderr:
redirfd: usage: redirfd -[ r | w | u | a | x ] [ -n ] [ -b ] fd file prog...
## status: 100

#### redirfd -w to a directory
redirfd -w 1 . echo no

## stderr:
redirfd: fatal: unable to open .: Is a directory
## status: 111

#### redirfd the last mode option wins
## setup: printf 'data\n' > f
redirfd -w -r 0 f cat

## stdout:
data
## status: 0

#### redirfd -nb opens a fifo for reading without a writer
## setup: mkfifo fifo
## timeout: 5
redirfd -r -nb 0 fifo
echo opened


## stdout:
opened
## status: 0

#### redirfd -w -nb opens a fifo without a reader
## setup: mkfifo fifo
## timeout: 5
redirfd -w -nb 1 fifo
fdmove -c 1 2
echo opened

## stderr:
opened
## status: 0

#### redirfd -w -n on a fifo without a reader fails over to the reader trick
## setup: mkfifo fifo
## timeout: 5
redirfd -w -n 3 fifo
echo opened

## stdout:
opened
## status: 0

#### redirfd -b makes a regular fd non-blocking and back
## setup: touch f
redirfd -r -b 0 f
fdblock 0
echo ok

## stdout:
ok
## status: 0

#### redirfd to an fd beyond the limit
redirfd -w 999999999 out echo no

## stderr:
redirfd: fatal: unable to move fd 3 to fd 999999999: Bad file descriptor
## status: 111

#### redirfd from sh
## mode: sh
redirfd -w 1 out echo hello && cat out

## stdout:
hello
## status: 0

#### redirfd from sh with a usage error
## mode: sh
redirfd

## stderr:
redirfd: usage: redirfd -[ r | w | u | a | x ] [ -n ] [ -b ] fd file prog...
## status: 100
