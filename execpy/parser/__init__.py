"""Turning execline script text into one argv (the lexer) and reading blocks."""
