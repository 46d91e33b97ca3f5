#### withstdinas reads stdin, chomped
## stdin: hello\n
withstdinas X
importas X X
echo "[${X}]"

## stdout:
[hello]
## status: 0

#### withstdinas -N keeps the newline
## stdin: hello\n
withstdinas -N X
importas X X
echo "[${X}]"

## stdout:
[hello
]
## status: 0

#### withstdinas -n with an empty stdin
withstdinas -n X
importas X X
echo "[${X}]"

## stdout:
[]
## status: 0

#### withstdinas -E substitutes at once
## stdin: sub\n
withstdinas -E X echo $X

## stdout:
sub
## status: 0

#### withstdinas with a NUL keeps the start
## stdin: ab\x00cd\n
withstdinas X
importas X X
echo "[${X}]"

## stdout:
[ab]
## status: 0

#### withstdinas -i with a NUL exits 1
## stdin: ab\x00cd
withstdinas -i X echo no

## stderr:
withstdinas: fatal: stdin contained a null character
## status: 1

#### withstdinas -I with a NUL unsets
## stdin: ab\x00cd
## env: X=old
withstdinas -I X sh -c "echo \${X-unset}"

## stdout:
unset
## status: 0

#### withstdinas -D with a NUL uses the default
## stdin: ab\x00cd
withstdinas -D dflt X importas X X echo $X

## stdout:
dflt
## stderr:
withstdinas: warning: stdin contained a null character - using default instead
## status: 0

#### withstdinas invalid variable names
foreground { withstdinas "" echo no }
withstdinas a=b echo no

## stderr:
withstdinas: fatal: invalid variable name
withstdinas: fatal: invalid variable name
## status: 100

#### withstdinas with a closed stdin
fdclose 0 withstdinas X echo no

## stderr:
withstdinas: fatal: unable to slurp: Bad file descriptor
## status: 111

#### withstdinas usage errors
foreground { withstdinas }
withstdinas -q X echo

## stderr:
withstdinas: usage: withstdinas [ -i | -I | -D default ] [ -N | -n ] [ -E | -e ] var remainder...
withstdinas: usage: withstdinas [ -i | -I | -D default ] [ -N | -n ] [ -E | -e ] var remainder...
## status: 100

#### withstdinas from sh
## mode: sh
echo piped | withstdinas X sh -c 'echo "[$X]"'

## stdout:
[piped]
## status: 0
