#### emptyenv empties the environment
## env: A=1
emptyenv /usr/bin/env

## status: 0

#### emptyenv -p keeps PATH
## env: A=1
emptyenv -p importas -i P PATH echo kept

## stdout:
kept
## status: 0

#### emptyenv -p keeps only PATH
## env: A=1
emptyenv -p /usr/bin/env -u PATH -u CASETMP /usr/bin/env

## status: 0

#### emptyenv -p without PATH
emptyenv -p /usr/bin/env -u PATH /usr/bin/env

## status: 0

#### emptyenv -c removes execline's variables
## env: A=1 EXECLINE_STRICT=0 ELGETOPT_x=1 FD0=3 FDX=1 #=2 0=a 1=b 12=c ?=0 !=5 KEEP=ok Q?=1
emptyenv -c /usr/bin/env -u PATH -u CASETMP /usr/bin/env

## stdout:
A=1
Q?=1
KEEP=ok
## status: 0

#### emptyenv -P pops the positional frame
## env: A=1 #=2 0=a 1=b 2=c #:1=1 1:1=old 2:2=older 0:0=zero 1:x=odd EXECLINE_X=1 ELGETOPT_a=1
emptyenv -P /usr/bin/env -u PATH -u CASETMP /usr/bin/env

## stdout:
A=1
#=1
1=old
2:1=older
0:0=zero
1:x=odd
EXECLINE_X=1
ELGETOPT_a=1
## status: 0

#### emptyenv -o pops the elgetopt frame
## env: A=1 ELGETOPT_a=1 ELGETOPT_b:1=2 ELGETOPT_c:3=3 #=1 ELGETOPT=9
emptyenv -o /usr/bin/env -u PATH -u CASETMP /usr/bin/env

## stdout:
A=1
ELGETOPT_b=2
ELGETOPT_c:2=3
#=1
ELGETOPT=9
## status: 0

#### emptyenv -o -P pops both
## env: A=1 ELGETOPT_a=1 ELGETOPT_b:1=2 #=1 1=x 1:1=y
emptyenv -o -P /usr/bin/env -u PATH -u CASETMP /usr/bin/env

## stdout:
A=1
ELGETOPT_b=2
1=y
## status: 0

#### emptyenv usage errors
foreground { emptyenv }
foreground { emptyenv -p }
emptyenv -x /usr/bin/env

## stderr:
emptyenv: usage: emptyenv [ -p | -c | -o | -P ] prog...
emptyenv: usage: emptyenv [ -p | -c | -o | -P ] prog...
emptyenv: usage: emptyenv [ -p | -c | -o | -P ] prog...
## status: 100

#### emptyenv from sh
## mode: sh
A=1 emptyenv -p sh -c 'test -n "$PATH" && echo kept'

## stdout:
kept
## status: 0
