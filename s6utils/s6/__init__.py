"""s6's programs (s6 2.11.3.2 interface): one module per command."""
