"""`copycheck serve` started for a test: the installed command in a subprocess on a free loopback
port, with a client, its log, and a stop that never leaves the process behind."""

from __future__ import annotations

import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from support import copycheck_executable


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.client = httpx.Client(base_url=self.url, timeout=60)

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def check(self, text: str, **fields: str) -> httpx.Response:
        return self.client.post("/v2/check", data={"language": "ar", "text": text, **fields})

    def health(self) -> dict:
        return self.client.get("/healthz").json()

    def stop(self) -> None:
        self.client.close()
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(tmp_path: Path, *args: str, cwd: Path | None = None) -> Server:
    port = free_port()
    log_path = tmp_path / f"serve-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen([copycheck_executable(), "serve", "--port", str(port), *args],
                                   stdout=log, stderr=subprocess.STDOUT, cwd=cwd or tmp_path)
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited {process.returncode}:\n{server.log()}")
        try:
            if server.client.get("/healthz", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.stop()
    raise AssertionError(f"the server did not start:\n{server.log()}")
