#### case runs the first matching block
case abc { "x" { echo x } "a.c" { echo abc } "a.*" { echo other } } echo default

## stdout:
abc
## status: 0

#### case runs the default when nothing matches
case abc { "x" { echo x } } echo default

## stdout:
default
## status: 0

#### case with no default exits 0
case abc { "x" { echo x } }

## status: 0

#### case anchors the regex at both ends only
foreground { case abc { "a|x" { echo yes } } echo no }
case abc { "b" { echo yes } } echo no

## stdout:
yes
no
## status: 0

#### case matches at newlines inside the value
case "foo\nbar" { "bar" { echo yes } } echo no

## stdout:
yes
## status: 0

#### case -i
case -i ABC { "abc" { echo yes } } echo no

## stdout:
yes
## status: 0

#### case -e uses basic regular expressions
foreground { case -e "a+" { "a+" { echo bre } } echo no }
case -e "aa" { "a\\{2\\}" { echo interval } } echo no

## stdout:
bre
interval
## status: 0

#### case -E is the default
case -e -E "aa" { "a{2}" { echo ere } } echo no

## stdout:
ere
## status: 0

#### case -N exports the subexpressions
case -N foooobarbaz { "([fo]+)bar(baz)" {
  multisubstitute { importas n "#" importas z 0 importas a 1 importas b 2 }
  echo $n $z $a $b
} }

## stdout:
2 ([fo]+)bar(baz) foooo baz
## status: 0

#### case -N with an unmatched subexpression
case -N ab { "(x)?(a)(b)" {
  multisubstitute { importas n "#" importas a 1 importas b 2 importas c 3 }
  echo $n [$a] $b $c
} }

## stdout:
3 [$a] a b
## status: 0

#### case -N with no subexpression
case -N abc { "abc" { multisubstitute { importas n "#" importas z 0 } echo $n $z } }

## stdout:
0 abc
## status: 0

#### case -n does not export
export 1 old
case -N -n abc { "(a)bc" { importas one 1 echo $one } }

## stdout:
old
## status: 0

#### case -s uses shell patterns
case -s abc { "a*" { echo yes } } echo no

## stdout:
yes
## status: 0

#### case -s: a leading period is matched by * unless -i
foreground { case -s .abc { "*abc" { echo yes } } echo no }
case -s -i .abc { "*abc" { echo yes } } echo no

## stdout:
yes
no
## status: 0

#### case -s: -N makes slashes special
foreground { case -s a/c { "a*c" { echo yes } } echo no }
case -s -N a/c { "a*c" { echo yes } } echo no

## stdout:
yes
no
## status: 0

#### case -s: backslash escapes unless -e
foreground { case -s "a*" { "a\\*" { echo yes } } echo no }
case -s -e "a\\b" { "a\\b" { echo yes } } echo no

## stdout:
yes
yes
## status: 0

#### case -s: an unclosed bracket is literal
case -s "a[" { "a[" { echo yes } } echo no

## stdout:
yes
## status: 0

#### case with an invalid regex names the block's first word
case abc { "(" { echo yes } } echo no

## stderr:
case: fatal: : unable to regcomp "^echo$": Unmatched ( or \(
## status: 100

#### case with an invalid regex and an empty block
case abc { "a{1" { } } echo no

## stderr:
case: fatal: : unable to regcomp "^$": Unmatched \{
## status: 100

#### case with a malformed block
case abc { "a" { echo yes } b } echo no

## stderr:
case: fatal: malformed case block
## status: 100

#### case with a regex and no block
case abc { "a" } echo no

## stderr:
case: fatal: malformed case block
## status: 100

#### case with an unterminated regex block
case abc { "a" echo yes } echo no

## stderr:
case: fatal: unterminated regex block
## status: 100

#### case with an unterminated case block
## flags: -P
case abc " a"

## stderr:
case: fatal: unterminated case block
## status: 100

#### case usage
case abc

## stderr:
case: usage: case [ -s | -S ] [ -e | -E ] [ -n | -N ] [ -i ] value { re1 { prog1... } re2 { prog2... } ... } progdefault... 
## status: 100

#### case with a bad option
case -x a { } echo

## stderr:
case: usage: case [ -s | -S ] [ -e | -E ] [ -n | -N ] [ -i ] value { re1 { prog1... } re2 { prog2... } ... } progdefault... 
## status: 100

#### case: options end at --
case -- -a { "-a" { echo a } }

## stdout:
a
## status: 0
