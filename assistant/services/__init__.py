"""Use cases that combine drafting, billing, validation and the note store.

Services own input limits, the history read from the store and one transaction per call;
they never import the database libraries (assistant/store does).
"""
