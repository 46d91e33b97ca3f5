"""s6-rc 0.7.0.0: the compiler, the compiled database, the live directory.

Commands: s6_rc_compile, s6_rc_db, s6_rc_init, s6_rc (queries only so far).
What they share: sources (reading source directories), resolve (names,
bundles, pipelines and dependencies into a database), db (the `n` and `db`
files), cdb (resolve.cdb), graph (checks and closures), compiled,
servicedirs and files (writing a database), livedir and svlink (the live
directory and the scan directory links), gol (skalibs' option parsing),
lock, layout (the programs' paths in generated scripts), report and errtext
(messages as s6-overlay's C s6-rc prints them).
"""
