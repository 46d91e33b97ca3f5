"""s6-linux-utils: one module per command."""
