#### forstdin runs the loop once per line
## stdin: a\nb\n\nc\n
forstdin i sh -c "echo [$i]"

## stdout:
[a]
[b]
[]
[c]
## status: 0

#### forstdin: an unterminated last line is dropped
## stdin: a\nb
forstdin i sh -c "echo [$i]"

## stdout:
[a]
## status: 0

#### forstdin -N keeps the delimiter and the last line
## stdin: a\nb\n\nc
forstdin -N i sh -c "echo \"[$i]\""

## stdout:
[a
]
[b
]
[
]
[c]
## status: 0

#### forstdin -C skips empty lines
## stdin: a\n\nb\n
forstdin -C i sh -c "echo [$i]"

## stdout:
[a]
[b]
## status: 0

#### forstdin -C -N skips any one-byte record
## stdin: ab\n\nc
forstdin -C -N i sh -c "echo \"[$i]\""

## stdout:
[ab
]
## status: 0

#### forstdin -d splits on any of its bytes
## stdin: a b:c\nd:
forstdin -d " :" i sh -c "echo \"[$i]\""

## stdout:
[a]
[b]
[c
d]
## status: 0

#### forstdin -0 splits on NUL
## stdin: a\x00b c\x00
forstdin -0 i sh -c "echo \"[$i]\""

## stdout:
[a]
[b c]
## status: 0

#### forstdin -d "" reads netstrings
## stdin: 1:a,2:bc,0:,
forstdin -d "" i sh -c "echo \"[$i]\""

## stdout:
[a]
[bc]
[]
## status: 0

#### forstdin: a netstring cut short
## stdin: 1:a,2:b
forstdin -d "" i sh -c "echo \"[$i]\""

## stdout:
[a]
## stderr:
forstdin: fatal: unable to netstring_get: Broken pipe
## status: 111

#### forstdin: a malformed netstring
## stdin: 1:ab,
forstdin -d "" i sh -c "echo \"[$i]\""

## stderr:
forstdin: fatal: unable to netstring_get: Protocol error
## status: 111

#### forstdin: a netstring without length
## stdin: :a,
forstdin -d "" i sh -c "echo \"[$i]\""

## stderr:
forstdin: fatal: unable to netstring_get: Protocol error
## status: 111

#### forstdin: a value stops at NUL
## stdin: a\x00b\n
forstdin -N i sh -c "echo \"[$i]\""

## stdout:
[a]
## status: 0

#### forstdin exits 1 when it reads nothing
forstdin i echo x

## status: 1

#### forstdin exits 1 when everything was dropped
## stdin: x
forstdin i echo x

## status: 1

#### forstdin -E substitutes
## stdin: a\nb\n
forstdin -E i echo $i

## stdout:
a
b
## status: 0

#### forstdin -o breaks on an unlisted code
## stdin: a\nb\n
forstdin -o 0 i sh -c "echo $i; exit 1"

## stdout:
a
## status: 1

#### forstdin -x breaks on a listed code
## stdin: a\nb\n
forstdin -x 1 i sh -c "echo $i; exit 1"

## stdout:
a
## status: 1

#### forstdin -p exits 0 whatever the codes
## stdin: a\nb\n
forstdin -p -o 0 i sh -c "exit 2"

## status: 0

#### forstdin usage
forstdin i

## stderr:
forstdin: usage: forstdin [ -E | -e ] [ -p | -o okcode,okcode,... | -x breakcode,breakcode,... ] [ -N | -n ] [ -C | -c ] [ -0 | -d delim ] var command...
## status: 100

#### forstdin with a bad option
forstdin -z i echo

## stderr:
forstdin: usage: forstdin [ -E | -e ] [ -p | -o okcode,okcode,... | -x breakcode,breakcode,... ] [ -N | -n ] [ -C | -c ] [ -0 | -d delim ] var command...
## status: 100

#### forstdin with an empty variable name
forstdin "" echo

## stderr:
forstdin: fatal: invalid variable name
## status: 100

#### forstdin with = in the variable name
forstdin a=b echo

## stderr:
forstdin: fatal: invalid variable name
## status: 100

#### forstdin with a loop that cannot start
## stdin: a\n
forstdin i nonexistent-program

## stderr:
forstdin: fatal: unable to spawn nonexistent-program: No such file or directory
## status: 111

#### forstdin -P is a later option
## only: execpy
## stdin: a\nb\nc\n
forstdin -P 2 i true
## status: 0
