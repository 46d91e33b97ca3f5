#### heredoc feeds stdin
heredoc 0 "hello there\n" cat

## stdout:
hello there
## status: 0

#### heredoc on another fd
heredoc 4 "four\n" fdmove 0 4 cat

## stdout:
four
## status: 0

#### heredoc -d feeds from a grandchild
heredoc -d 0 "double\n" cat

## stdout:
double
## status: 0

#### heredoc with a long string (bigger than a pipe buffer)
backtick -N big { sh -c "yes | head -c 100000" }
importas -u big big
heredoc 0 $big
wc -c

## stdout:
100000
## status: 0

#### heredoc then wait reaps the feeder
heredoc 0 "x\n"
foreground { cat }
wait { }
echo reaped

## stdout:
x
reaped
## status: 0

#### heredoc usage errors
foreground { heredoc 0 x }
foreground { heredoc x y echo }
heredoc -q 0 x echo

## stderr:
heredoc: usage: heredoc [ -d ] fd string command...
heredoc: usage: heredoc [ -d ] fd string command...
heredoc: usage: heredoc [ -d ] fd string command...
## status: 100

#### heredoc from sh
## mode: sh
heredoc 0 "from sh
" cat

## stdout:
from sh
## status: 0
