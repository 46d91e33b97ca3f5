#### getpid gives the pid of the chain, which the last program keeps
getpid P
importas -ui P P
sh -c "test \$\$ = \$1 && echo same" sh $P

## stdout:
same
## status: 0

#### getpid -P gives the parent's pid
getpid -P P
importas -ui P P
foreground { sh -c "test \$\$ = \$1 || echo not-own-pid" sh $P }
sh -c "test \$PPID = \$1 && echo same-parent-as-the-chain" sh $P

## stdout:
not-own-pid
same-parent-as-the-chain
## status: 0

#### getpid -p is the default
getpid -P -p P
importas -ui P P
sh -c "test \$\$ = \$1 && echo same" sh $P

## stdout:
same
## status: 0

#### getpid -E substitutes at once
getpid -E P
sh -c "test \$\$ = \$1 && echo same" sh $P

## stdout:
same
## status: 0

#### getpid -e leaves it in the environment
getpid -E -e P
sh -c "test \$\$ = \$P && echo same"

## stdout:
same
## status: 0

#### getpid invalid variable names
foreground { getpid "" echo }
getpid A=B echo

## stderr:
getpid: fatal: invalid variable name
getpid: fatal: invalid variable name
## status: 100

#### getpid at the end of a script
getpid P

## stderr:
getpid: usage: getpid [ -E | -e ] [ -P | -p ] variable prog...
## status: 100

#### getpid usage errors
foreground { getpid }
getpid -x P echo

## stderr:
getpid: usage: getpid [ -E | -e ] [ -P | -p ] variable prog...
getpid: usage: getpid [ -E | -e ] [ -P | -p ] variable prog...
## status: 100

#### getcwd gives the working directory
## setup: mkdir -p sub/dir
cd sub/dir
getcwd D
importas D D
echo $D

## stdout:
@TMP@/sub/dir
## status: 0

#### getcwd resolves symbolic links
## setup: mkdir real && ln -s real link
cd link
getcwd -E D
echo $D

## stdout:
@TMP@/real
## status: 0

#### getcwd -e is the default
getcwd -E -e D
sh -c "echo \$D"

## stdout:
@TMP@
## status: 0

#### getcwd in a removed directory
## setup: mkdir gone
cd gone
foreground { rmdir ../gone }
getcwd D echo no

## stderr:
getcwd: fatal: unable to getcwd: No such file or directory
## status: 111

#### getcwd invalid variable names
foreground { getcwd "" echo }
getcwd A=B echo

## stderr:
getcwd: fatal: invalid variable name
getcwd: fatal: invalid variable name
## status: 100

#### getcwd usage errors
foreground { getcwd }
getcwd -x D echo

## stderr:
getcwd: usage: getcwd [ -E | -e ] variable prog...
getcwd: usage: getcwd [ -E | -e ] variable prog...
## status: 100

#### homeof prints a home directory
homeof root

## stdout:
/root
## status: 0

#### homeof with an extra argument
homeof root extra

## stdout:
/root
## status: 0

#### homeof an unknown user
homeof nosuchuser-execpy

## stderr:
homeof: fatal: : unable to get passwd entry for nosuchuser-execpy: no such user
## status: 111

#### homeof usage
homeof

## stderr:
homeof: usage: homeof user
## status: 100

#### getpid from sh
## mode: sh
getpid P sh -c 'test $$ = $P && echo same'

## stdout:
same
## status: 0

#### getcwd at the end of a script
getcwd D

## stderr:
getcwd: usage: getcwd [ -E | -e ] variable prog...
## status: 100
