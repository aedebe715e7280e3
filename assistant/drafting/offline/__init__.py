"""The offline drafter: a deterministic parser of therapists' dictation and shorthand."""

from assistant.drafting.offline.drafter import OfflineDrafter

__all__ = ["OfflineDrafter"]
