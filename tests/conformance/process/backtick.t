#### backtick captures output, chomped by default
backtick X { echo hello }
importas X X
echo "[${X}]"

## stdout:
[hello]
## status: 0

#### backtick -N keeps the newline
backtick -N X { echo hello }
importas X X
echo "[${X}]"

## stdout:
[hello
]
## status: 0

#### backtick -n chomps one newline only
backtick -n X { printf "a\n\n" }
importas X X
echo "[${X}]"

## stdout:
[a
]
## status: 0

#### backtick -E substitutes at once
backtick -E X { echo substituted }
echo $X

## stdout:
substituted
## status: 0

#### backtick -e is the default
backtick -E -e X { echo v }
importas X X
echo $X

## stdout:
v
## status: 0

#### backtick -i dies when the block fails
backtick X { sh -c "echo out; exit 3" } echo no

## stderr:
backtick: fatal: child process exited non-zero
## status: 3

#### backtick -i reports a crash
backtick X { sh -c "kill \$\$" } echo no

## stderr:
backtick: fatal: child process crashed
## status: 143

#### backtick relays an exit code of 128 or more as 128
backtick X { sh -c "exit 200" } echo no

## stderr:
backtick: fatal: child process exited non-zero
## status: 128

#### backtick -I keeps the output of a failed block
backtick -I X { sh -c "echo partial; exit 1" }
importas X X
echo "[${X}]"

## stdout:
[partial]
## status: 0

#### backtick -x unsets the variable on failure
## env: X=old
backtick -x X { false }
sh -c "echo \${X-unset}"

## stdout:
unset
## status: 0

#### backtick -D sets a default on failure
backtick -D dflt X { false }
importas X X
echo $X

## stdout:
dflt
## status: 0

#### backtick -D does not chomp the default
backtick -N -D "d
" X { false }
importas X X
echo "[${X}]"

## stdout:
[d
]
## status: 0

#### backtick with a NUL in the output dies with 124
backtick X { printf "a\\000b" } echo no

## stderr:
backtick: fatal: child process output contained a null character
## status: 124

#### backtick -I with a NUL keeps the start
backtick -I X { printf "ab\\000cd\n" }
importas X X
echo "[${X}]"

## stdout:
[ab]
## status: 0

#### backtick -D with a NUL warns and uses the default
backtick -D dd X { printf "a\\000b" }
importas X X
echo $X

## stdout:
dd
## stderr:
backtick: warning: child process output contained a null character
## status: 0

#### backtick -x with a NUL unsets and warns
## env: X=old
backtick -x X { printf "a\\000b" }
sh -c "echo \${X-unset}"

## stdout:
unset
## stderr:
backtick: warning: child process output contained a null character
## status: 0

#### backtick -I on failure with a NUL and a final newline
backtick -I X { sh -c "printf 'a\\n\\000b\\n'; exit 1" }
importas X X
echo "[${X}]"

## stdout:
[a
]
## status: 0

#### backtick with a builtin block
backtick X { foreground { echo one } echo two }
importas X X
echo "[${X}]"

## stdout:
[one
two]
## status: 0

#### backtick with a missing program
backtick X { nonexistent-program } echo no

## stderr:
backtick: fatal: unable to spawn nonexistent-program: No such file or directory
## status: 111

#### backtick invalid variable names
foreground { backtick "" { echo } echo no }
backtick A=B { echo } echo no

## stderr:
backtick: fatal: invalid variable name
backtick: fatal: invalid variable name
## status: 100

#### backtick with an empty block
backtick X { } echo no

## stderr:
backtick: fatal: empty block
## status: 100

#### backtick with an unterminated block
backtick X echo x

## stderr:
backtick: fatal: unterminated block
## status: 100

#### backtick at the end of the script
backtick X { echo x }

## status: 0

#### backtick usage errors
foreground { backtick X }
backtick -q X { echo } echo

## stderr:
backtick: usage: backtick [ -i | -I | -x | -D default ] [ -N | -n ] [ -E | -e ] var { prog... } remainder...
backtick: usage: backtick [ -i | -I | -x | -D default ] [ -N | -n ] [ -E | -e ] var { prog... } remainder...
## status: 100

#### backtick from sh
## mode: sh
backtick X " echo" " hi" "" sh -c 'echo $X'

## stdout:
hi
## status: 0

#### backtick of one command that only tests or exits (execpy: in place, into a memory file)
backtick -I Y { eltest -z x }
importas Y Y
foreground { backtick W { exit 3 } echo no }
importas r ?
echo "[${Y}] ${r}"

## stdout:
[] 3
## stderr:
backtick: fatal: child process exited non-zero
## status: 0

#### backtick of one command that only prints (s6-portable-utils, not in Debian)
## only: execpy
backtick -I X { s6-echo -- "a b" }
importas X X
backtick -N Z { s6-echo -n -- hi }
importas Z Z
foreground { fdclose 1 backtick -I V { s6-echo -- c } importas V V fdmove -c 1 2 s6-echo -- "[${V}]" }
echo "[${X}] [${Z}]"

## stdout:
[a b] [hi]
## stderr:
[c]
## status: 0
