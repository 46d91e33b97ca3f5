#### s6-setuidgid user drops to the user's ids and groups
s6-setuidgid nobody
/bin/sh -c "grep -E '^(Uid|Gid|Groups)' /proc/self/status ; env | grep -E '^(UID|GID|GIDLIST)='"

## stdout:
Uid:	65534	65534	65534	65534
Gid:	65534	65534	65534	65534
Groups:	65534 
## status: 1

#### s6-setuidgid daemon
s6-setuidgid daemon grep -E "^(Uid|Gid|Groups)" /proc/self/status

## stdout:
Uid:	1	1	1	1
Gid:	1	1	1	1
Groups:	1 
## status: 0

#### s6-setuidgid uid:gid
s6-setuidgid 1:2 grep -E "^(Uid|Gid|Groups)" /proc/self/status

## stdout:
Uid:	1	1	1	1
Gid:	2	2	2	2
Groups:	2 
## status: 0

#### s6-setuidgid with an empty account changes nothing
s6-setuidgid "" grep -E "^(Uid|Gid|Groups)" /proc/self/status

## stdout:
Uid:	0	0	0	0
Gid:	0	0	0	0
Groups:	 
## status: 0

#### s6-setuidgid with a bare number is a user name
s6-setuidgid 65534 true

## stderr:
s6-envuidgid: fatal: unknown user: 65534
## status: 1

#### s6-setuidgid unknown user
s6-setuidgid no-such-user-here true

## stderr:
s6-envuidgid: fatal: unknown user: no-such-user-here
## status: 1

#### s6-setuidgid malformed uid:gid
foreground { s6-setuidgid 1: true }
foreground { s6-setuidgid :2 true }
foreground { s6-setuidgid : true }
foreground { s6-setuidgid 1:2:3 true }
foreground { s6-setuidgid x:y true }
s6-setuidgid -1:2 true

## stderr:
s6-applyuidgid: usage: s6-applyuidgid [ -z ] [ -u uid ] [ -g gid ] [ -G gidlist ] [ -U ] prog...
s6-applyuidgid: usage: s6-applyuidgid [ -z ] [ -u uid ] [ -g gid ] [ -G gidlist ] [ -U ] prog...
s6-applyuidgid: usage: s6-applyuidgid [ -z ] [ -u uid ] [ -g gid ] [ -G gidlist ] [ -U ] prog...
s6-applyuidgid: usage: s6-applyuidgid [ -z ] [ -u uid ] [ -g gid ] [ -G gidlist ] [ -U ] prog...
s6-applyuidgid: usage: s6-applyuidgid [ -z ] [ -u uid ] [ -g gid ] [ -G gidlist ] [ -U ] prog...
s6-applyuidgid: usage: s6-applyuidgid [ -z ] [ -u uid ] [ -g gid ] [ -G gidlist ] [ -U ] prog...
## status: 100

#### s6-setuidgid uid -1
s6-setuidgid 4294967295:1 true

## stderr:
s6-applyuidgid: fatal: unable to setuid: Invalid argument
## status: 111

#### s6-setuidgid usage
foreground { s6-setuidgid }
s6-setuidgid root

## stderr:
s6-setuidgid: usage: s6-setuidgid username prog...
s6-setuidgid: usage: s6-setuidgid username prog...
## status: 100

#### s6-setuidgid cannot exec
foreground { s6-setuidgid root nonexistent-prog }
s6-setuidgid 1:1 /etc/passwd

## stderr:
s6-applyuidgid: fatal: unable to exec nonexistent-prog: No such file or directory
s6-applyuidgid: fatal: unable to exec /etc/passwd: Permission denied
## status: 126

#### s6-setuidgid keeps the environment otherwise
## env: A=1 UID=9
s6-setuidgid daemon
/usr/bin/env -u PATH -u CASETMP

## stdout:
A=1
## status: 0

#### s6-setuidgid standalone from sh
## mode: sh
exec s6-setuidgid nobody sh -c "grep -E '^(Uid|Gid|Groups)' /proc/self/status"

## stdout:
Uid:	65534	65534	65534	65534
Gid:	65534	65534	65534	65534
Groups:	65534 
## status: 0
