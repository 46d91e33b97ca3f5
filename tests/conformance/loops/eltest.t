#### eltest string tests
foreground { eltest abc }
importas a ?
foreground { eltest "" }
importas b ?
foreground { eltest -n x }
importas c ?
foreground { eltest -z x }
importas d ?
echo $a $b $c $d

## stdout:
0 1 0 1
## status: 0

#### eltest with no argument is false
eltest

## status: 1

#### eltest string comparisons
foreground { eltest a = a } importas a ?
foreground { eltest a != a } importas b ?
foreground { eltest a < b } importas c ?
foreground { eltest b <= a } importas d ?
foreground { eltest b > a } importas e ?
foreground { eltest a >= a } importas f ?
echo $a $b $c $d $e $f

## stdout:
0 1 0 1 0 0
## status: 0

#### eltest numeric comparisons
foreground { eltest 1 -eq 1 } importas a ?
foreground { eltest 1 -ne 1 } importas b ?
foreground { eltest -2 -lt 1 } importas c ?
foreground { eltest +3 -le 3 } importas d ?
foreground { eltest 007 -gt 6 } importas e ?
foreground { eltest 1abc -ge 1 } importas f ?
echo $a $b $c $d $e $f

## stdout:
0 1 0 0 0 0
## status: 0

#### eltest numbers wrap as C ints and stop before overflowing
foreground { eltest 4294967295 -eq -1 } importas a ?
foreground { eltest 99999999999 -eq 999999999 } importas b ?
foreground { eltest 2147483648 -eq -2147483648 } importas c ?
echo $a $b $c

## stdout:
0 0 0
## status: 0

#### eltest: a non-number
eltest 1 -eq x

## stderr:
eltest: fatal: -eq requires integer arguments
## status: 100

#### eltest: a lone sign is not a number
eltest - -eq 0

## stderr:
eltest: fatal: -eq requires integer arguments
## status: 100

#### eltest -a -o ! and parentheses
foreground { eltest a -a "" -o b } importas a ?
foreground { eltest a -a ( "" -o "" ) } importas b ?
foreground { eltest ! ! a } importas c ?
foreground { eltest ( a = a ) -a ! ( -z "" ) } importas d ?
foreground { eltest 1 -lt 2 -a 3 -gt 4 -o 1 } importas e ?
echo $a $b $c $d $e

## stdout:
0 1 0 1 0
## status: 0

#### eltest: a backslash makes an operator data
eltest \\-n = \\-n

## status: 0

#### eltest =~ matches an extended regex anywhere
foreground { eltest abc =~ b } importas a ?
foreground { eltest abc =~ ^b } importas b ?
foreground { eltest "a\nb" =~ "a.b" } importas c ?
foreground { eltest abc =~ "^(a|x)b" } importas d ?
echo $a $b $c $d

## stdout:
0 1 0 0
## status: 0

#### eltest =~ with a pattern of ordinary characters (s6-overlay's /init: a substring)
foreground { eltest :/usr/bin:/bin: =~ :/bin: } importas a ?
foreground { eltest :/usr/bin: =~ :/bin: } importas b ?
foreground { eltest "a b\tc" =~ "b\tc" } importas c ?
foreground { eltest "x-y,z" =~ "-y,z" } importas d ?
foreground { eltest xyz =~ "" } importas e ?
foreground { eltest xyz =~ "yz " } importas f ?
echo $a $b $c $d $e $f

## stdout:
0 1 0 0 0 1
## status: 0

#### eltest =~ with a bad regex
eltest x =~ "a("

## stderr:
eltest: fatal: : unable to compile a( into a regular expression: Unmatched ( or \(
## status: 100

#### eltest file tests
## setup: mkdir d && touch f && ln -s f l && mkfifo p && chmod 4755 f && touch -d 2000-01-01 old
foreground { eltest -d d -a -f f -a -h l -a -L l -a -p p -a -e f } importas a ?
foreground { eltest -f d -o -d f -o -h f -o -e nothing } importas b ?
foreground { eltest -u f -a ! -g f -a ! -k f -a -r f -a -w f -a -x f } importas c ?
foreground { eltest -s f } importas d ?
foreground { eltest f -nt old -a old -ot f -a f -ef l -a ! f -ef d } importas e ?
foreground { eltest -O f -a -U f -a -G f -a ! -S f -a ! -b f -a ! -c f } importas f ?
foreground { eltest -c /dev/null } importas g ?
echo $a $b $c $d $e $f $g

## stdout:
0 1 0 1 0 0 0
## status: 0

#### eltest -nt -ot -ef with missing files
## setup: touch f
foreground { eltest nothing -nt f } importas a ?
foreground { eltest f -nt nothing } importas b ?
foreground { eltest nothing -ot f } importas c ?
foreground { eltest f -ef nothing } importas d ?
echo $a $b $c $d

## stdout:
1 0 0 0
## status: 0

#### eltest -v
## env: V=
foreground { eltest -v V } importas a ?
foreground { eltest -v W } importas b ?
echo $a $b

## stdout:
0 1
## status: 0

#### eltest -t
foreground { eltest -t 0 } importas a ?
foreground { eltest -t 99 } importas b ?
echo $a $b

## stdout:
1 1
## status: 0

#### eltest -t needs a number
eltest -t x

## stderr:
eltest: fatal: -t requires an integer argument
## status: 100

#### eltest: an operator where data was expected
eltest -n = -n

## stderr:
eltest: fatal: parse error at argument 1
## status: 100

#### eltest: a unary operator without argument
eltest -n

## stderr:
eltest: fatal: parse error at argument 1
## status: 100

#### eltest: two words
eltest a b

## stderr:
eltest: fatal: parse error at argument 1
## status: 100

#### eltest: an unclosed parenthesis
eltest ( a

## stderr:
eltest: fatal: parse error: too many left parentheses
## status: 100

#### eltest: a stray parenthesis
eltest a )

## stderr:
eltest: fatal: parse error: bad right parenthesis at argument 2
## status: 100

#### eltest: nested unclosed parentheses
eltest ( ( a )

## stderr:
eltest: fatal: parse error: too many left parentheses
## status: 100

#### eltest: a binary operator chain
eltest a = b = c

## stderr:
eltest: fatal: parse error: too many left parentheses
## status: 100

#### eltest: a dangling -o
eltest 1 -eq 1 -o

## stderr:
eltest: fatal: parse error at argument 4
## status: 100

#### eltest: a lone !
eltest !

## stderr:
eltest: fatal: parse error at argument 1
## status: 100

#### s6-test is eltest under its old name
## only: execpy
foreground { s6-test 1 -ne 0 } importas a ?
foreground { s6-test abc =~ ^a -a -n x } importas b ?
echo $a $b
## stdout:
0 0
## status: 0

#### s6-test messages
## only: execpy
s6-test ( a
## stderr:
s6-test: fatal: parse error: too many left parentheses
## status: 100

#### eltest forms from s6-overlay 3
## env: X=1 N=
foreground { eltest -n ${X} -a ${X} -eq 0 } importas a ?
foreground { eltest ${X} -ge 1 } importas b ?
foreground { eltest -n ${N} } importas c ?
foreground { eltest "ab" =~ "^[a-z]+$" } importas d ?
echo $a $b $c $d

## stdout:
100 100 0 0
## stderr:
eltest: fatal: -eq requires integer arguments
eltest: fatal: -ge requires integer arguments
## status: 0
