"""The order routers are matched in (api/main.py puts the hot ones first) never hides a
route: every route is the first, in the app's own order, to match its own paths."""

import re
from collections.abc import Iterator
from typing import Any

from fastapi.routing import APIRoute

from api.main import create_app
from assistant.settings import Settings

_PARAM = re.compile(r"{([^}:]+)(:[^}]+)?}")


def _leaves(routes: list[Any]) -> Iterator[Any]:
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI's included router
        yield from _leaves(included.routes) if included is not None else (route,)


def _example(path: str) -> str:
    """A concrete path for a route's template: every parameter a number."""
    return _PARAM.sub("7", path)


def _first_match(routes: list[APIRoute], method: str, path: str) -> APIRoute:
    for route in routes:
        if route.path_regex.match(path) and method in route.methods:
            return route
    raise AssertionError(f"no route answers {method} {path}")


def test_every_route_is_the_first_to_match_its_paths() -> None:
    app = create_app(Settings())
    routes = [r for r in _leaves(app.router.routes) if isinstance(r, APIRoute)]
    assert len(routes) > 40
    for route in routes:
        for method in route.methods:
            found = _first_match(routes, method, _example(route.path))
            assert found is route, f"{method} {route.path} is answered by {found.path}"


def test_the_hot_routes_come_before_the_rest() -> None:
    paths = [
        r.path for r in _leaves(create_app(Settings()).router.routes) if isinstance(r, APIRoute)
    ]
    assert (
        paths.index("/health")
        < paths.index("/api/notes/{note_id}")
        < paths.index("/notes/{note_id}")
    )
    assert paths.index("/notes/{note_id}") < paths.index("/api/patients")
