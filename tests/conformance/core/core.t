#### foreground sets ? and goes on
foreground { /bin/sh -c "exit 3" }
importas ? ?
echo $?

## stdout:
3
## status: 0

#### foreground reports a signal as 256+n
foreground { /bin/sh -c "kill \$\$" }
importas ? ?
echo $?

## stdout:
271
## status: 0

#### foreground warns when the block cannot start
foreground { nonexistent-program }
importas ? ?
echo $?

## stdout:
127
## stderr:
foreground: warning: unable to spawn nonexistent-program: No such file or directory
## status: 0

#### if stops on failure with the code
if { /bin/sh -c "exit 5" }
echo not reached
## status: 5

#### if relays a crash
if { /bin/sh -c "kill -9 \$\$" } echo no

## stderr:
if: fatal: child crashed with signal 9
## status: 137

#### if -n negates, -x sets the code
foreground { if -n { false } echo negated }
if -x 9 { false } echo no

## stdout:
negated
## status: 9

#### if -t exits 0
if -t { false } echo no

## status: 0

#### strict mode warns about unquoted block words
## env: EXECLINE_STRICT=1
foreground echo a "" echo b

## stdout:
a
b
## stderr:
foreground: warning: unquoted argument echo at block 1 position 0
foreground: warning: unquoted argument a at block 1 position 1
## status: 0

#### strict mode 2 dies
## env: EXECLINE_STRICT=2
foreground echo a "" echo b

## stderr:
foreground: fatal: unquoted argument echo at block 1 position 0
## status: 100

#### unterminated block
foreground { echo a

## stderr:
execlineb: fatal: unmatched {
## status: 100

#### define and the backslash rule
define A val
foreground { echo $A \\$A \\\\$A \\\\\\$A \\\\\\\\$A \\\\\\\\\\$A }
echo $B \\$B \\\\$B \\\\\\$B \\\\\\\\$B \\\\\\\\\\$B

## stdout:
val $A \val \$A \\val \\$A
$B \$B \\$B \\\$B \\\\$B \\\\\$B
## status: 0

#### define -s splits, cartesian products
define -s B "1 2 3" echo ${B}x${B}

## stdout:
1x1 1x2 1x3 2x1 2x2 2x3 3x1 3x2 3x3
## status: 0

#### multisubstitute is parallel
multisubstitute
{
  define -s A "a b c d"
  define -s B "1 2 3"
}
echo ${A}x${B}

## stdout:
ax1 ax2 ax3 bx1 bx2 bx3 cx1 cx2 cx3 dx1 dx2 dx3
## status: 0

#### multisubstitute does not substitute serially
export A wrong
multisubstitute
{
  define B ${A}
  importas A A
}
echo ${B}

## stdout:
${A}
## status: 0

#### unbraced names run to a special byte
define A x
define AB y
echo $A-z $AB ${A}B $A$A ${A

## stdout:
$A-z y xB xx ${A
## status: 0

#### importas with -D, -i and no value
## env: SET=v
importas -D def X UNSET
importas Y SET
importas Z UNSET2
echo $X $Y a${Z}b c

## stdout:
def v c
## status: 0

#### importas -i dies when unset
importas -i X UNSET echo $X

## stderr:
importas: fatal: UNSET not set
## status: 100

#### importas -u removes the variable
## env: V=1
importas -u X V
/bin/sh -c "echo \${V-gone}"

## stdout:
gone
## status: 0

#### netstring splitting
define -s -d "" A "1:a,2:bb,0:,7:xyz 123,1: ,"
/bin/sh -c "for a; do echo \"[\$a]\"; done" x $A

## stdout:
[a]
[bb]
[]
[xyz 123]
[ ]
## status: 0

#### bad netstring
define -s -d "" A "1:a,2:b" echo $A

## stderr:
define: fatal: unable to complete exlsn function: Invalid argument
## status: 111

#### crunch and chomp
define -sCn A "a  b   c  " /bin/sh -c "echo \$#" x $A

## stdout:
3
## status: 0

#### a substitution to no words removes the word
define -s A "" echo x${A}y z

## stdout:
z
## status: 0

#### bad key
define "" x echo

## stderr:
define: fatal: bad substitution key
## status: 111

#### directive errors in multisubstitute
multisubstitute { define A a define A b } echo $A

## stderr:
multisubstitute: fatal: wrong key for directive define
## status: 100

#### unknown directive
multisubstitute { foo A a } echo $A

## stderr:
multisubstitute: fatal: syntax error: unrecognized directive foo
## status: 100

#### elgetpositionals
## flags:
## args: p q
elgetpositionals echo $# $0 $1 $2 :: $@

## stdout:
2 @TMP@/script p q :: p q
## status: 0

#### exit codes
foreground { exit 300 }
importas ? ?
foreground { echo $? }
exit abc

## stdout:
44
## stderr:
exit: usage: exit [ exitcode ]
## status: 100

#### export and unexport
## env: GONE=1
export NEW x
unexport GONE
/bin/sh -c "echo \$NEW \${GONE-unset}"

## stdout:
x unset
## status: 0

#### exec -a and -l
foreground { exec -a foo /bin/sh -c "echo \$0" }
exec -l /bin/sh -c "echo \$0"

## stdout:
foo
-/bin/sh
## status: 0

#### exec -c clears the environment
## env: X=1
exec -c /usr/bin/env

## status: 0

#### EXECPY_TRACE shows every step with its blocks
## only: execpy
## env: EXECPY_TRACE=1
define A x
foreground { if { true } echo $A }
multisubstitute { define B "b c" }
echo $B
## stdout:
x
b c
## stderr:
+ @EXECLINEB@ -P @TMP@/script
+ define A x foreground { if { true } echo $A } multisubstitute { define B 'b c' } echo $B
+ foreground { if { true } echo x } multisubstitute { define B 'b c' } echo $B
+ if { true } echo x
+ true
+ echo x
+ multisubstitute { define B 'b c' } echo $B
+ echo 'b c'
## status: 0

#### EXECPY_LOCATE places a syntax error
## only: execpy
## env: EXECPY_LOCATE=1
echo a
echo "\08"
## stderr:
execlineb: fatal: syntax error
execlineb: info: at @TMP@/script line 2 column 9:
  echo "\08"
          ^
## status: 100

#### variable names with = are refused, an empty name is allowed
## mode: sh
env export a=b c true; echo $?
env unexport a=b true; echo $?
env export "" x /usr/bin/env | grep -a "^="

## stdout:
100
100
=x
## stderr:
export: fatal: invalid variable name: a=b
unexport: fatal: invalid variable name: a=b
## status: 0

#### empty program names and argv[0]
## mode: sh
env exec ""; echo $?
env exec -a "" sh -c 'echo "[$0]"'
env foreground "" "" true; echo $?

## stdout:
126
[]
126
## stderr:
exec: fatal: unable to exec : Permission denied
foreground: fatal: unable to exec : Permission denied
## status: 0

#### fd numbers beyond an unsigned int, and beyond an int
## mode: sh
fdclose 4294967297 true; echo $?
fdmove 99999999999 1 true; echo $?
fdblock 2147483648 true; echo $?

## stdout:
100
100
111
## stderr:
fdclose: usage: fdclose fd prog...
fdmove: usage: fdmove [ -c ] to from prog...
fdblock: fatal: unable to ndelay_off: Bad file descriptor
## status: 0
