"""Turning execline script text into one argv: the lexer, and Words, the
compact argv of a deep script. (Blocks are read out of an argv by
execpy.engine.blocks.)"""
