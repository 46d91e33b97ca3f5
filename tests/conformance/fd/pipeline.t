#### pipeline connects a block to the rest
pipeline { echo abc } tr a-z A-Z

## stdout:
ABC
## status: 0

#### pipeline chains
pipeline { printf "b\na\nc\n" } pipeline { sort } tail -n 1

## stdout:
c
## status: 0

#### pipeline sets ! to the block's pid
pipeline { echo x }
importas -i pid !
wait { $pid }
cat

## stdout:
x
## status: 0

#### pipeline -w makes the block the reader
pipeline -w { tr a-z A-Z } echo written

## stdout:
WRITTEN
## status: 0

#### pipeline -r is the default
pipeline -r { echo read } cat

## stdout:
read
## status: 0

#### pipeline -d runs the block as a grandchild
pipeline -d { echo double } cat

## stdout:
double
## status: 0

#### pipeline -d -w
pipeline -d -w { sed s/^/got:/ } echo data

## stdout:
got:data
## status: 0

#### pipeline with a missing program
pipeline { nonexistent-program } cat

## stderr:
pipeline: fatal: unable to spawn nonexistent-program: No such file or directory
## status: 111

#### pipeline -d with a missing program
pipeline -d { nonexistent-program } cat

## stderr:
pipeline (grandchild): fatal: unable to exec nonexistent-program: No such file or directory
## status: 0

#### pipeline with a builtin block
pipeline { foreground { echo one } echo two } cat

## stdout:
one
two
## status: 0

#### pipeline with an empty block
pipeline { } echo empty

## stdout:
empty
## status: 0

#### pipeline with nothing after the block
pipeline { echo x }

## stderr:
pipeline: fatal: empty remainder
## status: 100

#### pipeline with an unterminated block
pipeline -r echo x

## stderr:
pipeline: fatal: unterminated block
## status: 100

#### pipeline with an unknown option
pipeline -x { echo x } cat

## stderr:
pipeline: usage: pipeline [ -d ] [ -r | -w ] { command... } command...
## status: 100

#### pipeline from sh
## mode: sh
pipeline " echo" " abc" "" tr a-z A-Z

## stdout:
ABC
## status: 0
