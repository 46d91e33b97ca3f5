"""execline's commands, one module each (PROG, USAGE, main(ctx, argv)).

The table that maps names to these modules is execpy.commands.
"""
