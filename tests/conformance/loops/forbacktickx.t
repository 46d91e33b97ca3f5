#### forbacktickx loops over a command's output lines
forbacktickx i { printf "a\nb\n\nc\n" } sh -c "echo [$i]"

## stdout:
[a]
[b]
[]
[c]
## status: 0

#### forbacktickx as s6-overlay uses it
forbacktickx -x 0,1 -d"\n" i { seq 0 3 } importas -u i i echo x$i

## stdout:
x0
## status: 0

#### forbacktickx -x and -o
foreground { forbacktickx -x 1 i { seq 0 3 } sh -c "echo $i; exit $i" }
importas ? ?
foreground { echo $? }
forbacktickx -o 0 i { seq 0 3 } sh -c "echo $i; exit $i"

## stdout:
0
1
1
0
1
## status: 1

#### forbacktickx -p
forbacktickx -p i { seq 0 3 } sh -c "exit 3"

## status: 0

#### forbacktickx -E
forbacktickx -E -d " " i { echo a b } echo $i

## stdout:
a
## status: 0

#### forbacktickx -0
forbacktickx -0 i { printf "a\000b c\000" } sh -c "echo \"[$i]\""

## stderr:
execlineb: fatal: syntax error
## status: 100

#### forbacktickx -d "" reads netstrings
forbacktickx -d "" i { printf "1:a,2:bc," } sh -c "echo \"[$i]\""

## stdout:
[a]
[bc]
## status: 0

#### forbacktickx -d "" with a cut netstring
forbacktickx -d "" i { printf "1:a,2:bc" } sh -c "echo \"[$i]\""

## stdout:
[a]
## stderr:
forstdin: fatal: unable to netstring_get: Broken pipe
## status: 111

#### forbacktickx -C and -N
foreground { forbacktickx -C i { printf "a\n\nb\nc" } sh -c "echo \"[$i]\"" }
forbacktickx -N i { printf "a\n\nb\nc" } sh -c "echo \"[$i]\""

## stdout:
[a]
[b]
[a
]
[
]
[b
]
[c]
## status: 0

#### forbacktickx: the loop reads the original stdin
## stdin: input\n
forbacktickx i { echo a } cat

## stdout:
input
## status: 0

#### forbacktickx with stdin closed
fdclose 0 forbacktickx i { echo a } sh -c "echo $i; cat 2>/dev/null || echo closed"

## stdout:
a
closed
## status: 0

#### forbacktickx unexports !
export ! 12 forbacktickx i { echo a } sh -c "echo [$!]"

## stdout:
[]
## status: 0

#### forbacktickx exits 1 when the command prints nothing
forbacktickx i { true } echo $i

## status: 1

#### forbacktickx with a generator that cannot start
forbacktickx i { nonexistent-program } echo $i

## stderr:
pipeline: fatal: unable to spawn nonexistent-program: No such file or directory
## status: 111

#### forbacktickx with a loop that cannot start
forbacktickx i { echo a } nonexistent-program

## stderr:
fdmove: fatal: unable to exec nonexistent-program: No such file or directory
## status: 0

#### forbacktickx with no loop
forbacktickx i { echo a }

## stderr:
fdmove: usage: fdmove [ -c ] to from prog...
## status: 0

#### forbacktickx with = in the variable name
forbacktickx a=b { echo a } echo

## stderr:
forstdin: fatal: invalid variable name
## status: 100

#### forbacktickx with an empty variable name
forbacktickx "" { echo a } echo

## stderr:
forbacktickx: usage: forbacktickx [ -p | -o okcode,okcode,... | -x breakcode,breakcode,... ] [ -E | -e ] [ -N | -n ] [ -C | -c ] [ -0 | -d delim ] var { backtickcmd... } command...
## status: 100

#### forbacktickx with an empty block
forbacktickx i { } echo

## stderr:
forbacktickx: fatal: empty block
## status: 100

#### forbacktickx with an unterminated block
## flags: -P
forbacktickx i " echo"

## stderr:
forbacktickx: fatal: unterminated block
## status: 100

#### forbacktickx with a bad code list
forbacktickx -x a i { echo a } echo

## stderr:
forbacktickx: usage: forbacktickx [ -p | -o okcode,okcode,... | -x breakcode,breakcode,... ] [ -E | -e ] [ -N | -n ] [ -C | -c ] [ -0 | -d delim ] var { backtickcmd... } command...
## status: 100

#### forbacktickx in strict mode
## env: EXECLINE_STRICT=1
## flags: -P
forbacktickx i " echo" a "" sh -c "echo $i"

## stdout:
a
## stderr:
pipeline: warning: unquoted argument a at block 1 position 1
## status: 0
