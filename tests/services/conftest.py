from tests.store_support import db, store_settings, store_target

__all__ = ["db", "store_settings", "store_target"]
