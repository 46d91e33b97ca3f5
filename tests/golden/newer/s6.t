# s6 2.15.1.0, s6-portable-utils 2.3.1.2, s6-linux-utils 2.6.4.1 (s6-overlay
# 3.2.3.2) against execpy: the forms the overlay and real images use, and
# their error cases. Expectations recorded from /tmp/oracle/bin.

#### s6-envdir -Lf -- DIR
## setup: mkdir e && printf 'v1\nignored\n' > e/A && printf '' > e/B && printf 'x\0y' > e/C
s6-envdir -Lf -- e /bin/sh -c "echo [$A] [${B-unset}] [$C]"
## stdout:
[v1 ignored] e [x y]
## status: 0

#### s6-envdir -Lfn
## setup: mkdir e && printf 'v1\n' > e/A
s6-envdir -Lfn e /bin/sh -c "echo [$A]"
## stdout:
[v1 ]
## status: 0

#### s6-envdir on a missing dir
s6-envdir -Lf -- nodir true
## stderr:
s6-envdir: fatal: unable to envdir nodir: No such file or directory
## status: 111

#### s6-envdir: unknown option
s6-envdir -Z e true
## stderr:
s6-envdir: usage: s6-envdir [ -I | -i ] [ -n ] [ -f ] [ -L ] [ -c nullchar ] dir prog...
## status: 100

#### s6-envuidgid -D 65534:65534 nobody
s6-envuidgid -D 65534:65534 nobody /bin/sh -c "echo $UID $GID $GIDLIST"
## stdout:
65534 65534
## status: 0

#### s6-envuidgid -D 32760:32760: -- syslog (missing user)
s6-envuidgid -D 32760:32760: -- nosuchuserxyz /bin/sh -c "echo $UID $GID [$GIDLIST]"
## stdout:
32760 32760 []
## status: 0

#### s6-envuidgid -i -- root
s6-envuidgid -i -- root /bin/sh -c "echo $UID $GID"
## stdout:
0 0
## status: 0

#### s6-envuidgid -nB -- U:G
s6-envuidgid -D 1:2 -nB -- 12:34 /bin/sh -c "echo $UID $GID [$GIDLIST]"
## stdout:
12 34 []
## status: 0

#### s6-envuidgid -- missing user
s6-envuidgid -- nosuchuserxyz true
## stderr:
s6-envuidgid: fatal: unknown user: nosuchuserxyz
## status: 1

#### s6-envuidgid: bad -D
s6-envuidgid -D x nobody true
## stderr:
s6-envuidgid: usage: s6-envuidgid [ -i | -D defaultuid:defaultgid:defaultgidlist ] [ -u | -g | -B ] [ -n ] account prog...
## status: 100

#### s6-envuidgid: no program
s6-envuidgid root
## stderr:
s6-envuidgid: usage: s6-envuidgid [ -i | -D defaultuid:defaultgid:defaultgidlist ] [ -u | -g | -B ] [ -n ] account prog...
## status: 100

#### s6-applyuidgid -U as root with UID=0
## env: UID=0 GID=0 GIDLIST=0
s6-applyuidgid -U -- /usr/bin/id -u
## stdout:
0
## status: 0

#### s6-applyuidgid -U, UID unset
s6-applyuidgid -U true
## stderr:
s6-applyuidgid: fatal: UID not set
## status: 100

#### s6-applyuidgid: no program
s6-applyuidgid -U
## stderr:
s6-applyuidgid: fatal: UID not set
## status: 100

#### s6-setuidgid uid:gid
s6-setuidgid 65534:65534 /usr/bin/id
## stdout:
uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)
## status: 0

#### s6-setuidgid user
s6-setuidgid nobody /usr/bin/id -u
## stdout:
65534
## status: 0

#### s6-setuidgid missing user
s6-setuidgid nosuchuserxyz true
## stderr:
s6-envuidgid: fatal: unknown user: nosuchuserxyz
## status: 1

#### s6-setuidgid: no program
s6-setuidgid nobody
## stderr:
s6-setuidgid: usage: s6-setuidgid username prog...
## status: 100

#### s6-svc on a non-service
## setup: mkdir sv
s6-svc -d sv
## stderr:
s6-svc: warning: unable to control sv: supervisor not listening
## status: 102

#### s6-svc on two non-services
## setup: mkdir sv sv2
s6-svc -u sv sv2
## stderr:
s6-svc: warning: unable to control sv: supervisor not listening
s6-svc: warning: unable to control sv2: supervisor not listening
## status: 102

#### s6-svc -s signal name on a non-service
## setup: mkdir sv
s6-svc -s HUP sv
## stderr:
s6-svc: warning: unable to control sv: supervisor not listening
## status: 102

#### s6-svc -s bad signal
## setup: mkdir sv
s6-svc -s NOPE sv
## stderr:
s6-svc: fatal: invalid signal: NOPE
## status: 100

#### s6-svc -l on a non-service
## setup: mkdir sv
s6-svc -l sv
## stderr:
s6-svc: warning: unable to control sv: supervisor not listening
## status: 102

#### s6-svc -wD -d -T2500 on a non-service
## setup: mkdir sv
s6-svc -wD -d -T2500 sv
## stderr:
s6-svlisten: fatal: unable to s6_svstatus_read: No such file or directory
## status: 111

#### s6-svc: unknown option
s6-svc -Z sv
## stderr:
s6-svc: usage: s6-svc [ -wu | -wU | -wd | -wD | -wr | -wR ] [ -T timeout ] [ -s signal | -abqhkti12pcyrlPCK ] [ -oduDUxOQ ] servicedirs...
## status: 100

#### s6-svc: no dir
s6-svc -d
## stderr:
s6-svc: usage: s6-svc [ -wu | -wU | -wd | -wD | -wr | -wR ] [ -T timeout ] [ -s signal | -abqhkti12pcyrlPCK ] [ -oduDUxOQ ] servicedirs...
## status: 100

#### s6-svc -O -- .
## setup: mkdir sv
cd sv s6-svc -O -- .
## stderr:
s6-svc: warning: unable to control .: supervisor not listening
## status: 102

#### s6-svstat on a non-service
## setup: mkdir sv
s6-svstat sv
## stderr:
s6-svstat: fatal: unable to read status for sv: s6-supervise not running
## status: 1

#### s6-svstat -o pid on a non-service
## setup: mkdir sv
s6-svstat -o pid sv
## stderr:
s6-svstat: fatal: unable to read status for sv: s6-supervise not running
## status: 1

#### s6-svstat -o pgid, bad field check
## setup: mkdir sv
s6-svstat -o nosuchfield sv
## stderr:
s6-svstat: fatal: invalid option field: nosuchfield
## status: 100

#### s6-svstat -g on a non-service
## setup: mkdir sv
s6-svstat -g sv
## stderr:
s6-svstat: fatal: unable to read status for sv: s6-supervise not running
## status: 1

#### s6-svwait -u -t 100 on a non-service
## setup: mkdir sv
s6-svwait -u -t 100 -- sv
## stderr:
s6-svwait: fatal: unable to s6_svstatus_read: No such file or directory
## status: 111

#### s6-svwait -D -t 100 on a missing dir
s6-svwait -D -t 100 -- nosv
## stderr:
s6-svwait: fatal: unable to subscribe to events for nosv: No such file or directory
## status: 111

#### s6-svwait: bad timeout
## setup: mkdir sv
s6-svwait -u -t x sv
## stderr:
s6-svwait: usage: s6-svwait [ -U | -u | -d | -D | -r | -R ] [ -a | -o ] [ -t timeout ] servicedir...
## status: 100

#### s6-svscanctl -an on a non-scandir
## setup: mkdir sd
s6-svscanctl -an sd
## stderr:
s6-svscanctl: fatal: unable to control sd: supervisor not listening
## status: 100

#### s6-svscanctl -t on a missing dir
s6-svscanctl -t /var/run/s6/services
## stderr:
s6-svscanctl: fatal: unable to control /var/run/s6/services: No such file or directory
## status: 111

#### s6-svscanctl: unknown option
s6-svscanctl -Z sd
## stderr:
s6-svscanctl: usage: s6-svscanctl [ -zabhitqnN ] svscandir
## status: 100

#### s6-svok on a non-service
## setup: mkdir sv
s6-svok sv
## status: 1

#### s6-softlimit -P (2.14.0.0)
s6-softlimit -P 5 /bin/sh -c "echo ok"
## stdout:
ok
## status: 0

#### s6-softlimit -o
s6-softlimit -o 100 /bin/sh -c "ulimit -n"
## stdout:
100
## status: 0

#### s6-softlimit: bad number
s6-softlimit -o x true
## stderr:
s6-softlimit: usage: s6-softlimit [ -H | -h ] [ -a allbytes ] [ -c corebytes ] [ -d databytes ] [ -f filebytes ] [ -l lockbytes ] [ -m membytes ] [ -o openfiles ] [ -p processes ] [ -r residentbytes ] [ -s stackbytes ] [ -t cpusecs ] prog...
## status: 100

#### s6-log: no script
s6-log
## stderr:
s6-log: usage: s6-log [ -d notif ] [ -q | -v ] [ -b ] [ -p ] [ -l linelimit ] [ -t lastlinetimeout ] [ -- ] logging_script
## status: 100

#### s6-log -t bad number
s6-log -t x -- t .
## stderr:
s6-log: usage: s6-log [ -d notif ] [ -q | -v ] [ -b ] [ -p ] [ -l linelimit ] [ -t lastlinetimeout ] [ -- ] logging_script
## status: 100

#### s6-log -bpd3 with a closed fd 3
s6-log -bpd3 -- t .
## stderr:
s6-log: fatal: invalid notification fd: Bad file descriptor
## status: 100

#### s6-log -d3 -- SCRIPT with an unwritable dir
## stdin: x\n
s6-log -- n20 s1000000 /nonexistent/dir
## stderr:
s6-log: fatal: unable to mkdir /nonexistent/dir: No such file or directory
## status: 111

#### s6-log: bad directive
## stdin: x\n
s6-log -- q3 d
## stderr:
s6-log: fatal: unrecognized directive: q3
## status: 100

#### s6-log stdout line selection
## stdin: a\nb\nab\n
s6-log -- -.* +b 1
## stdout:
b
ab
## status: 0

#### s6-notifyoncheck: no program
s6-notifyoncheck -d -n 300 -w 1000 -c "true"
## stderr:
s6-notifyoncheck: usage: s6-notifyoncheck [ -d ] [ -3 fd ] [ -s initialsleep ] [ -T globaltimeout ] [ -t localtimeout ] [ -w waitingtime ] [ -n tries ] [ -c "checkprog..." ] prog...
## status: 100

#### s6-notifyoncheck: no notification-fd
s6-notifyoncheck -d -n 300 -w 1000 -c "nc -z localhost 1" true
## stderr:
s6-notifyoncheck: fatal: unable to read ./notification-fd: No such file or directory
## status: 111

#### s6-setsid
s6-setsid /bin/sh -c "echo ok"
## stdout:
ok
## status: 0

#### s6-setlock -n held by nobody
s6-setlock -n lk echo got
## stdout:
got
## status: 0

#### s6-svlisten1: no program
## setup: mkdir sv
s6-svlisten1 -u sv
## stderr:
s6-svlisten1: usage: s6-svlisten1 [ -U | -u | -d | -D | -r | -R ] [ -t timeout ] servicedir prog...
## status: 100

#### s6-tai64n | s6-tai64nlocal shape
## stdin: line\n
pipeline { s6-tai64n } /bin/sh -c "cut -c1,26-"
## stdout:
@ line
## status: 0

#### s6-echo -- ARGS
s6-echo -- -n a b
## stdout:
-n a b
## status: 0

#### s6-echo -n -- ARGS
s6-echo -n -- a b
## stdout-repr: b'a b'
## status: 0

#### s6-echo -s sep
s6-echo -s , a b
## stdout:
a,b
## status: 0

#### s6-mkdir -p -m 0755
s6-mkdir -p -m 0755 a/b/c
## status: 0

#### s6-mkdir -m 0750 existing
## setup: mkdir a
s6-mkdir -m 0750 a
## stderr:
s6-mkdir: warning: unable to mkdir a: File exists
## status: 111

#### s6-mkdir bad mode
s6-mkdir -m 9x a
## stderr:
s6-mkdir: usage: s6-mkdir [ -p ] [ -v ] [ -m mode ] dir
## status: 100

#### s6-chmod OCTAL FILE
## setup: touch f
foreground { s6-chmod 0600 f } /usr/bin/stat -c %a f
## stdout:
600
## status: 0

#### s6-chmod missing file
s6-chmod 0600 nofile
## stderr:
s6-chmod: fatal: unable to change mode of nofile: No such file or directory
## status: 111

#### s6-chmod bad mode
## setup: touch f
s6-chmod abc f
## stderr:
s6-chmod: usage: s6-chmod mode file
## status: 100

#### s6-chown -u -g
## setup: touch f
foreground { s6-chown -u 65534 -g 65534 -- f } /usr/bin/stat -c %u:%g f
## stdout:
65534:65534
## status: 0

#### s6-chown -U unset
## setup: touch f
s6-chown -U -- f
## stderr:
s6-chown: fatal: UID not set
## status: 100

#### s6-grep -qF
## stdin: a b\nc\n
s6-grep -qF "a b"
## status: 0

#### s6-grep -qvF
## stdin: a\n
s6-grep -qvF a
## status: 1

#### s6-grep -q BRE
## stdin: tmpfs /run tmpfs rw,noexec 0 0\n
s6-grep -q "^tmpfs /run "
## status: 0

#### s6-grep bad regex
## stdin: a\n
s6-grep -q "a\\{"
## stderr:
s6-grep: fatal: unable to compile regular expression: Invalid contents of {}
## status: 111

#### s6-linkname -f
## setup: ln -s target lnk
s6-linkname -f lnk
## stderr:
s6-linkname: fatal: unable to resolve lnk: No such file or directory
## status: 111

#### s6-linkname on a non-link
## setup: touch f
s6-linkname f
## stderr:
s6-linkname: fatal: unable to resolve f: Invalid argument
## status: 111

#### s6-ln -s
s6-ln -s /run r
## status: 0

#### s6-ln -nsf
## setup: ln -s a d
foreground { s6-ln -nsf b d } s6-linkname d
## stdout:
b
## status: 0

#### s6-rename
## setup: touch a
foreground { s6-rename a b } s6-ls .
## stdout:
b
script
## status: 0

#### s6-rename missing
s6-rename a b
## stderr:
s6-rename: fatal: unable to rename a to b: No such file or directory
## status: 111

#### s6-dumpenv -N DIR
## env: AA=1
foreground { s6-dumpenv -N d } s6-cat d/AA
## status: 0

#### s6-ls DIR
## setup: mkdir d && touch d/b d/a d/.h
pipeline { s6-ls d } s6-sort
## stdout:
a
b
## status: 0

#### s6-ls -a DIR
## setup: mkdir d && touch d/b d/.h
pipeline { s6-ls -a d } s6-sort
## stdout:
.h
b
## status: 0

#### s6-ls missing
s6-ls nodir
## stderr:
s6-ls: fatal: unable to open directory nodir: No such file or directory
## status: 111

#### s6-sort
## stdin: b\na\nc\n
s6-sort
## stdout:
a
b
c
## status: 0

#### s6-hiercopy SRC DST
## setup: mkdir -p s/x && echo 1 > s/x/f
foreground { s6-hiercopy s t } s6-cat t/x/f
## status: 0

#### s6-hiercopy missing
s6-hiercopy nos t
## stderr:
s6-hiercopy: fatal: unable to copy hierarchy from nos to t: No such file or directory
## status: 111

#### s6-cat
## stdin: abc\n
s6-cat
## stdout:
abc
## status: 0

#### s6-maximumtime -k
s6-maximumtime -k 100 /bin/sleep 5
## stderr:
s6-maximumtime: warning: unable to wait for child process: Operation timed out
## status: 99

#### s6-maximumtime -t
s6-maximumtime -t 100 /bin/sleep 5
## stderr:
s6-maximumtime: warning: unable to wait for child process: Operation timed out
## status: 99

#### s6-maximumtime in time
s6-maximumtime -t 3000 /bin/sh -c "exit 3"
## status: 3

#### s6-maximumtime bad number
s6-maximumtime -t x true
## stderr:
s6-maximumtime: usage: s6-maximumtime [ -0 | -a | -b | -i | -k | -q | -t | -x | -1 | -2 ] milliseconds prog...
## status: 100

#### s6-sleep -m
s6-sleep -m 10
## status: 0

#### s6-sleep bad number
s6-sleep x
## stderr:
s6-sleep: usage: s6-sleep [ -m ] duration prog...
## status: 100

#### s6-seq 0 N
s6-seq 0 3
## stdout:
0
1
2
3
## status: 0

#### s6-seq bad
s6-seq a
## stderr:
s6-seq: usage: s6-seq [ -w ] [ -s separator ] limits
## status: 100

#### s6-mkfifo -m MODE -- F
foreground { s6-mkfifo -m 0600 -- ff } /usr/bin/stat -c %a:%F ff
## stdout:
600:fifo
## status: 0

#### s6-rmrf paths
## setup: mkdir -p a/b && touch a/b/c c
foreground { s6-rmrf a c nothere } s6-ls .
## stdout:
script
## status: 0

#### s6-mount: bad option
s6-mount -Z x y
## stderr:
s6-mount: usage: s6-mount [ -a ] [ -z fstab ] | s6-mount [ -n ] [ -t type ] [ -o option[,option...] ]... device mountpoint
## status: 100

#### s6-softlimit -P then -h
s6-softlimit -P 5 /bin/sh -c "ulimit -r; ulimit -Hr"
## stdout:
0
0
## status: 0

#### s6-softlimit -h -o
s6-softlimit -h -o 200 /bin/sh -c "ulimit -n; ulimit -Hn"
## stderr:
s6-softlimit: fatal: unable to setrlimit: Invalid argument
## status: 111

#### s6-softlimit -H -o
s6-softlimit -H -o 300 /bin/sh -c "ulimit -n; ulimit -Hn"
## stdout:
300
300
## status: 0

#### s6-softlimit -o above the hard limit
s6-softlimit -h -o 400 s6-softlimit -o 500 /bin/sh -c "ulimit -n; ulimit -Hn"
## stderr:
s6-softlimit: fatal: unable to setrlimit: Invalid argument
## status: 111

#### s6-softlimit -H -c =
s6-softlimit -H -c = /bin/sh -c "ulimit -c; ulimit -Hc"
## stdout:
unlimited
unlimited
## status: 0
