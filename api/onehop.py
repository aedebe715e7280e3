"""One hand-off to a worker thread per request.

FastAPI runs a sync route on a worker thread, its sync dependencies each on another, and the
validation of its response on a third. Each hand-off waits for the event loop and for the
GIL; under load those waits, not the work, made GET note several times slower than /health.
`OneHopRoute` turns every sync route into an async one that makes a single hand-off: the
principal's store lookup (api.deps.DEFERRED) and the route's body run in it together, and
the response is checked on the event loop.

Routers are made with `router(...)`; a test checks that every route of the app is one.
"""

import inspect
from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any, get_args, get_origin, get_type_hints

from fastapi import APIRouter, Depends
from fastapi.params import Depends as DependsMarker
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from api.deps import DEFERRED, Credentials, Resolver, get_database
from assistant.store.db import Database

_DB = "onehop_database"


def _deferred(hint: Any) -> tuple[Callable[..., Any], Resolver] | None:
    if get_origin(hint) is not Annotated:
        return None
    for marker in get_args(hint)[1:]:
        if isinstance(marker, DependsMarker) and marker.dependency in DEFERRED:
            return DEFERRED[marker.dependency]
    return None


def one_hop(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """An async stand-in for a sync route with the same parameters, except that a principal
    parameter takes the credentials (read on the event loop) and is resolved on the worker
    thread, just before the route's body runs there."""
    hints = get_type_hints(endpoint, include_extras=True)
    signature = inspect.signature(endpoint)
    resolvers: dict[str, Resolver] = {}
    params = []
    for name, param in signature.parameters.items():
        hint = hints.get(name, param.annotation)
        found = _deferred(hint)
        if found is not None:
            credentials, resolvers[name] = found
            hint = Annotated[Credentials, Depends(credentials)]
        params.append(param.replace(annotation=hint))
    if resolvers:
        database = Annotated[Database, Depends(get_database)]
        params.append(inspect.Parameter(_DB, inspect.Parameter.KEYWORD_ONLY, annotation=database))
    returns = hints.get("return", signature.return_annotation)

    @wraps(endpoint)
    async def run(**values: Any) -> Any:
        db = values.pop(_DB, None)

        def body() -> Any:
            for name, resolve in resolvers.items():
                values[name] = resolve(db, values[name])
            return endpoint(**values)

        return await run_in_threadpool(body)

    # FastAPI reads the parameters from __signature__ (wraps' __wrapped__ would show the
    # sync route's own).
    run.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=params, return_annotation=returns
    )
    del run.__wrapped__
    return run


class OneHopRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = one_hop(endpoint)
        super().__init__(path, endpoint, **kwargs)


def router(**kwargs: Any) -> APIRouter:
    """An APIRouter whose sync routes make one hand-off each."""
    return APIRouter(route_class=OneHopRoute, **kwargs)
