"""`zhanggui chat`: approvals answered in the chat reach the servers; a restarted chat asks again."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from app.chat import approval_answer, run_chat
from market import SimMarket

PENDING = [{"plan_id": "prp_aaa", "summary": "a"}, {"plan_id": "prp_bbb", "summary": "b"}]


@pytest.mark.parametrize(("text", "approve", "reject"), [
    ("批准", ["prp_aaa", "prp_bbb"], []),
    ("yes", ["prp_aaa", "prp_bbb"], []),
    ("拒绝", [], ["prp_aaa", "prp_bbb"]),
    ("only prp_bbb please", ["prp_bbb"], ["prp_aaa"]),
])
def test_answers_to_pending_plans(text: str, approve: list[str], reject: list[str]) -> None:
    a = approval_answer(text, PENDING)
    assert a is not None and a.approve == approve and a.reject == reject


def test_an_unclear_answer_decides_nothing() -> None:
    assert approval_answer("what does it cost?", PENDING) is None


def _reader(lines: list[str]):  # noqa: ANN202
    it = iter(lines)

    def read(_: str) -> str:
        try:
            return next(it)
        except StopIteration:
            raise EOFError from None  # what input() does at the end of the terminal's input

    return read


def test_chat_approves_and_a_restart_resumes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHANGGUI_ALLOW_MODEL_REQUESTS", "0")
    db = tmp_path / "w.db"
    SimMarket.create(db, 3, "tiny", history_days=2).close()
    ck = tmp_path / "ck.db"
    out = Console(file=io.StringIO(), width=200)
    # First session: the goal, then the chat is killed while the approval waits.
    run_chat(db, ck, thread="t", read=_reader(["budget 5000 yuan this week, overall ROI at least 2.5, all products"]), out=out)
    assert "prp_" in out.file.getvalue()  # type: ignore[attr-defined]
    # Second session, same thread: it asks again; the merchant approves every round.
    out2 = Console(file=io.StringIO(), width=200)
    run_chat(db, ck, thread="t", read=_reader(["批准", "批准", "批准"]), out=out2)
    assert "Resuming the conversation" in out2.file.getvalue()  # type: ignore[attr-defined]
    m = SimMarket.open(db)
    try:
        assert [p.status for p in m.list_overall_plans(m.list_shops()[0].id)] == ["active"]
    finally:
        m.close()
