"""The review-and-sign pages: Jinja2 + htmx, mounted in the API app, calling assistant.services.

static/htmx.min.js is htmx 2.0.11 as published in the npm package `htmx.org` (dist/), with
its licence beside it (static/htmx.LICENSE.txt, Zero-Clause BSD); nothing is loaded from a
CDN. The rest of static/ is ptscribe's own small CSS and script.
"""
