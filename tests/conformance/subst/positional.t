#### dollarat prints the positional parameters, one per line
## flags:
## args: a b_c
dollarat

## stdout:
a
b_c
## status: 0

#### dollarat with no argument prints nothing
## flags:
dollarat

## status: 0

#### dollarat -n drops the last delimiter
## flags:
## args: a b
dollarat -n

## stdout-repr: b'a\nb'
## status: 0

#### dollarat -0 separates with NUL
## flags:
## args: a b
dollarat -0

## stdout-repr: b'a\x00b\x00'
## status: 0

#### dollarat -d uses the first byte of its argument
## flags:
## args: a b
dollarat -d ":x"

## stdout-repr: b'a:b:'
## status: 0

#### dollarat -d "" prints netstrings and ignores -n
## flags:
## args: a bc
dollarat -n -d ""

## stdout-repr: b'1:a,2:bc,'
## status: 0

#### dollarat: the rightmost of -0 and -d wins
## flags:
## args: a b
dollarat -0 -d :

## stdout-repr: b'a:b:'
## status: 0

#### dollarat without #
## flags: -P
dollarat

## stderr:
dollarat: fatal: # not set
## status: 100

#### dollarat with a bad #
## flags:
## args: a
export "#" 1x dollarat

## stderr:
dollarat: fatal: invalid $#
## status: 100

#### dollarat with a missing parameter
## flags:
## args: a b c
unexport 2 dollarat

## stderr:
dollarat: fatal: 2 not set
## status: 100

#### dollarat writing to a full device
## flags:
## args: a
redirfd -w 1 /dev/full dollarat

## stderr:
dollarat: fatal: unable to write to stdout: No space left on device
## status: 111

#### dollarat usage
dollarat -x

## stderr:
dollarat: usage: dollarat [ -n ] [ -0 | -d delimchar ]
## status: 100

#### shift shifts one by default
## flags:
## args: a b c
shift dollarat

## stdout:
b
c
## status: 0

#### shift -n shifts n
## flags:
## args: a b c
shift -n 2 dollarat

## stdout:
c
## status: 0

#### shift -n beyond # leaves nothing
## flags:
## args: a b c
foreground { shift -n 5 dollarat }
shift -n 5 importas -i n "#" echo $n

## stdout:
0
## status: 0

#### shift -n 0 keeps everything
## flags:
## args: a b
shift -n 0 dollarat

## stdout:
a
b
## status: 0

#### shift -b shifts a block
## flags:
export "#" 5 export 1 " a" export 2 " b" export 3 "" export 4 c export 5 d
shift -b 1 dollarat

## stdout:
c
d
## status: 0

#### shift -n then -b
## flags:
export "#" 7 export 1 x export 2 " a" export 3 "" export 4 " b" export 5 "" export 6 c export 7 d
shift -n 1 -b 2 dollarat

## stdout:
c
d
## status: 0

#### shift -b with too few arguments
## flags:
## args: 1 2 3 4 5 6 7 8 9 10 11 12
shift -b 1 dollarat

## stderr:
shift: fatal: : unable to shift block : too few arguments (03)
## status: 100

#### shift -b with too few blocks
## flags:
export "#" 2 export 1 "" export 2 ""
shift -b 3 dollarat

## stderr:
shift: fatal: : unable to shift block : too few arguments (2)
## status: 100

#### shift warns in strict mode 1
## flags:
## env: EXECLINE_STRICT=1
## args: a b
shift -n 5 dollarat

## stderr:
shift: warning: unable to shift 5 arguments: got 2
## status: 0

#### shift dies in strict mode 2
## flags:
## env: EXECLINE_STRICT=2
## args: a b
shift -n 5 dollarat

## stderr:
shift: fatal: : unable to shift 5 arguments: got 2
## status: 100

#### shift warns about unquoted positionals
## flags:
## env: EXECLINE_STRICT=1
## args: a
export 1 " a" export 2 b export 3 "" export 4 c export "#" 4
shift -b 1 dollarat

## stdout:
c
## stderr:
shift: warning: unquoted positional b at block 0 position 1
## status: 0

#### shift without #
shift echo

## stderr:
shift: fatal: # not set
## status: 100

#### shift with a bad #
export "#" x shift echo

## stderr:
shift: fatal: invalid $#
## status: 100

#### shift usage
## flags:
shift -n x echo

## stderr:
shift: usage: shift [ -n arg# ] [ -b block# ] prog...
## status: 100

#### shift needs a program
## flags:
shift

## stderr:
shift: usage: shift [ -n arg# ] [ -b block# ] prog...
## status: 100

#### elgetopt sets ELGETOPT_ variables and new positionals
## flags:
## args: -a -b foo -c x y
elgetopt "ab:c"
multisubstitute {
  importas -D unset a ELGETOPT_a
  importas -D unset b ELGETOPT_b
  importas -D unset c ELGETOPT_c
  importas -D unset d ELGETOPT_d
  importas n "#"
}
foreground { echo $a $b $c $d $n }
dollarat

## stdout:
1 foo 1 unset 2
x
y
## status: 0

#### elgetopt -D, clustered flags and --
## flags:
## args: -ac -bfoo -- -x y
elgetopt -D yes "ab:c"
multisubstitute {
  importas a ELGETOPT_a
  importas b ELGETOPT_b
  importas c ELGETOPT_c
}
foreground { echo $a $b $c }
dollarat

## stdout:
yes foo yes
-x
y
## status: 0

#### elgetopt stops at a lone dash
## flags:
## args: -a - -b
elgetopt "ab"
dollarat

## stdout:
-
-b
## status: 0

#### elgetopt: an illegal option
## flags:
## args: -z x
export 0 prog
elgetopt "ab:c"
echo no

## stderr:
prog: illegal option
## status: 1

#### elgetopt: a missing argument
## flags:
## args: -b
export 0 prog
elgetopt "ab:c"
echo no

## stderr:
prog: option requires an argument
## status: 1

#### elgetopt: a leading colon reports a missing argument as ELGETOPT_:
## flags:
## args: -b
export 0 prog
elgetopt ":ab:c"
importas x ELGETOPT_:
echo $x

## stdout:
1
## stderr:
prog: option requires an argument
## status: 0

#### elgetopt pushes the previous values
## flags:
## args: -a
export ELGETOPT_a old
export ELGETOPT_a:1 older
elgetopt "ab:c"
multisubstitute {
  importas x ELGETOPT_a
  importas y ELGETOPT_a:1
  importas z ELGETOPT_a:2
}
echo $x $y $z

## stdout:
1 old older
## status: 0

#### elgetopt without #
elgetopt a echo

## stderr:
elgetopt: fatal: # not set
## status: 100

#### elgetopt with a missing parameter
## flags:
## args: a
unexport 0 elgetopt a echo

## stderr:
elgetopt: fatal: 0 not set
## status: 100

#### elgetopt usage
elgetopt a

## stderr:
elgetopt: usage: elgetopt [ -D default ] optstring prog...
## status: 100
