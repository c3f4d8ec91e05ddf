"""One module per ``genpower`` subcommand (found automatically by :mod:`genpower.cli`)."""
