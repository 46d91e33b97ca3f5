"""s6-rc 0.7.0.0: the compiler, the database, live state and transitions (to come)."""
