"""The `ptscribe` command line."""
