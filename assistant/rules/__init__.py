"""Pure, deterministic rules: billing, validation and the dated tables they read."""
