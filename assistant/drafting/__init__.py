"""Drafters turn a session's text into a typed note. The only package that may call a model."""
