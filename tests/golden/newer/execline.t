# execline 2.9.9.2 (s6-overlay 3.2.3.2) against execpy: the forms s6-overlay's
# scripts and real images use, the options added since 2.9.3.0, and their
# error cases. Expectations recorded from /tmp/oracle/bin (see
# tests/test_versions_delta.py).

#### importas -D 0 V V (overlay form)
importas -D 0 V V echo $V
## stdout:
0
## status: 0

#### importas -u -D "" V ELGETOPT_x
## env: ELGETOPT_x=val
importas -u -D "" V ELGETOPT_x foreground { echo $V } s6-dumpenv -- .
## stdout:
val
## status: 0

#### importas -u -sCd" \t" V V
## env: V=a\tb\x20c
importas -u -sCd" \t" V V echo $V
## stdout:
a\tb\x20c
## status: 0

#### importas -usC T line
## env: line=a:b
importas -usC T line echo $T
## stdout:
a:b
## status: 0

#### importas -S (2.9.6.0)
## env: HOME=/home/x
importas -S HOME echo $HOME
## stdout:
/home/x
## status: 0

#### importas -S with -D
importas -S -D dflt NOPE echo $NOPE
## stdout:
dflt
## status: 0

#### importas -S -i, unset
importas -S -i NOPE echo $NOPE
## stderr:
importas: fatal: NOPE not set
## status: 100

#### importas -S without a name
importas -S
## stderr:
importas: usage: importas [ -i | -D default ] [ -u ] [ -N | -n ] [ -s ] [ -C | -c ] [ -d delim ] key var prog...
## status: 100

#### importas: unknown option
importas -Z a b echo
## stderr:
importas: usage: importas [ -i | -D default ] [ -u ] [ -N | -n ] [ -s ] [ -C | -c ] [ -d delim ] key var prog...
## status: 100

#### importas: missing argument
importas -D
## stderr:
importas: usage: importas [ -i | -D default ] [ -u ] [ -N | -n ] [ -s ] [ -C | -c ] [ -d delim ] key var prog...
## status: 100

#### importas: too few words
importas A
## stderr:
importas: usage: importas [ -i | -D default ] [ -u ] [ -N | -n ] [ -s ] [ -C | -c ] [ -d delim ] key var prog...
## status: 100

#### multisubstitute importas -S
## env: A=1 B=2
multisubstitute { importas -S A importas -S -D z C define D 4 } echo $A $C $D
## stdout:
1 z 4
## status: 0

#### execlineb -e is ignored (2.9.4.0)
## flags: -Pe
echo ok
## stdout:
ok
## status: 0

#### execlineb -e -S1
## flags: -e -S1
## args: one
echo $1
## stdout:
one
## status: 0

#### execlineb: unknown option
## flags: -Z
echo ok
## stderr:
execlineb: usage: execlineb [ -p | -P | -S nmin | -s nmin ] [ -q | -w | -W ] [ -e ] [ -c commandline ] script args
## status: 100

#### emptyenv -p
## env: X=1
emptyenv -p s6-dumpenv -- .
## status: 0

#### emptyenv -oP
## flags: -S0
## env: ELGETOPT_x=1 ELGETOPT_n=1 EXECLINE_POS=1
emptyenv -oP s6-dumpenv -- .
## status: 0

#### emptyenv -l keeps LD_LIBRARY_PATH (2.9.8.0)
## env: LD_LIBRARY_PATH=/nowhere X=1
emptyenv -l /usr/bin/env
## stdout:
LD_LIBRARY_PATH=/nowhere
## status: 0

#### emptyenv -pl
## env: LD_LIBRARY_PATH=/nowhere X=1
emptyenv -pl pipeline { /usr/bin/env } /usr/bin/cut -d= -f1
## stdout:
PATH
LD_LIBRARY_PATH
## status: 0

#### emptyenv: unknown option
emptyenv -Z true
## stderr:
emptyenv: fatal: unrecognized short option: Z
## status: 100

#### emptyenv: no program
emptyenv -p
## stderr:
emptyenv: usage: emptyenv [ -p | -l | -c | -o | -P ] prog...
## status: 100

#### exec -c
## env: X=1
exec -c /usr/bin/env
## status: 0

#### exec: unknown option
exec -Z true
## stderr:
exec: usage: exec [ -c ] [ -l ] [ -a argv0 ] prog...
## status: 100

#### backtick -D DEFAULT -n VAR { prog }
backtick -D DEFAULT -n VAR { false } importas V VAR echo $V
## stdout:
DEFAULT
## status: 0

#### backtick -D sets ? (2.9.5.0)
backtick -D DEFAULT -n VAR { exit 3 } importas -u Q ? echo $Q
## stdout:
3
## status: 0

#### backtick -x sets ?
backtick -x -n VAR { exit 0 } importas -u Q ? echo $Q
## stdout:
0
## status: 0

#### backtick -I sets ?, killed
backtick -I -n VAR { /bin/sh -c "kill -9 $$" } importas -u Q ? echo $Q
## stdout:
265
## status: 0

#### backtick without -D/-I/-x leaves ? alone
## env: ?=keep
backtick -n VAR { echo hi } importas -u Q ? echo $Q
## stdout:
keep
## status: 0

#### backtick -E
backtick -E -n VAR { echo hi } echo $VAR
## stdout:
hi
## status: 0

#### backtick -E -D sets $?
backtick -E -D d VAR { exit 5 } echo ${VAR} ${?}
## stdout:
d 5
## status: 0

#### backtick -E removes a preexisting VAR
## env: VAR=old
backtick -E VAR { echo new } /usr/bin/printenv VAR
## status: 1

#### backtick -D DEFAULT line { prog }
backtick -D DEFAULT line { /bin/sh -c "exit 1" } importas line line echo $line
## stdout:
DEFAULT
## status: 0

#### backtick: missing block
backtick -n VAR
## stderr:
backtick: usage: backtick [ -i | -I | -x | -D default ] [ -N | -n ] [ -E | -e ] var { prog... } remainder...
## status: 100

#### elgetopt "f:" and elgetpositionals -P0
## flags: -S0
## args: -f x y z
elgetopt "f:" importas -u -D "" F ELGETOPT_f elgetpositionals -P0 echo $F $@
## stderr:
elgetopt: fatal: # not set
## status: 100

#### elgetopt: bad option
## flags: -S0
## args: -q
elgetopt "f:" echo $@
## stderr:
elgetopt: fatal: # not set
## status: 100

#### elglob -d (2.9.6.0)
## setup: touch a1 a2 a3
elglob -d , G a* echo $G
## stdout:
a1,a2,a3,
## status: 0

#### elglob -n -d
## setup: touch a1 a2 a3
elglob -n -d , G a* echo $G
## stdout:
a1,a2,a3
## status: 0

#### elglob -d "" netstrings
## setup: touch a1 a2
elglob -d "" G a* echo $G
## stdout:
2:a1,2:a2,
## status: 0

#### elglob -n without -d
## setup: touch a1
elglob -n G a* echo $G
## stdout:
a1
## status: 0

#### redirfd -rnb 0 FIFO
## setup: mkfifo f
redirfd -rnb 0 f echo opened
## stdout:
opened
## status: 0

#### redirfd -w 1 FILE
redirfd -w 1 out echo hi
## status: 0

#### redirfd -f var (2.9.9.0)
redirfd -w -f FD out importas -u FD FD fdmove 1 $FD echo via $FD
## status: 0

#### redirfd -f -E
redirfd -w -f -E FD out echo fd is $FD
## stdout:
fd is 3
## status: 0

#### redirfd: unknown option
redirfd -Z 1 out echo
## stderr:
redirfd: fatal: unrecognized short option: Z
## status: 100

#### redirfd: bad fd
redirfd -w x out echo
## stderr:
redirfd: usage: redirfd -[ r | w | u | a | x ] [ -N | -n ] [ -b ] [ -f ] [ -E | -e ] fd|var file prog...
## status: 100

#### redirfd: missing file
redirfd -w 1
## stderr:
redirfd: usage: redirfd -[ r | w | u | a | x ] [ -N | -n ] [ -b ] [ -f ] [ -E | -e ] fd|var file prog...
## status: 100

#### redirfd -r on a missing file
redirfd -r 0 nofile echo
## stderr:
redirfd: fatal: unable to open nofile: No such file or directory
## status: 111

#### fdmove -c 2 1
fdmove -c 2 1 /bin/sh -c "echo err >&2"
## stdout:
err
## status: 0

#### fdmove: bad fd
fdmove -c x 1 true
## stderr:
fdmove: usage: fdmove [ -c ] to from prog...
## status: 100

#### forbacktickx -x 0,1 -d"\n" i { s6-seq 0 3 } (with-retries form)
forbacktickx -x 0,1 -d"\n" i { s6-seq 0 3 } importas -u i i if { echo try $i } exit 2
## stdout:
try 0
try 1
try 2
try 3
## status: 0

#### forx -P 1
forx -P 1 i { a b c } importas -u i i echo $i
## stdout:
a
b
c
## status: 0

#### forx -P 0
forx -P 0 i { a } echo
## stdout-repr: b'\n'
## status: 0

#### forstdin -P 1
## stdin: x\ny\n
forstdin -P 1 i importas -u i i echo $i
## stdout:
x
y
## status: 0

#### forx -E spawns importas -uSi
forx -E i { a b } echo $i
## stdout:
a
b
## status: 0

#### if -x 99 { false }
if -x 99 { false } echo no
## status: 99

#### if -X
if -X { false } echo no
## status: 1

#### ifelse { test } { then } else
ifelse { eltest -n "" } { echo then } echo else
## stdout:
else
## status: 0

#### eltest STR =~ ERE
if { eltest abc =~ ^a.c$ } echo match
## stdout:
match
## status: 0

#### eltest -n X -a N -eq 0
if { eltest -n x -a 0 -eq 0 } echo yes
## stdout:
yes
## status: 0

#### eltest X -ge N
if { eltest 5 -ge 3 } echo yes
## stdout:
yes
## status: 0

#### eltest bad integer
eltest x -eq 0
## stderr:
eltest: fatal: -eq requires integer arguments
## status: 100

#### eltest bad ERE
eltest a =~ "("
## stderr:
eltest: fatal: parse error at argument 2
## status: 100

#### trap default keyword
trap { default { echo dflt } } /bin/sh -c "kill -HUP $$"
## status: 129

#### trap timeout keyword
trap -t 10 { timeout { echo to } } /bin/sh -c "sleep 0.2"
## stderr:
trap: usage: trap [ -x ] { signal { cmdline } ... } prog...
## status: 100

#### trap SIGTERM directive
trap { SIGTERM { echo got term } } /bin/sh -c "kill -TERM $PPID; sleep 0.2"
## stdout:
got term
## status: 0

#### wait with no children
wait { } echo done
## stdout:
done
## status: 0

#### wait -r
background { exit 3 } wait -r { } echo done
## stdout:
done
## status: 0

#### wait: unknown option
wait -Z { } echo
## stderr:
wait: fatal: unrecognized short option: Z
## status: 100

#### export-array (new program)
export-array A { x y } /usr/bin/printenv A
## stdout:
1:x,1:y,
## status: 0

#### exit 3
exit 3
## status: 3

#### exit bad number
exit x
## stderr:
exit: usage: exit [ exitcode ]
## status: 100

#### multidefine
multidefine { a b } { A B } echo $A $B
## stderr:
multidefine: fatal: unable to exec  A: No such file or directory
## status: 127

#### define -s
define -s X "a b" echo $X
## stdout:
a b
## status: 0

#### case -s
case -s -- abc { a* { echo glob } } echo none
## stdout:
glob
## status: 0

#### getpid
getpid P importas -u P P eltest -n $P
## status: 0

#### heredoc
heredoc 0 "hello\n" s6-cat
## stdout:
hello
## status: 0

#### umask then mkdir
umask 077 /bin/sh -c umask
## stdout:
0077
## status: 0

#### piperw and fdclose
piperw 5 6 fdclose 5 fdclose 6 echo ok
## stdout:
ok
## status: 0

#### pipeline -w
pipeline -w { s6-cat } echo hi
## stdout:
hi
## status: 0

#### withstdinas -n
## stdin: abc\n
withstdinas -n V importas -u V V echo $V
## stdout:
abc
## status: 0

#### homeof root
homeof root
## stdout:
/root
## status: 0

#### envfile
## setup: printf 'A=1\nB = two\n' > ef
envfile ef importas -u B B echo $B
## stdout:
two
## status: 0

#### loopwhilex -x 1
loopwhilex -x 1 exit 1
## status: 1

#### shift in -S0
## flags: -S0
## args: a b c
shift -n 2 elgetpositionals echo $@
## stderr:
shift: fatal: # not set
## status: 100

#### tryexec
tryexec { /nonexistent } echo fallback
## stdout:
fallback
## status: 0

#### fdswap
fdswap 1 2 /bin/sh -c "echo x"
## stderr:
x
## status: 0

#### fdreserve
fdreserve 2 importas -u FD0 FD0 importas -u FD1 FD1 eltest $FD0 -ne $FD1
## status: 0

#### fdblock
fdblock -n 1 echo ok
## stdout:
ok
## status: 0

#### runblock
## flags: -S0
## args: { echo a } { echo b }
runblock 2 echo
## stderr:
runblock: fatal: # not set
## status: 100

#### dollarat
## flags: -S0
## args: a b
dollarat -d , 
## stderr:
dollarat: fatal: # not set
## status: 100

#### export-array -d
export-array -d ,x A { x y } /usr/bin/printenv A
## stdout:
x,y,
## status: 0

#### export-array then importas -Ssd ""
export-array A { "a b" c } importas -Ssd "" A /bin/sh -c "echo $#" x $A
## stdout:
2
## status: 0

#### export-array, empty block
export-array A { } true
## stderr:
export-array: fatal: empty block
## status: 100

#### export-array, bad name
export-array A=b { x } true
## stderr:
export-array: fatal: invalid variable name: A=b
## status: 100

#### export-array, no program
export-array A { x }
## stderr:
export-array: usage: export-array [ -d delim ] variable { value-list } prog...
## status: 100

#### redirfd -f -E -r
## setup: echo content > in
redirfd -r -f -E FD in fdmove 0 $FD s6-cat
## stdout:
content
## status: 0

#### redirfd -f with -N -nb
## setup: mkfifo f
redirfd -w -f -nb FD f importas -u FD FD echo ok
## stdout:
ok
## status: 0

#### backtick -E -x on failure
backtick -E -x VAR { exit 4 } echo [${VAR}] ${?}
## stdout:
[${VAR}] 4
## status: 0

#### importas -S -u
## env: A=1
importas -S -u A /bin/sh -c "echo $1 ${A-unset}" x $A
## stdout:
1 unset
## status: 0

#### elglob: too few words
elglob X
## stderr:
elglob: usage: elglob [ -v ] [ -w ] [ -s ] [ -m ] [ -e ] [ -0 ] [ -n ] [ -d delim ] key pattern prog...
## status: 100
