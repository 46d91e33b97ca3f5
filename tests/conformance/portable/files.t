#### s6-mkdir -p -m creates parents with the exact mode
## only: execpy
## mode: sh
umask 077
s6-mkdir -p -m 0755 a/b/c && stat -c '%a %n' a a/b a/b/c
s6-mkdir -p -m 0755 a/b/c; echo $?
## stdout:
755 a
755 a/b
755 a/b/c
0
## status: 0

#### s6-mkdir without -m honours the umask
## only: execpy
## mode: sh
umask 027
s6-mkdir x y && stat -c '%a %n' x y
## stdout:
750 x
750 y
## status: 0

#### s6-mkdir an existing directory is a warning and exit 111, others are still made
## only: execpy
## mode: sh
mkdir a
s6-mkdir a b; echo $?; test -d b && echo made
## stdout:
111
made
## stderr:
s6-mkdir: warning: unable to mkdir a: File exists
## status: 0

#### s6-mkdir -v reports what it creates
## only: execpy
## mode: sh
s6-mkdir -pv d/e
## stderr:
s6-mkdir: created directory d
s6-mkdir: created directory d/e
## status: 0

#### s6-mkdir bad mode
## only: execpy
s6-mkdir -m 9 x
## stderr:
s6-mkdir: usage: s6-mkdir [ -p ] [ -v ] [ -m mode ] dir
## status: 100

#### s6-rmrf removes trees, files, links; a missing file is fine
## only: execpy
## mode: sh
mkdir -p t/u/v && touch t/u/v/f t/g && ln -s /etc t/l && mkfifo t/p && touch keep
s6-rmrf t nonexistent keep && ls -A; test -d /etc && echo etc-intact
## stdout:
etc-intact
## status: 0

#### s6-rmrf usage
## only: execpy
s6-rmrf
## stderr:
s6-rmrf: usage: s6-rmrf file ...
## status: 100

#### s6-chmod sets an absolute octal mode
## only: execpy
## mode: sh
touch f && s6-chmod 4750 f && stat -c '%a' f
s6-chmod 0 f && stat -c '%a' f
## stdout:
4750
0
## status: 0

#### s6-chmod errors
## only: execpy
## mode: sh
s6-chmod u+x f; echo $?
s6-chmod 644 nonexistent; echo $?
## stdout:
100
111
## stderr:
s6-chmod: usage: s6-chmod mode file
s6-chmod: fatal: unable to change mode of nonexistent: No such file or directory
## status: 0

#### s6-chown -u -g and -U
## only: execpy
## mode: sh
touch f g
s6-chown -u 1 -g 2 -- f && stat -c '%u %g' f
s6-chown -g 3 f && stat -c '%u %g' f
env UID=4 GID=5 s6-chown -U g && stat -c '%u %g' g
## stdout:
1 2
1 3
4 5
## status: 0

#### s6-envuidgid then s6-chown -U in one chain
## only: execpy
## setup: touch f
s6-envuidgid daemon s6-chown -U f
## status: 0

#### s6-chown errors
## only: execpy
## mode: sh
s6-chown -U f; echo $?
env UID=x GID=1 s6-chown -U f; echo $?
s6-chown -u x f; echo $?
s6-chown -u 1 nonexistent; echo $?
## stdout:
100
100
100
111
## stderr:
s6-chown: fatal: UID not set
s6-chown: fatal: invalid $UID
s6-chown: usage: s6-chown [ -U ] [ -u uid ] [ -g gid ] file
s6-chown: fatal: unable to chown nonexistent: No such file or directory
## status: 0

#### s6-ln -s makes a symlink, into a directory target
## only: execpy
## mode: sh
mkdir d
s6-ln -s /run r && s6-ln -s ../x d && readlink r d/x
## stdout:
/run
../x
## status: 0

#### s6-ln without -f refuses an existing target
## only: execpy
## mode: sh
touch a b
s6-ln -s a b; echo $?
## stdout:
1
## stderr:
s6-ln: warning: unable to make a link from b to a: File exists
## status: 0

#### s6-ln -nsf replaces a symlink to a directory atomically
## only: execpy
## mode: sh
mkdir old new && ln -s old cur
s6-ln -nsf new cur && readlink cur && ls
## stdout:
new
cur
new
old
## status: 0

#### s6-ln -sf without -n links inside the directory the target points to
## only: execpy
## mode: sh
mkdir old new && ln -s old cur
s6-ln -sf new cur && readlink cur && readlink old/new
## stdout:
old
new
## status: 0

#### s6-ln hard links, several sources into a directory
## only: execpy
## mode: sh
mkdir d && echo x > a && echo y > b
s6-ln a b d && stat -c '%h' a b d/a
## stdout:
2
2
2
## status: 0

#### s6-ln usage
## only: execpy
s6-ln a
## stderr:
s6-ln: usage: s6-ln [ -n ] [ -s ] [ -f ] [ -L ] [ -P ] src... dest
## status: 100

#### s6-linkname reads a link, -f resolves, -n drops the newline
## only: execpy
## mode: sh
mkdir -p real && ln -s real l1 && ln -s l1 l2
s6-linkname l2
s6-linkname -f l2 | sed "s|$PWD|PWD|"
s6-linkname -n l1; echo
## stdout:
l1
PWD/real
real
## status: 0

#### s6-linkname errors
## only: execpy
## mode: sh
touch f
s6-linkname f; echo $?
s6-linkname -f nonexistent; echo $?
## stdout:
111
111
## stderr:
s6-linkname: fatal: unable to resolve f: Invalid argument
s6-linkname: fatal: unable to resolve nonexistent: No such file or directory
## status: 0

#### s6-rename renames atomically
## only: execpy
## mode: sh
echo a > old && echo b > new
s6-rename old new && cat new && ls
s6-rename nonexistent x; echo $?
## stdout:
a
new
111
## stderr:
s6-rename: fatal: unable to rename nonexistent to x: No such file or directory
## status: 0

#### s6-ls lists a directory, -a shows dotfiles, -x excludes
## only: execpy
## mode: sh
mkdir d && touch d/a d/.b d/c
s6-ls d | sort
echo --
s6-ls -a d | sort
echo --
s6-ls -A d | sort
echo --
s6-ls -x c -0 d | tr '\0' '\n' | sort
## stdout:
a
c
--
.b
a
c
--
.
..
.b
a
c
--
a
## status: 0

#### s6-ls errors
## only: execpy
## mode: sh
s6-ls nonexistent; echo $?
s6-ls; echo $?
## stdout:
111
100
## stderr:
s6-ls: fatal: unable to open directory nonexistent: No such file or directory
s6-ls: usage: s6-ls [ -0 ] [ -a | -A ] [ -x exclude ] dir
## status: 0

#### s6-hiercopy copies a tree with modes, links and fifos
## only: execpy
## mode: sh
mkdir -p src/sub && echo hi > src/f && chmod 640 src/f && chmod 710 src/sub && ln -s f src/l && mkfifo -m 600 src/p
s6-hiercopy src dst && cat dst/f && stat -c '%a %F' dst/f dst/sub dst/p && readlink dst/l
## stdout:
hi
640 regular file
710 directory
600 fifo
f
## status: 0

#### s6-hiercopy into an existing directory, and errors
## only: execpy
## mode: sh
mkdir -p src dst && echo x > src/f && touch notdir
s6-hiercopy src dst && cat dst/f
s6-hiercopy nonexistent dst2; echo $?
s6-hiercopy src notdir; echo $?
## stdout:
x
111
111
## stderr:
s6-hiercopy: fatal: unable to copy hierarchy from nonexistent to dst2: No such file or directory
s6-hiercopy: fatal: unable to copy hierarchy from src to notdir: Not a directory
## status: 0

#### s6-dumpenv writes one file per variable; s6-envdir -Lfn reads them back
## only: execpy
## mode: sh
D=$(command -v s6-dumpenv)
env -i A=1 "B=x y" $D d && ls d && cat d/B; echo
env -i A=1 "B=two
lines" $D -N d2 && cat d2/B
s6-envdir -Lfn d /usr/bin/env -u PATH -u CASETMP -u PWD | sort
## stdout:
A
B
x y
two
lines
A=1
B=x y
## status: 0

#### s6-dumpenv -m sets the directory mode, and errors
## only: execpy
## mode: sh
umask 022
D=$(command -v s6-dumpenv)
env -i A=1 $D -m 0700 d && stat -c '%a' d
touch f && env -i A=1 $D f; echo $?
s6-dumpenv -m x d; echo $?
## stdout:
700
111
100
## stderr:
s6-dumpenv: fatal: unable to mkdir f: Not a directory
s6-dumpenv: usage: s6-dumpenv [ -N | -n ] [ -m mode ] envdir
## status: 0

#### s6-mkfifo makes fifos, only execute bits masked
## only: execpy
## mode: sh
umask 077
s6-mkfifo a && s6-mkfifo -m 0777 -- b && stat -c '%a %F' a b
s6-mkfifo a; echo $?
## stdout:
666 fifo
666 fifo
111
## stderr:
s6-mkfifo: fatal: unable to mkfifo a: File exists
## status: 0
