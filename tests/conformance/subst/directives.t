#### multidefine splits a value over several keys
multidefine "a b c" { X Y Z } echo [${X}] [${Y}] [${Z}]

## stdout:
[a] [b] [c]
## status: 0

#### multidefine: missing words are empty
multidefine "a b" { X Y Z } echo [${X}] [${Y}] [${Z}]

## stdout:
[a] [b] []
## status: 0

#### multidefine -0: missing words are no word
multidefine -0 "a b" { X Y Z } echo [${X}] [${Y}] [${Z}]

## stdout:
[a] [b]
## status: 0

#### multidefine: extra words are lost
multidefine "a b c d" { X Y } echo [${X}] [${Y}]

## stdout:
[a] [b]
## status: 0

#### multidefine -r: the last key takes the rest
multidefine -r "a b c d" { X Y } echo [${X}] [${Y}]

## stdout:
[a] [b] [c] [d]
## status: 0

#### multidefine -r when the last key is empty
multidefine -r "a b c d" { X "" } echo [${X}] [${Y}]

## stdout:
[a] [b] [c] [${Y}]
## status: 0

#### multidefine -r with fewer words
multidefine -r "a" { X Y } echo [${X}] [${Y}]

## stdout:
[a] []
## status: 0

#### multidefine: an empty key skips a word
multidefine "a b c" { X "" Z } echo [${X}] [${Z}]

## stdout:
[a] [c]
## status: 0

#### multidefine -d
multidefine -d : "a:b::c" { X Y Z W } echo [${X}] [${Y}] [${Z}] [${W}]

## stdout:
[a] [b] [] [c]
## status: 0

#### multidefine -C crunches delimiters
multidefine -C -d : "a:b::c" { X Y Z W } echo [${X}] [${Y}] [${Z}] [${W}]

## stdout:
[a] [b] [c] []
## status: 0

#### multidefine -n chomps
multidefine -n "a b " { X Y Z } echo [${X}] [${Y}] [${Z}]

## stdout:
[a] [b] []
## status: 0

#### multidefine -N does not chomp
multidefine -N "a b " { X Y Z } echo [${X}] [${Y}] [${Z}]

## stdout:
[a] [b] []
## status: 0

#### multidefine with netstrings
multidefine -d "" "1:a,2:bc," { X Y } echo [${X}] [${Y}]

## stdout:
[a] [bc]
## status: 0

#### multidefine with a bad netstring
multidefine -d "" "1:a,2:bc" { X Y } echo [${X}] [${Y}]

## stderr:
multidefine: fatal: unable to complete exlsn function: Invalid argument
## status: 111

#### multidefine with an empty value
multidefine "" { X Y } echo [${X}] [${Y}]

## stdout:
[] []
## status: 0

#### multidefine with an empty block
multidefine "a b" { } echo

## stderr:
multidefine: fatal: empty block
## status: 100

#### multidefine with a duplicate key
multidefine "a b" { X X } echo

## stderr:
multidefine: fatal: bad substitution key
## status: 111

#### multidefine with no program
multidefine "a b" { X }

## status: 0

#### multidefine usage
multidefine "a b"

## stderr:
multidefine: usage: multidefine [ -0 ] [ -r ] [ -N | -n ] [ -C | -c ] [ -d delim ] value { vars... } prog...
## status: 100

#### multidefine with a bad option
multidefine -x a { b } echo

## stderr:
multidefine: usage: multidefine [ -0 ] [ -r ] [ -N | -n ] [ -C | -c ] [ -d delim ] value { vars... } prog...
## status: 100

#### multidefine in strict mode
## env: EXECLINE_STRICT=1
multidefine "a b" X "" echo ${X}

## stdout:
a
## stderr:
multidefine: warning: unquoted argument X at block 1 position 0
## status: 0

#### multisubstitute with multidefine
multisubstitute { multidefine "a b" { X Y } define Z z } echo $X $Y $Z

## stdout:
a b z
## status: 0

#### multisubstitute: multidefine with an empty block
multisubstitute { multidefine "a b" { } } echo

## stderr:
multisubstitute: fatal: unknown error with directive multidefine
## status: 111

#### multisubstitute: multidefine with a duplicate key
multisubstitute { define X x multidefine "a b" { Y X } } echo

## stderr:
multisubstitute: fatal: wrong key for directive multidefine
## status: 100

#### multisubstitute: multidefine with a bad netstring
multisubstitute { multidefine -d "" "1:a,2:bc" { X Y } } echo

## stderr:
multisubstitute: fatal: unable to run directive multidefine: Invalid argument
## status: 111

#### multisubstitute: multidefine without block
multisubstitute { multidefine "a b" } echo

## stderr:
multisubstitute: fatal: syntax error at directive multidefine
## status: 100

#### elglob, sorted
## setup: mkdir -p g/d && touch g/b g/a g/c g/.h
elglob -s X g/* echo $X

## stdout:
g/a g/b g/c g/d
## status: 0

#### elglob -m marks directories
## setup: mkdir -p g/d && touch g/b g/a g/c
elglob -sm X g/* echo $X

## stdout:
g/a g/b g/c g/d/
## status: 0

#### elglob: no match keeps the pattern
elglob X g/z* echo a $X b

## stdout:
a g/z* b
## status: 0

#### elglob -0: no match is no word
elglob -0 X g/z* echo a $X b

## stdout:
a b
## status: 0

#### elglob: one star in the last component (s6-overlay's preinit: /run/s6-rc*)
## setup: mkdir -p g/s6-rcd && touch g/s6-rc g/s6-rc-x g/.s6-rc g/abc g/xbc
foreground { elglob -0 X g/s6-rc-* echo 1 $X }
foreground { elglob -s X g/s6-rc* echo 2 $X }
foreground { elglob -s X g/*bc echo 3 $X }
foreground { elglob -0 X g/q* echo 4 $X }
foreground { elglob -0 X nodir/s6-rc* echo 5 $X }
foreground { elglob X g/abc/x* echo 6 $X }
elglob -s X g/s6-rcd* echo 7 $X

## stdout:
1 g/s6-rc-x
2 g/s6-rc g/s6-rc-x g/s6-rcd
3 g/abc g/xbc
4
5
6 g/abc/x*
7 g/s6-rcd
## status: 0

#### elglob: a backslash escapes
## setup: mkdir g && touch "g/*" g/a
elglob -s X g/\\* echo $X

## stdout:
g/*
## status: 0

#### elglob -e: a backslash is literal
## setup: mkdir g && touch "g/*" g/a
elglob -s -e X g/\\* echo $X

## stdout:
g/\*
## status: 0

#### elglob: brackets and question marks
## setup: mkdir g && touch g/a g/b g/c g/ab
foreground { elglob -s X "g/[ab]" echo $X }
foreground { elglob -s X "g/[!ab]" echo $X }
elglob -s X "g/?" echo $X

## stdout:
g/a g/b
g/c
g/a g/b g/c
## status: 0

#### elglob: hidden files need a dot
## setup: mkdir g && touch g/a g/.h
elglob -s X "g/.*" echo $X

## stdout:
g/. g/.. g/.h
## status: 0

#### elglob: an empty pattern
elglob X "" echo a $X b

## stdout:
a  b
## status: 0

#### elglob with an empty key
elglob "" x echo

## stderr:
elglob: fatal: bad substitution key
## status: 111

#### elglob usage
elglob X

## stderr:
elglob: usage: elglob [ -v ] [ -w ] [ -s ] [ -m ] [ -e ] [ -0 ] key pattern prog...
## status: 100

#### elglob with a bad option
elglob -x X a echo

## stderr:
elglob: usage: elglob [ -v ] [ -w ] [ -s ] [ -m ] [ -e ] [ -0 ] key pattern prog...
## status: 100

#### multisubstitute with elglob
## setup: mkdir g && touch g/a g/b
multisubstitute { elglob -s X g/* define Y y } echo $X $Y

## stdout:
g/a g/b y
## status: 0

#### multisubstitute: elglob with a duplicate key
multisubstitute { elglob -s X g/* elglob -s X g/* } echo $X

## stderr:
multisubstitute: fatal: wrong key for directive elglob
## status: 100

#### multisubstitute: elglob syntax error
multisubstitute { elglob X } echo $X

## stderr:
multisubstitute: fatal: syntax error at directive elglob
## status: 100

#### multisubstitute: elglob with an empty key
multisubstitute { elglob "" x } echo

## stderr:
multisubstitute: fatal: wrong key for directive elglob
## status: 100

#### import: the legacy form of importas VAR VAR
## only: execpy
## env: V=a_b
import V echo $V
## stdout:
a_b
## status: 0

#### import -D and -s
## only: execpy
## env: V=a:b
foreground { import -D dflt U echo $U }
import -s -d : V echo [${V}]
## stdout:
dflt
[a] [b]
## status: 0

#### import -i insists
## only: execpy
import -i U echo $U
## stderr:
import: fatal: U not set
## status: 100

#### import -u unexports
## only: execpy
## env: V=x
import -u V if -n { eltest -v V } echo $V
## stdout:
x
## status: 0

#### import usage
## only: execpy
import
## stderr:
import: usage: import [ -i | -D default ] [ -u ] [ -N | -n ] [ -s ] [ -C | -c ] [ -d delim ] var prog...
## status: 100

#### multisubstitute with import
## only: execpy
## env: V=v
multisubstitute { import V define W w } echo $V $W
## stdout:
v w
## status: 0

#### later execline forms: importas -sCd with a tab, importas -usC
## env: V=a__b
foreground { importas -sCd" \t_" V V echo [${V}] }
importas -usC T V echo [${T}]

## stdout:
[a] [b]
[a__b]
## status: 0
