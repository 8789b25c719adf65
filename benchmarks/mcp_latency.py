"""MCP tool-call latency: our ads server against a trivial echo tool, over stdio and streamable HTTP.

Measures, in one run, p50 / p99 latency (ms) and calls/s of
1. read: `get_report(days=1, group_by=["lever"])`;
2. write: a propose + commit pair, counted as one operation: `update_campaign(bid_multiplier=x)`,
   x alternating 0.95 / 1.05 so every plan is a real change, then `commit_plan` with the returned
   plan_id and checksum and a fresh idempotency_key;
3. echo: `echo(text)` on a bare MCPServer (no auth, no market), the baseline: every figure is also
   given as a ratio to the echo figure of the same transport and concurrency, measured in this run;
over stdio (one server process per client: stdio serves one client) and HTTP (one server process
for all clients; a bearer token on ours), with 1 and 16 concurrent clients (1 and 2 with --smoke).
Every session is warmed up before it is measured. Each client changes its own campaign: a plan
is bound to its target's state, so clients sharing one campaign would make each other's plans
stale. All clients run in this one process, on the same cores as the servers: `client CPU` is
its share of one core while measuring, to show when the client side is the bottleneck.

Usage: python benchmarks/mcp_latency.py [--smoke] [--json]
       python benchmarks/mcp_latency.py --serve-echo --transport stdio|http [--port N]  (the baseline server)
Target: reads <= 1.5x the echo tool's p50 latency, per transport and concurrency.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager, ExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import anyio  # noqa: E402
import httpx2  # noqa: E402
from mcp import Client, StdioServerParameters  # noqa: E402
from mcp.client.streamable_http import streamable_http_client  # noqa: E402

__all__ = ["main", "measure", "serve_echo"]

Transport = Literal["stdio", "http"]
Op = Literal["echo", "read", "write"]
TARGET_READ_P50_RATIO = 1.5
TOKEN = "bench-token-0123456789abcdef"
READ_ARGS: dict[str, Any] = {"days": 1, "group_by": ["lever"]}
MULTIPLIERS = (0.95, 1.05)
"""Both differ from the seeded 1.0 and from each other, inside the policy cap."""


# ---- the baseline server -----------------------------------------------------------------------


def serve_echo(transport: Transport, port: int) -> None:
    """A bare MCPServer with one trivial tool, configured as `mcp_servers.serve.main` configures ours."""
    from mcp.server.mcpserver import MCPServer

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    srv = MCPServer("echo")

    # async like every tool of ours: a sync tool would add a thread hop to the baseline only
    @srv.tool()
    async def echo(text: str) -> str:
        """Return `text` unchanged."""
        return text

    if transport == "stdio":
        srv.run("stdio")
    else:
        srv.run("streamable-http", host="127.0.0.1", port=port)


# ---- the world and the servers -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class World:
    db: Path
    shop: str
    campaigns: list[str]
    """One per client."""
    tokens: Path
    tmp: Path


def make_world(tmp: Path, clients: int) -> World:
    from market import SimMarket
    from market.specs import CampaignSpec

    m = SimMarket.create(tmp / "world.db", 3, "tiny", history_days=1)
    try:
        shop = m.list_shops()[0].id
        campaigns = [c.id for c in m.list_campaigns(shop, limit=100)]
        product = m.list_products(shop, limit=1)[0].id
        for i in range(len(campaigns), clients):
            spec = CampaignSpec(name=f"bench {i}", product_id=product, channel="feed", bid_type="max_delivery",
                                daily_budget_fen=10_000, status="paused")
            campaigns.append(m.create_campaign(shop, spec).id)
        m.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        m.close()
    tokens = tmp / "tokens.json"
    tokens.write_text(json.dumps({"tokens": {TOKEN: shop}}))
    return World(db=tmp / "world.db", shop=shop, campaigns=campaigns, tokens=tokens, tmp=tmp)


def _server_env(world: World) -> dict[str, str]:
    return {"PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "ZHANGGUI_DB": str(world.db),
            "ZHANGGUI_SHOP": world.shop, "ZHANGGUI_TOKENS_FILE": str(world.tokens)}


def _command(target: Literal["echo", "ours"], transport: Transport, port: int = 0) -> list[str]:
    if target == "echo":
        cmd = [str(Path(__file__).resolve()), "--serve-echo", "--transport", transport]
    else:
        cmd = ["-m", "mcp_servers", "ads", "--transport", transport]
    return cmd + (["--port", str(port)] if transport == "http" else [])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def http_server(target: Literal["echo", "ours"], world: World) -> Iterator[str]:
    """One HTTP server process for every client; yields its base URL once the port accepts."""
    port = _free_port()
    log_path = world.tmp / f"{target}-{port}.log"
    # a file, not a pipe: uvicorn logs every request, and a full pipe would stall the server
    with log_path.open("wb") as log:
        proc = subprocess.Popen([sys.executable, *_command(target, "http", port)], cwd=ROOT,
                                env={**os.environ, **_server_env(world)}, stdout=subprocess.DEVNULL, stderr=log)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                        break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"{target} HTTP server did not start: "
                                           f"{log_path.read_text(errors='replace')[-2000:]}") from None
                    time.sleep(0.05)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


Connect = Callable[[], AbstractAsyncContextManager[Client]]


def stdio_connect(target: Literal["echo", "ours"], world: World) -> Connect:
    """Each connection spawns its own server process; the client ends it (and its children) on exit."""
    params = StdioServerParameters(command=sys.executable, args=_command(target, "stdio"), cwd=str(ROOT),
                                   env=_server_env(world))
    return lambda: Client(params)


def http_connect(url: str, token: str | None) -> Connect:
    @asynccontextmanager
    async def connect() -> AsyncIterator[Client]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        async with httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(60.0)) as http:
            async with Client(streamable_http_client(f"{url}/mcp", http_client=http)) as client:
                yield client

    return connect


# ---- operations and measurement ----------------------------------------------------------------


def _ok(result: Any) -> dict[str, Any]:
    if result.is_error:
        text = result.content[0].text if result.content else result
        raise RuntimeError(f"tool error during the benchmark: {text}")
    return result.structured_content or {}


def operation(op: Op, client: Client, campaign: str) -> Callable[[], Awaitable[None]]:
    """One measured operation for one client session."""
    if op == "echo":
        async def echo() -> None:
            _ok(await client.call_tool("echo", {"text": "ping"}))
        return echo
    if op == "read":
        async def read() -> None:
            _ok(await client.call_tool("get_report", READ_ARGS))
        return read
    multipliers = itertools.cycle(MULTIPLIERS)

    async def write() -> None:
        plan = _ok(await client.call_tool("update_campaign", {"campaign_id": campaign,
                                                              "bid_multiplier": next(multipliers)}))
        if plan.get("status") != "ready":
            raise RuntimeError(f"plan not ready to commit: {plan}")
        done = _ok(await client.call_tool("commit_plan", {"plan_id": plan["plan_id"], "checksum": plan["checksum"],
                                                          "idempotency_key": f"bench-{uuid.uuid4().hex}"}))
        if done.get("status") != "committed" or done.get("replayed"):
            raise RuntimeError(f"commit did not apply: {done}")
    return write


@dataclass(slots=True)
class _Phase:
    """All clients warm up, start together, and wait for each other before the next phase."""

    clients: int
    latencies: list[float] = field(default_factory=list)
    ready: int = 0
    finished: int = 0
    start: float = 0.0
    cpu: float = 0.0
    wall: float = 0.0
    cpu_share: float = 0.0
    go: anyio.Event = field(default_factory=anyio.Event)
    done: anyio.Event = field(default_factory=anyio.Event)

    async def arrive(self) -> None:
        self.ready += 1
        if self.ready == self.clients:
            self.start, self.cpu = time.perf_counter(), time.process_time()
            self.go.set()
        await self.go.wait()

    async def leave(self) -> None:
        self.finished += 1
        if self.finished == self.clients:
            self.wall = time.perf_counter() - self.start
            self.cpu_share = (time.process_time() - self.cpu) / self.wall
            self.done.set()
        await self.done.wait()


async def run_clients(connect: Connect, ops: list[Op], clients: int, calls: int, warmup: int,
                      campaigns: list[str]) -> dict[Op, _Phase]:
    """`clients` concurrent sessions; per op: `warmup` unmeasured calls each, then `calls` measured."""
    phases = {op: _Phase(clients) for op in ops}

    async def client_task(i: int) -> None:
        async with connect() as client:
            for op in ops:
                run = operation(op, client, campaigns[i])
                for _ in range(warmup):
                    await run()
                phase = phases[op]
                await phase.arrive()
                for _ in range(calls):
                    t = time.perf_counter()
                    await run()
                    phase.latencies.append(time.perf_counter() - t)
                await phase.leave()

    async with anyio.create_task_group() as tg:
        for i in range(clients):
            tg.start_soon(client_task, i)
    return phases


def _percentile(sorted_values: list[float], q: float) -> float:
    """Nearest rank: the smallest value with at least q of the samples at or below it."""
    rank = max(1, -(-len(sorted_values) * q // 100))
    return sorted_values[int(rank) - 1]


def _row(transport: Transport, clients: int, op: Op, phase: _Phase) -> dict[str, Any]:
    lat = sorted(phase.latencies)
    return {"transport": transport, "clients": clients, "op": op, "calls": len(lat),
            "p50_ms": 1000 * _percentile(lat, 50), "p99_ms": 1000 * _percentile(lat, 99),
            "calls_per_s": len(lat) / phase.wall, "client_cpu": phase.cpu_share}


async def _measure_transport(transport: Transport, world: World, plan: list[tuple[int, int]],
                             warmup: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with ExitStack() as stack:
        if transport == "stdio":
            echo, ours = stdio_connect("echo", world), stdio_connect("ours", world)
        else:
            echo = http_connect(stack.enter_context(http_server("echo", world)), None)
            ours = http_connect(stack.enter_context(http_server("ours", world)), TOKEN)
        for clients, calls in plan:
            base = await run_clients(echo, ["echo"], clients, calls, warmup, world.campaigns)
            mine = await run_clients(ours, ["read", "write"], clients, calls, warmup, world.campaigns)
            rows += [_row(transport, clients, op, p) for op, p in {**base, **mine}.items()]
    return rows


def _with_ratios(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    echo = {(r["transport"], r["clients"]): r for r in rows if r["op"] == "echo"}
    for r in rows:
        e = echo[(r["transport"], r["clients"])]
        r["p50_ratio"] = r["p50_ms"] / e["p50_ms"]
        r["p99_ratio"] = r["p99_ms"] / e["p99_ms"]
        r["calls_per_s_ratio"] = r["calls_per_s"] / e["calls_per_s"]
    return rows


def measure(smoke: bool) -> dict[str, Any]:
    plan = [(1, 5), (2, 5)] if smoke else [(1, 200), (16, 30)]
    warmup = 1 if smoke else 5
    with tempfile.TemporaryDirectory() as tmp:
        world = make_world(Path(tmp), max(c for c, _ in plan))

        async def run_all() -> list[dict[str, Any]]:
            return [r for t in ("stdio", "http") for r in await _measure_transport(t, world, plan, warmup)]

        rows = _with_ratios(anyio.run(run_all))
    target = [{"transport": r["transport"], "clients": r["clients"], "read_p50_ratio": r["p50_ratio"],
               "pass": r["p50_ratio"] <= TARGET_READ_P50_RATIO} for r in rows if r["op"] == "read"]
    return {"smoke": smoke, "warmup_calls": warmup, "calls_per_client": {str(c): n for c, n in plan},
            "rows": rows, "target": target}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="1 and 2 clients, 5 calls each: check that it runs")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--serve-echo", action="store_true", help="run the baseline echo server (a subprocess)")
    parser.add_argument("--transport", choices=["stdio", "http"], default="stdio", help="with --serve-echo")
    parser.add_argument("--port", type=int, default=8000, help="with --serve-echo --transport http")
    args = parser.parse_args(argv)
    if args.serve_echo:
        serve_echo(args.transport, args.port)
        return 0
    res = measure(args.smoke)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print("MCP tool calls: latency, throughput, and each as a ratio (x) to the echo tool on the same transport "
          "and clients")
    print("read = get_report(days=1, group_by=[lever]); write = update_campaign + commit_plan, one operation")
    print(f"{'transport':<9} {'clients':>7} {'op':<5} {'calls':>5} {'p50 ms':>8} {'p99 ms':>8} {'calls/s':>8} "
          f"{'p50 x':>6} {'p99 x':>6} {'calls/s x':>9} {'client CPU':>10}")
    for r in res["rows"]:
        print(f"{r['transport']:<9} {r['clients']:>7} {r['op']:<5} {r['calls']:>5} {r['p50_ms']:>8.2f} "
              f"{r['p99_ms']:>8.2f} {r['calls_per_s']:>8.0f} {r['p50_ratio']:>6.2f} {r['p99_ratio']:>6.2f} "
              f"{r['calls_per_s_ratio']:>9.2f} {r['client_cpu']:>10.0%}")
    print(f"\ntarget: reads <= {TARGET_READ_P50_RATIO}x the echo tool's p50 latency")
    print(f"{'transport':<9} {'clients':>7} {'read p50 x':>10} {'result':>6}")
    for t in res["target"]:
        print(f"{t['transport']:<9} {t['clients']:>7} {t['read_p50_ratio']:>10.2f} {'PASS' if t['pass'] else 'MISS':>6}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
