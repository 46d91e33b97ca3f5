#### a variable over the kernel's 128 kB per-string limit: the next builtin cannot be exec'd
## setup: head -c 140000 /dev/zero | tr '\0' a > big
backtick -i X { cat big }
foreground { echo unreachable }
echo done

## stderr:
backtick: fatal: unable to exec foreground: Argument list too long
## status: 126

#### a variable just under the per-string limit passes
## setup: head -c 131000 /dev/zero | tr '\0' a > big
backtick -i X { cat big }
foreground { echo reached }
echo done

## stdout:
reached
done
## status: 0

#### the same limit on an external program: execve itself refuses
## setup: head -c 140000 /dev/zero | tr '\0' a > big
backtick -i X { cat big }
echo unreachable

## stderr:
backtick: fatal: unable to exec echo: Argument list too long
## status: 126

#### a block whose chain outgrows the limit fails alone: the parent goes on
## setup: head -c 140000 /dev/zero | tr '\0' a > big
foreground {
  backtick -i X { cat big }
  if { echo unreachable }
  echo unreachable
}
importas -u ? ?
echo parent saw $?

## stdout:
parent saw 126
## stderr:
backtick: fatal: unable to exec if: Argument list too long
## status: 0

#### the total under a small stack: a quarter of it, but never under 128 kB
## mode: sh
## setup: head -c 100000 /dev/zero | tr '\0' a > big && head -c 40000 /dev/zero | tr '\0' a > small
ulimit -S -s 256
execlineb -P -c 'backtick -i X { cat big } backtick -i Y { cat small } foreground { echo unreachable } echo done'
echo "status $?"
ulimit -S -s 1024
execlineb -P -c 'backtick -i X { cat big } backtick -i Y { cat small } foreground { echo reached } echo done'
echo "status $?"

## stdout:
status 126
reached
done
status 0
## stderr:
backtick: fatal: unable to exec foreground: Argument list too long
## status: 0

#### each step is its own exec: a later, bigger step fails where an earlier one passed
## mode: sh
## setup: head -c 100000 /dev/zero | tr '\0' a > big
ulimit -S -s 256
execlineb -P -c 'backtick -i X { cat big } foreground { echo first } backtick -i Y { cat big } foreground { echo second } echo done'
echo "status $?"

## stdout:
first
status 126
## stderr:
backtick: fatal: unable to exec foreground: Argument list too long
## status: 0

#### blocks that pipeline, background and forx start over the limit fail alone
## mode: sh
## setup: head -c 100000 /dev/zero | tr '\0' a > big
ulimit -S -s 256
for b in 'pipeline {' 'pipeline -d {' 'background {'; do
  execlineb -P -c "backtick -i X { cat big } $b backtick -i Y { cat big } if { echo unreachable } echo unreachable } echo after"
  echo "$b: status $?"
done
for b in 'forx i { 1 2 }' 'forx -p i { 1 2 }'; do
  execlineb -P -c "backtick -i X { cat big } $b backtick -i Y { cat big } if { echo unreachable } echo unreachable"
  echo "$b: status $?"
done

## stdout:
after
pipeline {: status 0
after
pipeline -d {: status 0
after
background {: status 0
forx i { 1 2 }: status 0
forx -p i { 1 2 }: status 0
## stderr:
backtick: fatal: unable to exec if: Argument list too long
backtick: fatal: unable to exec if: Argument list too long
backtick: fatal: unable to exec if: Argument list too long
backtick: fatal: unable to exec if: Argument list too long
backtick: fatal: unable to exec if: Argument list too long
backtick: fatal: unable to exec if: Argument list too long
backtick: fatal: unable to exec if: Argument list too long
## status: 0
