"""Liveness and readiness for load balancers and orchestrators (no login needed)."""

from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.deps import DatabaseDep
from api.onehop import router as one_hop_router
from assistant.services.status import database_problem

router = one_hop_router(tags=["health"])


class Health(BaseModel):
    status: str


class Ready(BaseModel):
    status: str
    detail: str = ""


@router.get("/health", response_model=Health, summary="The process answers")
async def health() -> Health:
    return Health(status="ok")


@router.get(
    "/ready",
    response_model=Ready,
    summary="The database answers at the current schema",
    responses={503: {"model": Ready, "description": "Not ready: the detail says why"}},
)
async def ready(db: DatabaseDep) -> Ready | JSONResponse:
    problem = await run_in_threadpool(database_problem, db)
    if problem is not None:
        return JSONResponse(Ready(status="unavailable", detail=problem).model_dump(), 503)
    return Ready(status="ok")
