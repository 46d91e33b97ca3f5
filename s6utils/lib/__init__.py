"""What the s6 programs share: on-disk formats, protocols, clocks, accounts."""
