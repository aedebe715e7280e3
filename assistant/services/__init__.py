"""Use cases that combine drafting, billing and validation; no I/O beyond the drafter's."""
