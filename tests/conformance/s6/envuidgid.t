#### s6-envuidgid root sets UID GID and an empty GIDLIST
s6-envuidgid root
/usr/bin/env -u PATH -u CASETMP -u ?

## stdout:
UID=0
GID=0
GIDLIST=
## status: 0

#### s6-envuidgid nobody
s6-envuidgid nobody
/usr/bin/env -u PATH -u CASETMP -u ?

## stdout:
UID=65534
GID=65534
GIDLIST=
## status: 0

#### s6-envuidgid replaces variables already set
## env: UID=7 X=1 GIDLIST=9 Y=2
s6-envuidgid daemon
/usr/bin/env -u PATH -u CASETMP -u ?

## stdout:
Y=2
X=1
GID=1
UID=1
GIDLIST=
## status: 0

#### s6-envuidgid unknown user exits 1
s6-envuidgid no-such-user-here /usr/bin/env -u PATH -u CASETMP -u ?

## stderr:
s6-envuidgid: fatal: unknown user: no-such-user-here
## status: 1

#### s6-envuidgid -u sets only UID
s6-envuidgid -u daemon /usr/bin/env -u PATH -u CASETMP -u ?

## stdout:
UID=1
## status: 0

#### s6-envuidgid -u with a number is not a user
s6-envuidgid -u 12 /usr/bin/env -u PATH -u CASETMP -u ?

## stderr:
s6-envuidgid: fatal: unknown user: 12
## status: 1

#### s6-envuidgid -g sets only GID
s6-envuidgid -g daemon /usr/bin/env -u PATH -u CASETMP -u ?

## stdout:
GID=1
## status: 0

#### s6-envuidgid -g unknown group
s6-envuidgid -g no-such-group-here /usr/bin/env -u PATH -u CASETMP -u ?

## stderr:
s6-envuidgid: fatal: unknown group: no-such-group-here
## status: 1

#### s6-envuidgid -B user:group
s6-envuidgid -B daemon:bin /usr/bin/env -u PATH -u CASETMP -u ?

## stdout:
UID=1
GID=2
## status: 0

#### s6-envuidgid -B with parts missing
foreground { s6-envuidgid -B daemon /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { echo -- }
foreground { s6-envuidgid -B :bin /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { echo -- }
foreground { s6-envuidgid -B daemon: /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { echo -- }
s6-envuidgid -B : /usr/bin/env -u PATH -u CASETMP -u ?

## stdout:
UID=1
GID=0
--
UID=0
GID=2
--
UID=1
GID=0
--
UID=0
GID=0
## status: 0

#### s6-envuidgid -B empty account is an unknown user
s6-envuidgid -B "" /usr/bin/env -u PATH -u CASETMP -u ?

## stderr:
s6-envuidgid: fatal: unknown user: 
## status: 1

#### s6-envuidgid -B unknown user, then unknown group
foreground { s6-envuidgid -B nosuch:bin /usr/bin/env -u PATH -u CASETMP -u ? }
s6-envuidgid -B nosuch:nosuch /usr/bin/env -u PATH -u CASETMP -u ?

## stderr:
s6-envuidgid: fatal: unknown user: nosuch
s6-envuidgid: fatal: unknown group: nosuch
## status: 1

#### s6-envuidgid -n falls back to numbers (and implies -B)
foreground { s6-envuidgid -n 12a /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -nB 5:6 /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -Bn root:42 /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -un 99999999999 /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -un 4294967295 /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -un 4294967296 /usr/bin/env -u PATH -u CASETMP -u ? }
s6-envuidgid -gn 7x /usr/bin/env -u PATH -u CASETMP -u ?

## stdout:
UID=12
GID=0
UID=5
GID=6
UID=0
GID=42
UID=999999999
UID=4294967295
UID=429496729
GID=7
## status: 0

#### s6-envuidgid -D gives defaults for an unknown account
foreground { s6-envuidgid -D 1:2:3,4 nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D 1:2 nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D 1 nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D : nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D :: nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D 1:2: nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D ::5 nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
s6-envuidgid -D 1:2:3 root /usr/bin/env -u PATH -u CASETMP -u ?

## stdout:
UID=1
GID=2
GIDLIST=3,4
UID=1
GID=2
GIDLIST=
UID=1
GID=0
GIDLIST=
UID=0
GID=0
GIDLIST=
UID=0
GID=0
GIDLIST=
UID=1
GID=2
GIDLIST=
UID=0
GID=0
GIDLIST=5
UID=0
GID=0
GIDLIST=
## status: 0

#### s6-envuidgid -D gidlist separators and overflow
foreground { s6-envuidgid -D "1:2:3;4 5\t6" nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D 1:2:3:4 nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D 1:2:3, nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D 1:2:3,,4 nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D 1:2:3x nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D 1:2:99999999999 nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D 1:2:3,4294967296 nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
s6-envuidgid -D 4294967295:4294967295:4294967295 nosuch /usr/bin/env -u PATH -u CASETMP -u ?

## stdout:
UID=1
GID=2
GIDLIST=3,4,5,6
UID=1
GID=2
GIDLIST=3,4
UID=1
GID=2
GIDLIST=3
UID=1
GID=2
GIDLIST=3,4
UID=1
GID=2
GIDLIST=3
UID=1
GID=2
GIDLIST=999999999,99
UID=1
GID=2
GIDLIST=3,429496729,6
UID=4294967295
GID=4294967295
GIDLIST=4294967295
## status: 0

#### s6-envuidgid -D malformed is a usage error
foreground { s6-envuidgid -D x nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D 1:2:a nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D 1:2:,3 nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D 1x:2 nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D 1:2x nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D 99999999999:2 nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
s6-envuidgid -D "" nosuch /usr/bin/env -u PATH -u CASETMP -u ?

## stderr:
s6-envuidgid: usage: s6-envuidgid [ -i | -D defaultuid:defaultgid:defaultgidlist ] [ -u | -g | -B ] [ -n ] account prog...
s6-envuidgid: usage: s6-envuidgid [ -i | -D defaultuid:defaultgid:defaultgidlist ] [ -u | -g | -B ] [ -n ] account prog...
s6-envuidgid: usage: s6-envuidgid [ -i | -D defaultuid:defaultgid:defaultgidlist ] [ -u | -g | -B ] [ -n ] account prog...
s6-envuidgid: usage: s6-envuidgid [ -i | -D defaultuid:defaultgid:defaultgidlist ] [ -u | -g | -B ] [ -n ] account prog...
s6-envuidgid: usage: s6-envuidgid [ -i | -D defaultuid:defaultgid:defaultgidlist ] [ -u | -g | -B ] [ -n ] account prog...
s6-envuidgid: usage: s6-envuidgid [ -i | -D defaultuid:defaultgid:defaultgidlist ] [ -u | -g | -B ] [ -n ] account prog...
s6-envuidgid: usage: s6-envuidgid [ -i | -D defaultuid:defaultgid:defaultgidlist ] [ -u | -g | -B ] [ -n ] account prog...
## status: 100

#### s6-envuidgid -i and -D: the last one wins
foreground { s6-envuidgid -D 1:2:3 -i nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -i -D 1:2:3 nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D 1:2:3 -D 4 nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -uD 1:2:3 nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -gD 1:2:3 nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -BD 1:2:3 nosuch:nosuch /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D 1:2:3 -B nosuch:daemon /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D 1:2:3 -n 12 /usr/bin/env -u PATH -u CASETMP -u ? }
foreground { s6-envuidgid -D 1:2:3 -u -n x /usr/bin/env -u PATH -u CASETMP -u ? }
s6-envuidgid -nD 1:2:3 5 /usr/bin/env -u PATH -u CASETMP -u ?

## stdout:
UID=1
GID=2
GIDLIST=3
UID=4
GID=0
GIDLIST=
UID=1
GID=2
UID=1
GID=2
UID=1
GID=1
UID=12
GID=2
UID=1
UID=5
GID=2
## stderr:
s6-envuidgid: fatal: unknown user: nosuch
## status: 0

#### s6-envuidgid usage errors
foreground { s6-envuidgid }
foreground { s6-envuidgid root }
s6-envuidgid -x root true

## stderr:
s6-envuidgid: usage: s6-envuidgid [ -i | -D defaultuid:defaultgid:defaultgidlist ] [ -u | -g | -B ] [ -n ] account prog...
s6-envuidgid: usage: s6-envuidgid [ -i | -D defaultuid:defaultgid:defaultgidlist ] [ -u | -g | -B ] [ -n ] account prog...
s6-envuidgid: usage: s6-envuidgid [ -i | -D defaultuid:defaultgid:defaultgidlist ] [ -u | -g | -B ] [ -n ] account prog...
## status: 100

#### s6-envuidgid cannot exec
foreground { s6-envuidgid root nonexistent-prog }
s6-envuidgid root /etc/passwd

## stderr:
s6-envuidgid: fatal: unable to exec nonexistent-prog: No such file or directory
s6-envuidgid: fatal: unable to exec /etc/passwd: Permission denied
## status: 126

#### s6-envuidgid standalone from sh
## mode: sh
exec s6-envuidgid -D 32760:32760: -- syslog /usr/bin/env -u PATH -u CASETMP -u ?

## stdout:
PWD=@TMP@
UID=32760
GID=32760
GIDLIST=
## status: 0
