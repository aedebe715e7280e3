"""The review-and-sign pages: Jinja2 + htmx, mounted in the API app, calling assistant.services."""
