#!/usr/bin/env -S execlineb -S1
# A tour of execline as execpy runs it: one process for the whole chain.
# Run it:   bin/execlineb -S1 examples/hello.el world
#     or:   EXECPY_TRACE=1 bin/execlineb -S1 examples/hello.el world
define greeting "hello"
backtick -n now { date +%H:%M:%S }
importas -i now now
foreground { echo "${greeting}, ${1} (it is ${now})" }
multisubstitute
{
  define -s colours "red green blue"
  importas -D nobody user USER
}
forx -E colour { $colours }
  echo "  a ${colour} line for ${user}"
