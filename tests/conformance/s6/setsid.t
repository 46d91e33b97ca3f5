#### s6-setsid makes a session leader
## mode: sh
s6-setsid sh -c 'ps -o pid=,pgid=,sid= -p $$ | awk "{print (\$1==\$2) (\$1==\$3)}"'

## stdout:
11
## status: 0

#### s6-setsid -b makes a process group leader only
## mode: sh
s6-setsid -b sh -c 'ps -o pid=,pgid=,sid= -p $$ | awk "{print (\$1==\$2) (\$1==\$3)}"'

## stdout:
10
## status: 0

#### s6-setsid in a chain: a session leader cannot setsid again
s6-setsid s6-setsid true

## stderr:
s6-setsid: warning: unable to setsid: Operation not permitted
## status: 0

#### s6-setsid -i makes the failure fatal, -q silent
foreground { s6-setsid s6-setsid -i true }
s6-setsid s6-setsid -q true

## stderr:
s6-setsid: fatal: unable to setsid: Operation not permitted
## status: 0

#### s6-setsid -f and -g without a terminal
foreground { s6-setsid -f true }
foreground { s6-setsid -g -i true }
foreground { s6-setsid -g -d 7 true }
s6-setsid -gq echo quiet

## stdout:
quiet
## stderr:
s6-setsid: warning: unable to tcsetpgrp: Inappropriate ioctl for device
s6-setsid: fatal: unable to tcsetpgrp: Inappropriate ioctl for device
s6-setsid: warning: unable to tcsetpgrp: Bad file descriptor
## status: 0

#### s6-setsid usage
foreground { s6-setsid }
foreground { s6-setsid -d x true }
s6-setsid -z true

## stderr:
s6-setsid: usage: s6-setsid [ -s | -b | -f | -g ] [ -i | -I | -q ] [ -d ctty ] prog...
s6-setsid: usage: s6-setsid [ -s | -b | -f | -g ] [ -i | -I | -q ] [ -d ctty ] prog...
s6-setsid: usage: s6-setsid [ -s | -b | -f | -g ] [ -i | -I | -q ] [ -d ctty ] prog...
## status: 100

#### s6-setsid cannot exec
s6-setsid nonexistent-prog

## stderr:
s6-setsid: fatal: unable to exec nonexistent-prog: No such file or directory
## status: 127
