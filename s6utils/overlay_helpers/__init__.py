"""s6-overlay-helpers: s6-overlay-suexec and s6-overlay-stat."""
