"""A small HTTP/1.1 load generator for `make bench`, run in its own process
so that its work is not counted as the site's: keep-alive connections on
asyncio, a warm-up, then a fixed measuring time per target.

    python -m tests.bench.loadgen < plan.json > results.json

The plan: {"url": "http://127.0.0.1:8000", "targets": [target, ...]}; a
target: {"name", "path", "connections", "warmup", "duration", and
optionally "method", "headers", "cookies", "form" (fields to POST),
"expect" (statuses that count as a success)}. A target with "form" first GETs its
path on each connection for the CSRF cookie and token (and keeps the
cookies the site sets, e.g. the session), then POSTs the fields again and
again. Results per target: requests/s, latency percentiles in ms, status
counts and the X-Page-Cache header values seen.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import brotli

# What a browser sends: the site may answer compressed.
BASE_HEADERS = {
    "User-Agent": "agency-bench/1",
    "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
    "Accept-Encoding": "gzip, deflate, br",
    "Accept-Language": "ko-KR,ko;q=0.9",
}
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: dict[str, list[str]]
    body: bytes


def decoded(response: Response) -> bytes:
    encoding = response.headers.get("content-encoding", ["identity"])[0]
    if encoding == "br":
        return brotli.decompress(response.body)
    if encoding == "gzip":
        return gzip.decompress(response.body)
    return response.body


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    cache: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)


async def read_response(reader: asyncio.StreamReader, method: str) -> Response:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers: dict[str, list[str]] = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return Response(status, headers, b"")
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"][0]))
    elif "chunked" in headers.get("transfer-encoding", [""])[0].lower():
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")  # no trailers are expected
                break
            parts.append(await reader.readexactly(size + 2))
        body = b"".join(part[:-2] for part in parts)
    else:
        body = await reader.read()  # delimited by the end of the connection
        headers["connection"] = ["close"]
    return Response(status, headers, body)


class Connection:
    """One keep-alive connection with its own cookies, reopened when the
    server closes it."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.reader = self.writer = None

    async def request(self, method: str, path: str, headers: dict, body: bytes = b"") -> Response:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in {**BASE_HEADERS, **headers}.items()]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        response = await read_response(self.reader, method)
        for cookie in response.headers.get("set-cookie", []):
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        if response.headers.get("connection", [""])[0].lower() == "close":
            await self.close()
        return response

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


async def prepare(connection: Connection, target: dict) -> tuple[str, dict, bytes]:
    """The request this connection sends over and over."""
    method = target.get("method", "GET")
    headers = dict(target.get("headers", {}))
    connection.cookies.update(target.get("cookies", {}))
    body = b""
    if "form" in target:
        page = await connection.request("GET", target["path"], headers)
        token = CSRF_FIELD.search(decoded(page))
        if page.status != 200 or not token:
            raise RuntimeError(f"no form with a CSRF token at {target['path']} ({page.status})")
        body = urlencode({**target["form"], "csrfmiddlewaretoken": token.group(1).decode()},
                         doseq=True).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        method = "POST"
    return method, headers, body


async def drive(connection: Connection, target: dict, record_from: float, stop_at: float,
                tally: Tally) -> None:
    method, headers, body = await prepare(connection, target)
    expect = set(target.get("expect", [200]))
    while (started := time.perf_counter()) < stop_at:
        try:
            response = await connection.request(method, target["path"], headers, body)
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            await connection.close()
            if started >= record_from:
                tally.errors[type(exc).__name__] += 1
            continue
        finished = time.perf_counter()
        if started < record_from or finished > stop_at:
            continue  # warm-up, or finished after the measuring time
        tally.latencies.append(finished - started)
        tally.statuses[response.status if response.status in expect else f"unexpected {response.status}"] += 1
        tally.cache[response.headers.get("x-page-cache", ["-"])[0]] += 1


def percentile(ordered: list[float], q: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


async def run_target(url: str, target: dict) -> dict:
    address = urlsplit(url)
    connections = [Connection(address.hostname, address.port) for _ in range(target["connections"])]
    record_from = time.perf_counter() + target["warmup"]
    stop_at = record_from + target["duration"]
    tally = Tally()
    try:
        await asyncio.gather(*(drive(c, target, record_from, stop_at, tally) for c in connections))
    finally:
        for connection in connections:
            await connection.close()
    ordered = sorted(tally.latencies)
    return {
        "name": target["name"],
        "requests": len(ordered),
        "rps": len(ordered) / target["duration"],
        "p50_ms": percentile(ordered, 50) * 1000,
        "p90_ms": percentile(ordered, 90) * 1000,
        "p99_ms": percentile(ordered, 99) * 1000,
        "statuses": {str(k): v for k, v in tally.statuses.items()},
        "cache": dict(tally.cache),
        "errors": dict(tally.errors),
    }


async def main(plan: dict) -> list[dict]:
    return [await run_target(plan["url"], target) for target in plan["targets"]]


if __name__ == "__main__":
    json.dump(asyncio.run(main(json.load(sys.stdin))), sys.stdout)
