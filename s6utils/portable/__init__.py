"""s6-portable-utils: one module per command."""
