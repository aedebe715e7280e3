"""The billing engine: timer segments and service minutes to priced claim lines.

Pure functions only; the caller supplies any imported NCCI edits.
"""

from assistant.rules.billing.engine import bill

__all__ = ["bill"]
