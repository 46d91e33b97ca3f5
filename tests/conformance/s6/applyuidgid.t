#### s6-applyuidgid -U takes UID GID GIDLIST from the environment
## env: UID=1 GID=2 GIDLIST=5,6
s6-applyuidgid -U
/bin/sh -c "grep -E '^(Uid|Gid|Groups)' /proc/self/status ; env | grep -E '^(UID|GID|GIDLIST)='"

## stdout:
Uid:	1	1	1	1
Gid:	2	2	2	2
Groups:	2 5 6 
GID=2
UID=1
GIDLIST=5,6
## status: 0

#### s6-applyuidgid -Uz unexports them
## env: UID=1 GID=2 GIDLIST=5,6
s6-applyuidgid -Uz
/bin/sh -c "grep -E '^(Uid|Gid|Groups)' /proc/self/status ; env | grep -E '^(UID|GID|GIDLIST)='"

## stdout:
Uid:	1	1	1	1
Gid:	2	2	2	2
Groups:	2 5 6 
## status: 1

#### s6-applyuidgid -zU empty GIDLIST keeps only the gid
## env: UID=1 GID=2 GIDLIST=
s6-applyuidgid -zU
/bin/sh -c "grep -E '^(Uid|Gid|Groups)' /proc/self/status ; env | grep -E '^(UID|GID|GIDLIST)='"

## stdout:
Uid:	1	1	1	1
Gid:	2	2	2	2
Groups:	2 
## status: 1

#### s6-applyuidgid -U with variables missing
foreground { s6-applyuidgid -U true }
foreground { export UID 1 s6-applyuidgid -U true }
export UID 1 export GID 2 s6-applyuidgid -U true

## stderr:
s6-applyuidgid: fatal: UID not set
s6-applyuidgid: fatal: GID not set
s6-applyuidgid: fatal: GIDLIST not set
## status: 100

#### s6-applyuidgid -U with invalid variables
foreground { export UID x s6-applyuidgid -U true }
foreground { export UID "" s6-applyuidgid -U true }
foreground { export UID 1 export GID x s6-applyuidgid -U true }
export UID 1 export GID 2 export GIDLIST x s6-applyuidgid -U true

## stderr:
s6-applyuidgid: fatal: invalid $UID
s6-applyuidgid: fatal: invalid $UID
s6-applyuidgid: fatal: invalid $GID
s6-applyuidgid: fatal: invalid $GIDLIST
## status: 100

#### s6-applyuidgid -U accepts a GIDLIST with trailing junk and leading zeros
## env: UID=01 GID=02 GIDLIST=03x
s6-applyuidgid -U
/bin/sh -c "grep -E '^(Uid|Gid|Groups)' /proc/self/status"

## stdout:
Uid:	1	1	1	1
Gid:	2	2	2	2
Groups:	2 3 
## status: 0

#### s6-applyuidgid options after -U override it, before it do not
## env: UID=1 GID=2 GIDLIST=3
foreground { s6-applyuidgid -U -u 7 grep -E "^(Uid|Gid|Groups)" /proc/self/status }
s6-applyuidgid -u 7 -U grep -E "^(Uid|Gid|Groups)" /proc/self/status

## stdout:
Uid:	7	7	7	7
Gid:	2	2	2	2
Groups:	2 3 
Uid:	1	1	1	1
Gid:	2	2	2	2
Groups:	2 3 
## status: 0

#### s6-applyuidgid -u alone
s6-applyuidgid -u 5 grep -E "^(Uid|Gid|Groups)" /proc/self/status

## stdout:
Uid:	5	5	5	5
Gid:	0	0	0	0
Groups:	 
## status: 0

#### s6-applyuidgid -g alone
s6-applyuidgid -g 5 grep -E "^(Uid|Gid|Groups)" /proc/self/status

## stdout:
Uid:	0	0	0	0
Gid:	5	5	5	5
Groups:	 
## status: 0

#### s6-applyuidgid -G puts the gid first
foreground { s6-applyuidgid -G 5,6 grep -E "^(Uid|Gid|Groups)" /proc/self/status }
foreground { s6-applyuidgid -G 5,6 -g 7 grep -E "^(Uid|Gid|Groups)" /proc/self/status }
foreground { s6-applyuidgid -G 7,5 -g 5 grep -E "^(Uid|Gid|Groups)" /proc/self/status }
foreground { s6-applyuidgid -G "" grep -E "^(Uid|Gid|Groups)" /proc/self/status }
s6-applyuidgid -u 0 -g 0 -G 0 grep -E "^(Uid|Gid|Groups)" /proc/self/status

## stdout:
Uid:	0	0	0	0
Gid:	0	0	0	0
Groups:	0 5 6 
Uid:	0	0	0	0
Gid:	7	7	7	7
Groups:	5 6 7 
Uid:	0	0	0	0
Gid:	5	5	5	5
Groups:	5 7 
Uid:	0	0	0	0
Gid:	0	0	0	0
Groups:	0 
Uid:	0	0	0	0
Gid:	0	0	0	0
Groups:	0 
## status: 0

#### s6-applyuidgid bad numbers are usage errors
foreground { s6-applyuidgid -G x true }
foreground { s6-applyuidgid -u x true }
foreground { s6-applyuidgid -u 4294967296 true }
foreground { s6-applyuidgid -u "" true }
foreground { s6-applyuidgid -g 1x true }
foreground { s6-applyuidgid -u 1 }
s6-applyuidgid -k true

## stderr:
s6-applyuidgid: usage: s6-applyuidgid [ -z ] [ -u uid ] [ -g gid ] [ -G gidlist ] [ -U ] prog...
s6-applyuidgid: usage: s6-applyuidgid [ -z ] [ -u uid ] [ -g gid ] [ -G gidlist ] [ -U ] prog...
s6-applyuidgid: usage: s6-applyuidgid [ -z ] [ -u uid ] [ -g gid ] [ -G gidlist ] [ -U ] prog...
s6-applyuidgid: usage: s6-applyuidgid [ -z ] [ -u uid ] [ -g gid ] [ -G gidlist ] [ -U ] prog...
s6-applyuidgid: usage: s6-applyuidgid [ -z ] [ -u uid ] [ -g gid ] [ -G gidlist ] [ -U ] prog...
s6-applyuidgid: usage: s6-applyuidgid [ -z ] [ -u uid ] [ -g gid ] [ -G gidlist ] [ -U ] prog...
s6-applyuidgid: usage: s6-applyuidgid [ -z ] [ -u uid ] [ -g gid ] [ -G gidlist ] [ -U ] prog...
## status: 100

#### s6-applyuidgid cannot setuid to -1
s6-applyuidgid -u 4294967295 true

## stderr:
s6-applyuidgid: fatal: unable to setuid: Invalid argument
## status: 111

#### s6-applyuidgid with no change and -z
## env: GID=2 GIDLIST=3
s6-applyuidgid -z --
/bin/sh -c "grep -E '^(Uid|Gid|Groups)' /proc/self/status ; env | grep -E '^(UID|GID|GIDLIST)='"

## stdout:
Uid:	0	0	0	0
Gid:	0	0	0	0
Groups:	 
## status: 1

#### s6-applyuidgid cannot exec
foreground { s6-applyuidgid -u 1 nonexistent-prog }
s6-applyuidgid /etc/passwd

## stderr:
s6-applyuidgid: fatal: unable to exec nonexistent-prog: No such file or directory
s6-applyuidgid: fatal: unable to exec /etc/passwd: Permission denied
## status: 126

#### s6-envuidgid then s6-applyuidgid in one chain
s6-envuidgid daemon
s6-applyuidgid -U
/bin/sh -c "grep -E '^(Uid|Gid|Groups)' /proc/self/status ; env | grep -E '^(UID|GID|GIDLIST)='"

## stdout:
Uid:	1	1	1	1
Gid:	1	1	1	1
Groups:	1 
GID=1
UID=1
GIDLIST=
## status: 0

#### s6-applyuidgid standalone from sh
## mode: sh
## env: UID=2 GID=3 GIDLIST=4,5
exec s6-applyuidgid -Uz -- sh -c "grep -E '^(Uid|Gid|Groups)' /proc/self/status ; env | grep -c -E '^(UID|GID|GIDLIST)='"

## stdout:
Uid:	2	2	2	2
Gid:	3	3	3	3
Groups:	3 4 5 
0
## status: 1
