"""`copycheck serve`: the checker as an HTTP service that speaks LanguageTool's API v2 (so that
Superdesk, Fidus Writer, editor plugins, language_tool_python and pylanguagetool work with it
unchanged) and copycheck's own API v1 (the command line's JSON report).

One HTTP front (Starlette on uvicorn) and N check worker processes, each holding one warm Checker:
see pool.py for why checks run in processes, jobs.py for what a worker does.

Needs the `serve` extra: `pip install 'copycheck-arabic[serve]'`.
"""

from __future__ import annotations

import logging
import socket
import sys
from dataclasses import dataclass

from ..checker import Checker
from ..errors import UsageError

REQUIRED_MODULES = ("starlette", "uvicorn")


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8081
    workers: int = 2
    max_text_bytes: int = 1_000_000
    budget: float = 10.0
    max_queue: int = 100
    all_replacements: bool = False


def missing_modules() -> list[str]:
    """The modules of the `serve` extra that cannot be imported."""
    import importlib

    missing = []
    for name in REQUIRED_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing


def serve(checker: Checker, options: ServeOptions) -> None:
    """Run the service until interrupted (Ctrl-C or SIGTERM: the workers save their cache)."""
    import uvicorn

    from .app import Limits, create_app

    listener = _listen(options.host, options.port)  # before the workers start: a taken port is
    _log_to_stderr()                                 # a usage error, not a crash after start-up
    limits = Limits(options.max_text_bytes, options.budget, options.workers, options.max_queue,
                    options.all_replacements)
    # uvicorn's access log prints the query string, where a GET request carries the text: the
    # service writes its own line per request instead (method, path, status, time, size).
    host, port = listener.getsockname()[:2]
    url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    config = uvicorn.Config(create_app(checker, limits, url), host=options.host, port=options.port,
                            access_log=False, log_level="info", timeout_keep_alive=30)
    uvicorn.Server(config).run(sockets=[listener])


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port, or UsageError saying why it cannot be."""
    try:
        family, kind, protocol, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        listener = socket.socket(family, kind, protocol)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
    except OSError as error:
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    listener.set_inheritable(True)
    return listener


def _log_to_stderr() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
    logger = logging.getLogger("copycheck.service")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
