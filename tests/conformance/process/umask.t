#### umask sets the mask
umask 077
posix-umask

## stdout:
0077
## status: 0

#### umask prints as execline-umask
umask 8 echo no

## stderr:
execline-umask: usage: umask value prog...
## status: 100

#### umask usage errors
foreground { umask 022 }
foreground { umask "" echo }
umask -022 echo

## stderr:
execline-umask: usage: umask value prog...
execline-umask: usage: umask value prog...
execline-umask: usage: umask value prog...
## status: 100

#### umask reads the octal digits at the start of its argument
foreground { umask 77777777777777 posix-umask }
foreground { umask 40000000022 posix-umask }
foreground { umask 37777777777 posix-umask }
foreground { umask 027abc posix-umask }
foreground { umask 08 posix-umask }
umask 7x posix-umask

## stdout:
0777
0002
0777
0027
0000
0007
## status: 0

#### execline-umask sets the mask
execline-umask 0 posix-umask

## stdout:
0000
## status: 0

#### execline-umask keeps only permission bits
execline-umask 7777 posix-umask

## stdout:
0777
## status: 0

#### umask affects created files
umask 027
foreground { redirfd -w 1 f echo }
stat -c %a f

## stdout:
640
## status: 0

#### posix-umask prints the mask in octal
umask 022 posix-umask

## stdout:
0022
## status: 0

#### posix-umask -S prints it symbolically
umask 027 posix-umask -S

## stdout:
u=rwx,g=rx,o=
## status: 0

#### posix-umask -S with everything masked
umask 777 posix-umask -S

## stdout:
u=,g=,o=
## status: 0

#### posix-umask sets an octal mask and goes on
posix-umask 0066 posix-umask

## stdout:
0066
## status: 0

#### posix-umask symbolic modes
foreground { umask 022 posix-umask u=rwx,g=rx,o= posix-umask -S }
foreground { umask 022 posix-umask g-x posix-umask -S }
foreground { umask 077 posix-umask go+r posix-umask -S }
foreground { umask 022 posix-umask a=rx posix-umask -S }
foreground { umask 022 posix-umask =r posix-umask -S }
foreground { umask 022 posix-umask -- -w posix-umask -S }
foreground { umask 022 posix-umask +x posix-umask -S }
foreground { umask 000 posix-umask o=g posix-umask -S }
foreground { umask 027 posix-umask g=u,o=g posix-umask -S }
foreground { umask 022 posix-umask u+-w posix-umask -S }
foreground { umask 022 posix-umask ,,g+w,,o+w posix-umask -S }
foreground { umask 022 posix-umask u posix-umask -S }
foreground { umask 022 posix-umask g=,o= posix-umask -S }
foreground { umask 022 posix-umask ugo=rX posix-umask -S }
foreground { umask 022 posix-umask u=rwxst posix-umask -S }
foreground { umask 022 posix-umask u=r+w-x posix-umask -S }
umask 022 posix-umask "" posix-umask -S

## stdout:
u=rwx,g=rx,o=rx
u=rwx,g=r,o=rx
u=rwx,g=r,o=r
u=rx,g=rx,o=rx
u=r,g=r,o=r
u=rx,g=rx,o=rx
u=rwx,g=rx,o=rx
u=rwx,g=rwx,o=rwx
u=rwx,g=rwx,o=rwx
u=rx,g=rx,o=rx
u=rwx,g=rwx,o=rwx
u=rwx,g=rx,o=rx
u=rwx,g=rx,o=rx
u=rx,g=rx,o=rx
u=rwx,g=rx,o=rx
u=rw,g=rx,o=rx
u=rwx,g=rx,o=rx
## status: 0

#### posix-umask invalid symbolic modes
foreground { posix-umask u+q echo no }
foreground { posix-umask +u echo no }
foreground { posix-umask u, echo no }
foreground { posix-umask r echo no }
foreground { posix-umask 8 echo no }
foreground { posix-umask u=ra echo no }
posix-umask a=u echo no

## stdout:
no
## stderr:
posix-umask: fatal: invalid mode string
posix-umask: fatal: invalid mode string
posix-umask: fatal: invalid mode string
posix-umask: fatal: invalid mode string
posix-umask: fatal: invalid mode string
posix-umask: fatal: invalid mode string
## status: 0

#### posix-umask with an unknown option
foreground { umask 022 posix-umask -w posix-umask -S }
posix-umask -x

## stderr:
posix-umask: usage: posix-umask [ -S ] [ mask ] [ prog... ]
posix-umask: usage: posix-umask [ -S ] [ mask ] [ prog... ]
## status: 100

#### posix-umask from sh
## mode: sh
posix-umask 0022 posix-umask -S

## stdout:
u=rwx,g=rx,o=rx
## status: 0
