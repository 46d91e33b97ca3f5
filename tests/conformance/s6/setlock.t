#### s6-setlock -r creates the lock file
## mode: sh
umask 022
s6-setlock -r lk true && ls -l lk | cut -c1-10

## stdout:
-rw-r--r--
## status: 0

#### s6-setlock the program holds the lock fd
## mode: sh
s6-setlock lk sh -c 'ls -l /proc/$$/fd | grep -c lk'

## stdout:
1
## status: 0

#### s6-setlock -n, -t and -r against a held lock
## mode: sh
## timeout: 20
s6-setlock lk sleep 2 &
sleep 0.5
s6-setlock -n lk true; echo $?
s6-setlock -t 200 lk true; echo $?
s6-setlock -nr lk true; echo $?
s6-setlock -t 5000 lk echo got; echo $?
wait

## stdout:
1
1
1
got
0
## stderr:
s6-setlock: fatal: unable to lock lk: Device or resource busy
s6-setlock: fatal: unable to acquire lock: Connection timed out
s6-setlock: fatal: unable to lock lk: Device or resource busy
## status: 0

#### s6-setlock shared locks coexist, exclusive ones do not
## mode: sh
s6-setlock -r lk sh -c 's6-setlock -rn lk echo shared; s6-setlock -n lk echo no; echo $?'

## stdout:
shared
1
## stderr:
s6-setlock: fatal: unable to lock lk: Device or resource busy
## status: 0

#### s6-setlock -t 1000 on a free lock
s6-setlock -t 1000 lk echo ok

## stdout:
ok
## status: 0

#### s6-setlock open failures
foreground { s6-setlock /nonexistent/x true }
foreground { s6-setlock -r /nonexistent/x true }
foreground { s6-setlock -t 100 /nonexistent/x true }
foreground { s6-setlock -r -t 100 /nonexistent/x true }
s6-setlock . true

## stderr:
s6-setlock: fatal: unable to open /nonexistent/x for writing: No such file or directory
s6-setlock: fatal: unable to create /nonexistent/x: No such file or directory
s6lockd-helper: fatal: unable to open /nonexistent/x for writing: No such file or directory
s6-setlock: fatal: unable to read ack from helper: Broken pipe
s6lockd-helper: fatal: unable to create /nonexistent/x: No such file or directory
s6-setlock: fatal: unable to read ack from helper: Broken pipe
s6-setlock: fatal: unable to open . for writing: Is a directory
## status: 111

#### s6-setlock -r on a directory works
s6-setlock -r . echo ok

## stdout:
ok
## status: 0

#### s6-setlock usage
foreground { s6-setlock }
foreground { s6-setlock lk }
foreground { s6-setlock -t x lk true }
s6-setlock -x lk true

## stderr:
s6-setlock: usage: s6-setlock [ -r | -w ] [ -n | -N | -t timeout ] lockfile prog...
s6-setlock: usage: s6-setlock [ -r | -w ] [ -n | -N | -t timeout ] lockfile prog...
s6-setlock: usage: s6-setlock [ -r | -w ] [ -n | -N | -t timeout ] lockfile prog...
s6-setlock: usage: s6-setlock [ -r | -w ] [ -n | -N | -t timeout ] lockfile prog...
## status: 100

#### s6-setlock cannot exec
s6-setlock lk nonexistent-prog

## stderr:
s6-setlock: fatal: unable to exec nonexistent-prog: No such file or directory
## status: 127
