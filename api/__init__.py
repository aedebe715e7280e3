"""The JSON API: a FastAPI app factory with thin routes into assistant.services."""
