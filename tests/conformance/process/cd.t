#### cd changes directory
## setup: mkdir d
cd d
getcwd -E D
echo $D

## stdout:
@TMP@/d
## status: 0

#### cd prints as execline-cd
cd nonexistent echo no

## stderr:
execline-cd: fatal: unable to chdir to nonexistent: No such file or directory
## status: 111

#### cd usage
foreground { cd / }
cd

## stderr:
execline-cd: usage: cd path prog...
execline-cd: usage: cd path prog...
## status: 100

#### execline-cd changes directory
execline-cd / pwd

## stdout:
/
## status: 0

#### execline-cd to a file
## setup: touch f
execline-cd f echo no

## stderr:
execline-cd: fatal: unable to chdir to f: Not a directory
## status: 111

#### execline-cd does not touch PWD
## env: PWD=/nowhere
execline-cd / importas P PWD echo $P

## stdout:
/nowhere
## status: 0

#### cd from sh
## mode: sh
exec cd / pwd

## stdout:
/
## status: 0

#### posix-cd changes directory and sets PWD and OLDPWD
## setup: mkdir -p a/b
importas -i T CASETMP
export PWD $T
posix-cd a/b
multisubstitute { importas P PWD importas O OLDPWD }
getcwd -E D
echo $P $O $D

## stdout:
@TMP@/a/b @TMP@ @TMP@/a/b
## status: 0

#### posix-cd -L keeps symbolic links in PWD
## setup: mkdir real && ln -s real link
posix-cd -L /tmp
posix-cd -L /tmp/../tmp/./
importas P PWD
echo $P

## stdout:
/tmp
## status: 0

#### posix-cd -P resolves symbolic links
## setup: mkdir real && ln -s real link
posix-cd -P link
importas P PWD
getcwd -E D
echo $D

## stdout:
@TMP@/real
## status: 0

#### posix-cd - goes to OLDPWD and prints it
## env: OLDPWD=/usr PWD=/tmp
posix-cd -
importas P PWD
echo PWD=$P

## stdout:
/usr
PWD=/usr
## status: 0

#### posix-cd -P - prints the physical path
## env: OLDPWD=/usr PWD=/tmp
posix-cd -P - echo done

## stdout:
/usr
done
## status: 0

#### posix-cd - without OLDPWD
posix-cd - echo no

## stderr:
posix-cd: usage: posix-cd [ -L | -P ] [ - | path ] [ prog... ]
## status: 100

#### posix-cd uses CDPATH and prints the result
## env: CDPATH=/nonexistent:/usr
posix-cd share echo done

## stdout:
/usr/share
done
## status: 0

#### posix-cd with an empty CDPATH entry means the current directory
## setup: mkdir here
## env: CDPATH=:/usr
importas -i T CASETMP
export PWD $T
posix-cd here echo done

## stdout:
@TMP@/here
done
## status: 0

#### posix-cd ignores CDPATH for ./ paths
## setup: mkdir share
## env: CDPATH=/usr
importas -i T CASETMP
export PWD $T
posix-cd ./share getcwd -E D echo $D

## stdout:
@TMP@/share
## status: 0

#### posix-cd without arguments goes HOME
## env: HOME=/usr
posix-cd

## status: 0

#### posix-cd without arguments and no HOME
posix-cd

## stderr:
posix-cd: usage: posix-cd [ -L | -P ] [ - | path ] [ prog... ]
## status: 100

#### posix-cd with an empty operand
posix-cd "" echo no

## stderr:
posix-cd: usage: posix-cd [ -L | -P ] [ - | path ] [ prog... ]
## status: 100

#### posix-cd .. in a missing directory
## env: PWD=/tmp
posix-cd /nonexistent/../usr echo no

## stderr:
posix-cd: fatal: unable to canonicalize /nonexistent/../usr: problem with /nonexistent: No such file or directory
## status: 111

#### posix-cd to a missing directory
## env: PWD=/tmp
posix-cd /nonexistent echo no

## stderr:
posix-cd: fatal: unable to chdir to /nonexistent: No such file or directory
## status: 111

#### posix-cd relative without PWD
posix-cd nonexistent echo no

## stderr:
posix-cd: fatal: unable to chdir to nonexistent: No such file or directory
## status: 111

#### posix-cd relative with PWD
## setup: mkdir -p x/y
importas -i T CASETMP
export PWD $T
posix-cd x/y/../y/.
importas P PWD
echo $P

## stdout:
@TMP@/x/y
## status: 0

#### posix-cd -L into a symbolic link then ..
## setup: mkdir -p real/sub && ln -s real/sub link
importas -i T CASETMP
export PWD $T
posix-cd link/..
importas P PWD
getcwd -E D
echo $P $D

## stdout:
@TMP@ @TMP@
## status: 0

#### posix-cd to / 
## env: PWD=/tmp
posix-cd /
importas P PWD
echo $P

## stdout:
/
## status: 0

#### posix-cd with dotdot at the root
## env: PWD=/tmp
posix-cd /../../usr//share/
importas P PWD
echo $P

## stdout:
/usr/share
## status: 0

#### posix-cd with an unknown option
posix-cd -x / echo no

## stderr:
posix-cd: usage: posix-cd [ -L | -P ] [ - | path ] [ prog... ]
## status: 100

#### posix-cd from sh
## mode: sh
cd /tmp && PWD=/tmp OLDPWD=/usr posix-cd - sh -c 'echo $PWD $OLDPWD'

## stdout:
/usr
/usr /tmp
## status: 0
