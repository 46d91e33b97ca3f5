#### s6-sleep -m sleeps, then execs the rest
## only: execpy
## mode: sh
start=$(date +%s%N)
s6-sleep -m 300 sh -c 'echo slept'
end=$(date +%s%N)
test $(( (end - start) / 1000000 )) -ge 300 && echo long-enough
## stdout:
slept
long-enough
## status: 0

#### s6-sleep with no program exits 0
## only: execpy
s6-sleep 0
## status: 0

#### s6-sleep in a chain keeps the PID
## only: execpy
## mode: sh
exec s6-sleep -m 1 /bin/sh -c 'test $$ = "$1" && echo same' sh $$
## stdout:
same
## status: 0

#### s6-sleep errors
## only: execpy
## mode: sh
s6-sleep x; echo $?
s6-sleep; echo $?
s6-sleep 0 nonexistent-prog; echo $?
## stdout:
100
100
111
## stderr:
s6-sleep: usage: s6-sleep [ -m ] duration prog...
s6-sleep: usage: s6-sleep [ -m ] duration prog...
s6-sleep: fatal: unable to exec nonexistent-prog: No such file or directory
## status: 0

#### s6-maximumtime relays the exit code when in time
## only: execpy
s6-maximumtime 5000 /bin/sh -c "exit 3"
## status: 3

#### s6-maximumtime 0 means no limit
## only: execpy
s6-maximumtime 0 /bin/sh -c "sleep 0.2; exit 4"
## status: 4

#### s6-maximumtime kills on timeout and exits 99
## only: execpy
## mode: sh
s6-maximumtime -k 200 sh -c 'sleep 5'; echo $?
## stdout:
99
## stderr:
s6-maximumtime: warning: unable to wait for child process: Connection timed out
## status: 0

#### s6-maximumtime the signal is sent to the child
## only: execpy
## mode: sh
s6-maximumtime -t 300 sh -c 'trap "echo got TERM; exit 0" TERM; while :; do sleep 0.05; done'; r=$?
sleep 0.5; echo $r
## stdout:
got TERM
99
## stderr:
s6-maximumtime: warning: unable to wait for child process: Connection timed out
## status: 0

#### s6-maximumtime child crash
## only: execpy
s6-maximumtime 5000 /bin/sh -c "kill $$"
## stderr:
s6-maximumtime: warning: child process crashed
## status: 111

#### s6-maximumtime errors
## only: execpy
## mode: sh
s6-maximumtime 100 nonexistent-prog; echo $?
s6-maximumtime x true; echo $?
s6-maximumtime 100; echo $?
## stdout:
111
100
100
## stderr:
s6-maximumtime: fatal: unable to spawn nonexistent-prog: No such file or directory
s6-maximumtime: usage: s6-maximumtime [ -0 | -a | -b | -i | -k | -q | -t | -x | -1 | -2 ] milliseconds prog...
s6-maximumtime: usage: s6-maximumtime [ -0 | -a | -b | -i | -k | -q | -t | -x | -1 | -2 ] milliseconds prog...
## status: 0

#### s6-mount a tmpfs with flags and data, remount it
## only: execpy
## mode: sh
mkdir m
s6-mount -t tmpfs -o nosuid,nodev,mode=0710 tmpfs m || exit 1
grep " $PWD/m " /proc/mounts | cut -d' ' -f3,4
s6-mount -o remount,ro tmpfs m
grep " $PWD/m " /proc/mounts | cut -d' ' -f4 | cut -d, -f1
umount m
## stdout:
tmpfs rw,nosuid,nodev,relatime,mode=710
ro
## status: 0

#### s6-mount errors
## only: execpy
## mode: sh
mkdir m
s6-mount -t no-such-fs none m; echo $?
s6-mount m; echo $?
## stdout:
111
100
## stderr:
s6-mount: fatal: unable to mount none on m: No such device
s6-mount: usage: s6-mount [ -a ] [ -z fstab ] | s6-mount [ -n ] [ -t type ] [ -o option[,option...] ]... device mountpoint
## status: 0

#### s6-mount -a reads an fstab
## only: execpy
## mode: sh
mkdir m1 m2
printf '# comment\ntmpfs %s/m1 tmpfs mode=0700 0 0\nnone %s/m2 no-such-fs defaults 0 0\n' "$PWD" "$PWD" > fstab
s6-mount -a -z fstab 2>/dev/null; echo $?
grep " $PWD/m1 " /proc/mounts | cut -d' ' -f3
umount m1
## stdout:
1
tmpfs
## status: 0
