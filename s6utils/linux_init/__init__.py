"""s6-linux-init 1.2.0.2's container duties: stage 1, shutdownd, hpr (to come)."""
