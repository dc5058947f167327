"""db URL (+ token) -> the FastAPI app: the JSON API under /api, the web pages, one error shape.

Every error leaves as `{"error": "..."}`: 4xx for what the client asked (unknown
id, bad field, no token), 503 when the store cannot be read, 500 only for a bug
(logged with its traceback, the body says no more). Nothing is fetched from a
CDN: the interactive docs pages (which would load Swagger from one) are off;
`/openapi.json` is the schema.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from swapledger import __version__
from swapledger.api.errors import ApiError
from swapledger.api.state import AppState
from swapledger.errors import StoreError, SwapledgerError
from swapledger.store import Store

log = logging.getLogger(__name__)

WEB_ROUTES = "swapledger.web.routes"


def create_app(db_url: str, *, token: str | None = None) -> FastAPI:
    """The app over the store at `db_url`; writes need `token` (None: read-only).

    Opening the store may raise StoreError (the caller reports it in one line).
    """
    store = Store(db_url)
    state = AppState(store, token)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # build the ledger while the server starts, not on the first request (~7 s on
        # 10,000 events); a request that comes first waits on the same lock
        warm = threading.Thread(target=_warm, args=(state,), name="ledger-warm-up", daemon=True)
        warm.start()
        yield
        warm.join()
        store.close()

    app = FastAPI(
        title="swapledger",
        version=__version__,
        summary="A sourced ledger of prisoner and body exchanges, from news pages.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.swapledger = state
    _handlers(app)
    from swapledger.api.routes import router as api_router

    app.include_router(api_router)
    web = _web_router()
    if web is not None:
        app.include_router(web)
    return app


def _web_page(request: Request) -> Any:
    """The web pages' module when `request` is a browser's page (not /api), else None."""
    if request.url.path.startswith(("/api", "/openapi")):
        return None
    try:
        import swapledger.web.routes as web
    except ImportError:  # pragma: no cover - the web extra is not installed
        return None
    return web


def _warm(state: AppState) -> None:
    """Build the ledger once; a store that cannot be read is reported by the first request."""
    try:
        state.snapshot()
    except SwapledgerError as exc:
        log.warning("ledger not built at start: %s", exc)
    except Exception:  # a bug: logged, and the first request meets it again
        log.exception("ledger not built at start")


def _web_router() -> Any:
    """The web UI's router, when that package is there (the API works without it)."""
    try:
        from swapledger.web.routes import router
    except ModuleNotFoundError as exc:
        if exc.name not in ("swapledger.web", WEB_ROUTES):
            raise
        return None
    return router


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The one error body."""
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    """Pydantic's errors in one line: 'query.limit: Input should be ...; body: ...'."""
    parts = []
    for e in exc.errors()[:5]:
        where = ".".join(str(x) for x in e.get("loc", ()) if x != "body" or len(e["loc"]) == 1)
        parts.append(f"{where}: {e.get('msg', 'invalid')}" if where else str(e.get("msg")))
    return "; ".join(parts) or "invalid request"


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error(exc.status, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error(422, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and (web := _web_page(request)) is not None:
            return web.missing(request, f"No page at {request.url.path}.")
        return error(exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.error("store error: %s", exc)
        message = f"the store cannot be read or written: {exc.message}"
        if (web := _web_page(request)) is not None:
            return web.trouble(request, 503, message[:1].upper() + message[1:] + ".")
        return error(503, message)

    @app.exception_handler(SwapledgerError)
    async def swapledger_error(_: Request, exc: SwapledgerError) -> JSONResponse:
        return error(400, exc.message)

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error(500, "internal error (logged on the server)")
