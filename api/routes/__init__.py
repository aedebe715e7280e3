"""One module per group of routes, each exposing `router`; create_app includes them all."""
