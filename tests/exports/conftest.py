from tests.services.conftest import fresh_settings, private_home
from tests.store_support import db, store_settings, store_target

__all__ = ["db", "fresh_settings", "private_home", "store_settings", "store_target"]
