"""The ASGI application: LanguageTool's API v2, copycheck's own API v1, health and the OpenAPI
document. Handlers read and validate a request, hand a Job to the pool of check workers and pass
its bytes back; they never check text themselves, and never log it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive

import copycheck

from ..checker import Checker
from ..formatters import html, languagetool
from ..rules import Rule
from . import openapi
from .jobs import Answer, Job, error_body
from .params import BadRequest, TooLarge, form_fields, languagetool_job, native_job
from .pool import Busy, OverBudget, Pool, WorkerLost

JSON = "application/json"
log = logging.getLogger("copycheck.service")
# Percent-encoding (and JSON's \\u escapes) write a byte of UTF-8 in at most three characters.
ENCODING_SPREAD = 3
BODY_SLACK = 64 * 1024  # the other fields of a request


@dataclass(frozen=True)
class Limits:
    max_text_bytes: int = 1_000_000
    budget: float = 10.0  # seconds per request, waiting for a worker included
    workers: int = 2
    max_queue: int = 100
    all_replacements: bool = False

    @property
    def max_body_bytes(self) -> int:
        return self.max_text_bytes * ENCODING_SPREAD + BODY_SLACK


def create_app(checker: Checker, limits: Limits, url: str = "") -> Starlette:
    """The service for `checker`'s rules, at `url` (for the log); the worker processes start with
    the application."""
    state = _State(checker, limits, url)
    routes = [
        Route("/v2/check", state.languagetool_check, methods=["GET", "POST"]),
        # Fidus Writer's proxy forwards every call as a POST.
        Route("/v2/languages", state.languages, methods=["GET", "POST"]),
        Route("/v2/info", state.info, methods=["GET", "POST"]),
        Route("/v1/check", state.native_check, methods=["POST"]),
        Route("/v1/rules", state.rules, methods=["GET"]),
        Route("/healthz", state.health, methods=["GET"]),
        Route("/openapi.json", state.openapi, methods=["GET"]),
        Route("/docs", state.docs, methods=["GET"]),
        Route("/", state.playground, methods=["GET"]),
    ]
    return Starlette(routes=routes, lifespan=state.lifespan)


class _State:
    def __init__(self, checker: Checker, limits: Limits, url: str) -> None:
        self.checker = checker
        self.limits = limits
        self.url = url
        self.pool: Pool | None = None
        self.rule_list = [_rule_entry(rule) for rule in checker.linter.catalogue]
        self.playground_page = html.playground_page("/v1/check")

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        self.pool = Pool(self.checker, self.limits.workers, self.limits.max_queue, self.limits.budget)
        await self.pool.start()
        log.info("copycheck %s serving on %s with %d check worker(s) (Ctrl-C to stop)",
                 copycheck.__version__, self.url or "its socket", self.limits.workers)
        try:
            yield
        finally:
            await self.pool.close()

    # -- checking ---------------------------------------------------------------------------
    async def languagetool_check(self, request: Request) -> Response:
        if request.headers.get("content-type", "").startswith("multipart/"):
            return _log(request, time.monotonic(), _error(
                415, "send the fields as application/x-www-form-urlencoded, as LanguageTool's "
                "clients do (multipart bodies are not read)"))

        async def job() -> Job:
            body = await _body(request, self.limits.max_body_bytes)
            fields = form_fields(body, request.url.query)
            return languagetool_job(fields, self.limits.max_text_bytes, self.limits.all_replacements)

        return await self._check(request, job)

    async def native_check(self, request: Request) -> Response:
        async def job() -> Job:
            return native_job(await _body(request, self.limits.max_body_bytes),
                              self.limits.max_text_bytes)

        return await self._check(request, job)

    async def _check(self, request: Request, read: Callable[[], Awaitable[Job]]) -> Response:
        started = time.monotonic()
        try:
            job = await read()
        except BadRequest as error:
            return _log(request, started, _error(400, error.message, error.field))
        except TooLarge:
            return _log(request, started, _error(
                413, f"the text is over the limit of {self.limits.max_text_bytes:,} bytes (UTF-8); "
                "send it in parts", "text"))
        answer = await self._run(request, job, started)
        if answer is None:
            log.info('"%s %s" client disconnected, answer dropped', request.method, request.url.path)
            return Response(status_code=499)
        headers = {"Retry-After": "1"} if answer.status == 503 else None
        return _log(request, started, Response(answer.body, answer.status, headers, media_type=JSON),
                    job.characters)

    async def _run(self, request: Request, job: Job, started: float) -> Answer | None:
        """The worker's answer, an error answer, or None when the client went away first."""
        assert self.pool is not None
        work = asyncio.ensure_future(self.pool.answer(job, started))
        gone = asyncio.ensure_future(_disconnected(request.receive))
        await asyncio.wait({work, gone}, return_when=asyncio.FIRST_COMPLETED)
        if not work.done():
            work.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await work
            return None
        gone.cancel()
        try:
            return work.result()
        except Busy:
            return Answer(503, error_body(503, f"the service is busy ({self.limits.max_queue} requests "
                                               "are waiting already); try again shortly"))
        except OverBudget:
            return Answer(503, error_body(503, f"the check did not finish within the time budget of "
                                               f"{self.limits.budget:g} s and was stopped; try a "
                                               "shorter text, or again later"))
        except WorkerLost:
            return Answer(500, error_body(500, "the check worker died while checking this text (a "
                                               "crash, reported in the service log)"))

    # -- information ------------------------------------------------------------------------
    async def languages(self, _request: Request) -> Response:
        return JSONResponse([{"name": languagetool.ARABIC, "code": "ar", "longCode": "ar"}])

    async def info(self, _request: Request) -> Response:
        return JSONResponse({"software": {"name": "copycheck", "version": copycheck.__version__,
                                          "buildDate": "", "commit": "", "premium": False}})

    async def rules(self, _request: Request) -> Response:
        return JSONResponse({"rules": self.rule_list})

    async def health(self, _request: Request) -> Response:
        pool = self.pool
        assert pool is not None
        return JSONResponse({"status": "ok", "version": copycheck.__version__,
                             "workers": len(pool.workers), "busy": pool.busy, "waiting": pool.waiting,
                             "worker_pids": [worker.pid for worker in pool.workers]})

    async def openapi(self, _request: Request) -> Response:
        return JSONResponse(openapi.document(self.limits.max_text_bytes))

    async def docs(self, _request: Request) -> Response:
        return HTMLResponse(openapi.page())

    async def playground(self, _request: Request) -> Response:
        return HTMLResponse(self.playground_page)


def _rule_entry(rule: Rule) -> dict[str, Any]:
    mapped = languagetool.CATEGORIES[rule.category]
    return {"id": rule.id, "category": rule.category, "kind": rule.kind,
            "severity": rule.severity.label, "level": rule.level, "enabled": rule.enabled,
            "fix": rule.fix.value, "message": rule.message, "message_ar": rule.message_ar,
            "description": rule.description,
            "languagetool": {"issueType": mapped.issue_type, "category": mapped.id}}


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused (TooLarge) as soon as it is over `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise BadRequest("Content-Length is not a number")
        if int(declared) > limit:
            raise TooLarge()
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


async def _disconnected(receive: Receive) -> None:
    """Returns when the client closes the connection (the body has been read already)."""
    while (await receive())["type"] != "http.disconnect":
        pass


def _error(status: int, message: str, field: str | None = None) -> Response:
    return Response(error_body(status, message, field), status, media_type=JSON)


def _log(request: Request, started: float, response: Response, characters: int | None = None) -> Response:
    """One line per check request: never the text, nor the query string (GET carries the text)."""
    size = f" {characters} chars" if characters is not None else ""
    client = request.client.host if request.client else "-"
    log.info('%s "%s %s" %d %.0f ms%s', client, request.method, request.url.path,
             response.status_code, (time.monotonic() - started) * 1000, size)
    return response

