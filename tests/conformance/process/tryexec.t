#### tryexec execs the block
tryexec { echo first } echo second

## stdout:
first
## status: 0

#### tryexec falls back on the rest
tryexec { nonexistent-program } echo fallback

## stdout:
fallback
## status: 0

#### tryexec falls back when the program is not executable
## setup: touch notexec
tryexec { ./notexec } echo fallback

## stdout:
fallback
## status: 0

#### tryexec -n swaps the roles
tryexec -n { echo fallback } nonexistent-program

## stdout:
fallback
## status: 0

#### tryexec -n with an empty remainder
tryexec -n { echo x }

## stderr:
tryexec: fatal: empty remainder not allowed with -n
## status: 100

#### tryexec -c empties the block's environment
## env: FOO=bar
tryexec -c { /usr/bin/env } echo no

## status: 0

#### tryexec -c keeps the fallback's environment
## env: FOO=bar
tryexec -c { nonexistent-program } importas FOO FOO echo $FOO

## stdout:
bar
## status: 0

#### tryexec -a sets argv0
tryexec -a renamed { sh -c "echo \$0" } echo no

## stdout:
renamed
## status: 0

#### tryexec -l prefixes argv0 with a dash
tryexec -l { sh -c "echo \$0" } echo no

## stdout:
-sh
## status: 0

#### tryexec -l -a
tryexec -l -a name { sh -c "echo \$0" } echo no

## stdout:
-name
## status: 0

#### tryexec with a builtin block
tryexec { foreground { echo builtin } echo two } echo no

## stdout:
builtin
two
## status: 0

#### tryexec with nothing to fall back on
tryexec { nonexistent-program }

## status: 0

#### tryexec with an empty block
tryexec { } echo no

## stderr:
tryexec: fatal: empty block
## status: 100

#### tryexec with an unterminated block
tryexec echo x

## stderr:
tryexec: fatal: unterminated block
## status: 100

#### tryexec with an unknown option
tryexec -x { echo x } echo y

## stderr:
tryexec: usage: tryexec [ -n ] [ -c ] [ -l ] [ -a argv0 ] { command... } remainder...
## status: 100

#### tryexec from sh
## mode: sh
tryexec " nonexistent-program" "" echo fallback

## stdout:
fallback
## status: 0
