#### s6-fghack relays the exit code
s6-fghack /bin/sh -c "exit 3"

## status: 3

#### s6-fghack exit code above 128 is kept
s6-fghack /bin/sh -c "exit 200"

## status: 200

#### s6-fghack a crash names argv[2]
s6-fghack /bin/sh -c "kill $$"

## stderr:
s6-fghack: fatal: -c crashed
## status: 111

#### s6-fghack a crash with no argument
## setup: printf '#!/bin/sh\nkill $$\n' > k.sh && chmod +x k.sh
s6-fghack ./k.sh

## stderr:
s6-fghack: fatal:  crashed
## status: 111

#### s6-fghack writing on the hack pipe
s6-fghack /bin/sh -c "echo hi >&5"

## stderr:
s6-fghack: fatal: /bin/sh wrote on hackpipe
## status: 102

#### s6-fghack the program gets 31 copies of the pipe
s6-fghack /bin/sh -c "readlink /proc/$$/fd/* | sort | uniq -c | sort -rn | head -n 1 | tr -s ' ' | cut -d' ' -f2"

## stdout:
31
## status: 0

#### s6-fghack waits for the background child
s6-fghack /bin/sh -c "sleep 1 & exit 0"

## status: 0

#### s6-fghack cannot exec
foreground { s6-fghack nonexistent-prog }
s6-fghack /etc/passwd

## stderr:
s6-fghack: fatal: unable to exec nonexistent-prog: No such file or directory
s6-fghack: fatal: unable to exec /etc/passwd: Permission denied
## status: 111

#### s6-fghack usage
s6-fghack

## stderr:
s6-fghack: usage: s6-fghack prog...
## status: 100
