"""A step is all or nothing: a killed process or a failing step leaves a consistent database."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from market import SimMarket
from market.sim import orders as orders_module

ROOT = Path(__file__).resolve().parents[2]
_ADVANCE = "import sys; from market import SimMarket; SimMarket.open(sys.argv[1]).advance(int(sys.argv[2]))"


def _step_of(path: Path) -> int:
    conn = sqlite3.connect(path, timeout=30)
    try:
        row = conn.execute("SELECT value FROM world WHERE key = 'step'").fetchone()
        return int(row[0])
    finally:
        conn.close()


def test_killed_advance_leaves_whole_steps_and_resumes_identically(tiny_world_file: Path, tmp_path: Path) -> None:
    killed, clean = tmp_path / "killed.db", tmp_path / "clean.db"
    shutil.copyfile(tiny_world_file, killed)
    shutil.copyfile(tiny_world_file, clean)
    start = _step_of(killed)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", _ADVANCE, str(killed), "500"], env=env, cwd=ROOT)
    try:
        # Poll the database (a reader never blocks the WAL writer) until a few steps are committed.
        for _ in range(6000):
            if _step_of(killed) >= start + 3 or proc.poll() is not None:
                break
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the child should have been killed mid-advance"

    m = SimMarket.open(killed)
    reached = m.now().step
    assert start + 3 <= reached < start + 500
    assert m.store.check_integrity() == []
    # Every committed step is complete: its traffic rows and its auction rows exist, nothing later.
    assert m.store.scalar("SELECT MAX(step) FROM traffic_steps") == reached - 1
    assert m.store.scalar("SELECT COUNT(*) FROM traffic_steps WHERE step >= ?", (start,)) == 4 * (reached - start)
    assert m.store.scalar("SELECT MAX(step) FROM bidder_steps") == reached - 1
    assert m.store.scalar("SELECT COALESCE(MAX(step), -1) FROM ledger") <= reached - 1
    shop = m.list_shops()[0].id
    whole = m.report(shop)[0]
    assert whole.ad_spend_fen == sum(r.ad_spend_fen for r in m.report(shop, group_by=["creative"]))

    # Resuming gives exactly the world an uninterrupted run gives.
    m.advance(start + 60 - reached)
    c = SimMarket.open(clean)
    c.advance(60)
    assert m.digest() == c.digest()


def test_a_failing_step_is_rolled_back(tiny: SimMarket, monkeypatch: pytest.MonkeyPatch) -> None:
    before, step = tiny.digest(), tiny.now().step

    def boom(self: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(orders_module.OrderBook, "advance_lifecycle", boom)
    with pytest.raises(RuntimeError, match="disk on fire"):
        tiny.advance(1)
    assert tiny.now().step == step
    assert tiny.digest() == before
    monkeypatch.undo()
    tiny.advance(1)
    assert tiny.now().step == step + 1
