#### forx runs the loop once per value
forx i { a b c } importas i i echo $i

## stdout:
a
b
c
## status: 0

#### forx sets the variable in the environment
forx i { a "b c" } sh -c "echo \"[$i]\""

## stdout:
[a]
[b c]
## status: 0

#### forx -E substitutes instead
forx -E i { a b } echo $i ${i}

## stdout:
a a
b b
## status: 0

#### forx -e is the default
forx -E -e i { a } sh -c "echo $i"

## stdout:
a
## status: 0

#### forx -x breaks on a listed code
forx -x 1 i { a b c } sh -c "echo $i; [ $i = b ] && exit 1; exit 0"

## stdout:
a
b
## status: 1

#### forx -o breaks on an unlisted code
forx -o 0,3 i { a b c } sh -c "echo $i; [ $i = b ] && exit 5; exit 3"

## stdout:
a
b
## status: 5

#### forx code lists accept , : ; space and stop at other bytes
foreground { forx -x "1;2 3" i { a b } sh -c "echo $i; exit 3" }
foreground { forx -x "1:3" i { a b } sh -c "echo $i; exit 3" }
forx -x "1x3" i { a b } sh -c "echo $i; exit 3"

## stdout:
a
a
a
b
## status: 0

#### forx: a code of 128 or more compares as 128
foreground { forx -o 200 i { a b } sh -c "echo $i; exit 200" }
importas ? ?
foreground { echo $? }
forx -o 128 i { a b } sh -c "echo $i; exit 200"

## stdout:
a
128
a
b
## status: 0

#### forx: a signal compares as 128+n
foreground { forx -o 0 i { a b } sh -c "kill $$" }
importas ? ?
foreground { echo $? }
forx -o 143 i { a b } sh -c "echo $i; kill $$"

## stdout:
143
a
b
## status: 0

#### forx: a 16-bit code stops before it overflows
forx -x 70000 i { a b } sh -c "echo $i; exit 0"

## stdout:
a
## status: 0

#### forx -p waits for every instance
forx -p i { a b c } sh -c "exit 0"

## status: 0

#### forx -p -o exits 1 when a code is not listed
forx -p -o 0 i { a b c } sh -c "[ $i = b ] && exit 5; exit 0"

## status: 1

#### forx -p -x exits 1 when a code is listed
forx -p -x 5 i { a b c } sh -c "[ $i = b ] && exit 5; exit 0"

## status: 1

#### forx with no values exits 0
forx i { } echo x

## status: 0

#### forx with no loop exits 0
forx i { a }

## status: 0

#### forx with an empty variable name
forx "" { a } echo

## stderr:
forx: fatal: invalid variable name
## status: 100

#### forx with = in the variable name
forx a=b { a } echo

## stderr:
forx: fatal: invalid variable name
## status: 100

#### forx usage
forx i

## stderr:
forx: usage: forx [ -E | -e ] [ -p ] [ -o okcode,okcode,... | -x breakcode,breakcode,... ] var { values... } command...
## status: 100

#### forx with a bad code list
forx -x "" i { a } true

## stderr:
forx: usage: forx [ -E | -e ] [ -p ] [ -o okcode,okcode,... | -x breakcode,breakcode,... ] var { values... } command...
## status: 100

#### forx with an unterminated block
## flags: -P
forx i " a"

## stderr:
forx: fatal: unterminated block
## status: 100

#### forx with a loop that cannot start
forx i { a } nonexistent-program

## stderr:
forx: fatal: unable to spawn nonexistent-program: No such file or directory
## status: 111

#### forx with -E and a loop that cannot start
forx -E i { a b } nonexistent-program

## stderr:
importas: fatal: unable to exec nonexistent-program: No such file or directory
importas: fatal: unable to exec nonexistent-program: No such file or directory
## status: 0

#### forx with a builtin loop body
forx i { a b } if { eltest $i = b } echo yes

## status: 0

#### forx -P is a later option
## only: execpy
forx -P 2 i { a b c } sh -c "exit 0"
## status: 0

#### forx in strict mode
## env: EXECLINE_STRICT=1
## flags: -P
forx i " a" b "" echo x

## stdout:
x
x
## stderr:
forx: warning: unquoted argument b at block 1 position 1
## status: 0
