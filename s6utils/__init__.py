"""s6's tools, rebuilt: chain-loaders, s6-log, the portable utilities and
the supervision tree. Modules may use execpy.parser and execpy.engine."""
