#### s6-softlimit sets soft limits, clamped to the hard limit
## mode: sh
ulimit -Hn 1000
ulimit -Sn 500
s6-softlimit -o 100 sh -c 'ulimit -Sn'
s6-softlimit -o = sh -c 'ulimit -Sn'
s6-softlimit -o 99999999 sh -c 'ulimit -Sn'

## stdout:
100
20000
20000
## stderr:
/bin/sh: 1: ulimit: error setting limit (Invalid argument)
## status: 0

#### s6-softlimit many limits at once
## mode: sh
s6-softlimit -c 0 -t 5 -f 1000 -s 1000000 -d 100000000 -a 200000000 sh -c 'ulimit -Sc; ulimit -St; ulimit -Sf; ulimit -Ss; ulimit -Sd; ulimit -Sv'

## stdout:
0
5
1
976
97656
195312
## status: 0

#### s6-softlimit -m sets data, stack, locked memory and address space
## mode: sh
ulimit -Hl 8192
s6-softlimit -m 300000000 sh -c 'ulimit -Sd; ulimit -Ss; ulimit -Sl; ulimit -Sv'

## stdout:
292968
292968
8192
292968
## status: 0

#### s6-softlimit bad values are usage errors
foreground { s6-softlimit -o 99999999999999999999 true }
foreground { s6-softlimit -o abc true }
s6-softlimit -o "" true

## stderr:
s6-softlimit: usage: s6-softlimit [ -a allbytes ] [ -c corebytes ] [ -d databytes ] [ -f filebytes ] [ -l lockbytes ] [ -m membytes ] [ -o openfiles ] [ -p processes ] [ -r residentbytes ] [ -s stackbytes ] [ -t cpusecs ] prog...
s6-softlimit: usage: s6-softlimit [ -a allbytes ] [ -c corebytes ] [ -d databytes ] [ -f filebytes ] [ -l lockbytes ] [ -m membytes ] [ -o openfiles ] [ -p processes ] [ -r residentbytes ] [ -s stackbytes ] [ -t cpusecs ] prog...
s6-softlimit: usage: s6-softlimit [ -a allbytes ] [ -c corebytes ] [ -d databytes ] [ -f filebytes ] [ -l lockbytes ] [ -m membytes ] [ -o openfiles ] [ -p processes ] [ -r residentbytes ] [ -s stackbytes ] [ -t cpusecs ] prog...
## status: 100

#### s6-softlimit ignores unknown options
foreground { s6-softlimit -Zo 50 /bin/sh -c "ulimit -Sn" }
s6-softlimit -Z nonexistent-prog

## stdout:
50
## stderr:
s6-softlimit: fatal: unable to exec nonexistent-prog: No such file or directory
## status: 127

#### s6-softlimit usage
foreground { s6-softlimit }
s6-softlimit -o 5

## stderr:
s6-softlimit: usage: s6-softlimit [ -a allbytes ] [ -c corebytes ] [ -d databytes ] [ -f filebytes ] [ -l lockbytes ] [ -m membytes ] [ -o openfiles ] [ -p processes ] [ -r residentbytes ] [ -s stackbytes ] [ -t cpusecs ] prog...
s6-softlimit: usage: s6-softlimit [ -a allbytes ] [ -c corebytes ] [ -d databytes ] [ -f filebytes ] [ -l lockbytes ] [ -m membytes ] [ -o openfiles ] [ -p processes ] [ -r residentbytes ] [ -s stackbytes ] [ -t cpusecs ] prog...
## status: 100
