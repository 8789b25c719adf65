"""Ordered schema migrations. Never edit a step that has shipped: append a new one."""

from __future__ import annotations

from collections.abc import Callable

import sqlite3

import sqlite_utils

__all__ = ["MIGRATIONS", "migrate"]

_V1 = """
CREATE TABLE world (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE id_counters (
    prefix TEXT PRIMARY KEY,
    n INTEGER NOT NULL CHECK (n >= 0)
);
CREATE TABLE categories (
    key TEXT PRIMARY KEY,
    idx INTEGER NOT NULL UNIQUE,
    name_zh TEXT NOT NULL, name_en TEXT NOT NULL,
    elasticity REAL NOT NULL, base_ctr REAL NOT NULL, base_cvr REAL NOT NULL,
    return_rate REAL NOT NULL, exchange_rate REAL NOT NULL
);
CREATE TABLE segments (
    key TEXT PRIMARY KEY,
    idx INTEGER NOT NULL UNIQUE,
    name_zh TEXT NOT NULL, name_en TEXT NOT NULL,
    share REAL NOT NULL, interests TEXT NOT NULL,
    price_sensitivity REAL NOT NULL, base_propensity REAL NOT NULL
);
CREATE TABLE return_policies (
    category TEXT PRIMARY KEY REFERENCES categories(key),
    no_reason_days INTEGER NOT NULL, no_reason_allowed INTEGER NOT NULL,
    exception_zh TEXT NOT NULL, exception_en TEXT NOT NULL,
    auto_approve_steps INTEGER NOT NULL
);
CREATE TABLE shops (
    id TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL, name_en TEXT NOT NULL, main_category TEXT NOT NULL REFERENCES categories(key),
    rating REAL NOT NULL CHECK (rating BETWEEN 0 AND 5),
    balance_fen INTEGER NOT NULL CHECK (balance_fen >= 0),
    created_step INTEGER NOT NULL
);
CREATE TABLE products (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id),
    key TEXT NOT NULL,
    title_zh TEXT NOT NULL, title_en TEXT NOT NULL,
    category TEXT NOT NULL REFERENCES categories(key),
    price_fen INTEGER NOT NULL CHECK (price_fen > 0),
    ref_price_fen INTEGER NOT NULL CHECK (ref_price_fen > 0),
    unit_cost_fen INTEGER NOT NULL CHECK (unit_cost_fen >= 0),
    stock INTEGER NOT NULL CHECK (stock >= 0),
    attributes TEXT NOT NULL, selling_points_zh TEXT NOT NULL, selling_points_en TEXT NOT NULL,
    faq TEXT NOT NULL, variants TEXT NOT NULL,
    return_exception INTEGER NOT NULL,
    appeal REAL NOT NULL,
    status TEXT NOT NULL
);
CREATE INDEX products_shop ON products(shop_id);
CREATE TABLE knowledge (
    id INTEGER PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id),
    topic TEXT NOT NULL,
    q_zh TEXT NOT NULL, a_zh TEXT NOT NULL, q_en TEXT NOT NULL, a_en TEXT NOT NULL
);
CREATE TABLE buyers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL, phone TEXT NOT NULL UNIQUE, email TEXT NOT NULL UNIQUE,
    segment TEXT NOT NULL REFERENCES segments(key),
    city TEXT NOT NULL, address TEXT NOT NULL, remote INTEGER NOT NULL
);
CREATE INDEX buyers_segment ON buyers(segment);
CREATE TABLE campaigns (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id),
    name TEXT NOT NULL,
    product_id TEXT NOT NULL REFERENCES products(id),
    channel TEXT NOT NULL,
    bid_type TEXT NOT NULL,
    roi_goal REAL, target_cost_fen INTEGER,
    daily_budget_fen INTEGER NOT NULL CHECK (daily_budget_fen >= 0),
    bid_multiplier REAL NOT NULL,
    schedule TEXT NOT NULL,
    status TEXT NOT NULL,
    smart_coupon INTEGER NOT NULL,
    created_step INTEGER NOT NULL,
    pacing REAL NOT NULL DEFAULT 1.0,
    conversions_total INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX campaigns_shop ON campaigns(shop_id);
CREATE TABLE overall_plans (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id),
    name TEXT NOT NULL,
    product_ids TEXT NOT NULL,
    roi_goal REAL NOT NULL,
    daily_budget_fen INTEGER NOT NULL CHECK (daily_budget_fen >= 0),
    bid_multiplier REAL NOT NULL,
    schedule TEXT NOT NULL,
    status TEXT NOT NULL,
    smart_coupon INTEGER NOT NULL,
    created_step INTEGER NOT NULL,
    pacing REAL NOT NULL DEFAULT 1.0,
    conversions_total INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX overall_plans_shop ON overall_plans(shop_id);
CREATE TABLE creatives (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id),
    product_id TEXT NOT NULL REFERENCES products(id),
    format TEXT NOT NULL, title TEXT NOT NULL, hook TEXT NOT NULL, script TEXT NOT NULL,
    selling_points TEXT NOT NULL,
    quality REAL NOT NULL, fatigue REAL NOT NULL CHECK (fatigue BETWEEN 0 AND 1),
    exposures INTEGER NOT NULL CHECK (exposures >= 0),
    status TEXT NOT NULL, created_step INTEGER NOT NULL
);
CREATE INDEX creatives_product ON creatives(product_id);
CREATE TABLE coupons (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id),
    name TEXT NOT NULL, kind TEXT NOT NULL, type TEXT NOT NULL,
    threshold_fen INTEGER NOT NULL, discount_fen INTEGER NOT NULL, percent_off REAL NOT NULL,
    max_discount_fen INTEGER,
    product_ids TEXT NOT NULL,
    stock INTEGER NOT NULL CHECK (stock >= 0),
    issued INTEGER NOT NULL, used INTEGER NOT NULL,
    per_buyer_limit INTEGER NOT NULL,
    claim_start_step INTEGER NOT NULL, claim_end_step INTEGER NOT NULL, use_end_step INTEGER NOT NULL,
    target TEXT NOT NULL, target_segment TEXT, buyer_id TEXT REFERENCES buyers(id),
    status TEXT NOT NULL, created_step INTEGER NOT NULL
);
CREATE INDEX coupons_shop ON coupons(shop_id);
CREATE TABLE coupon_claims (
    id INTEGER PRIMARY KEY,
    coupon_id TEXT NOT NULL REFERENCES coupons(id),
    buyer_id TEXT NOT NULL REFERENCES buyers(id),
    step INTEGER NOT NULL,
    order_id TEXT,
    discount_fen INTEGER NOT NULL
);
CREATE INDEX coupon_claims_coupon ON coupon_claims(coupon_id, buyer_id);
CREATE TABLE creators (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE, category TEXT NOT NULL REFERENCES categories(key),
    followers INTEGER NOT NULL, audience_mix TEXT NOT NULL,
    engagement_rate REAL NOT NULL, fee_fen INTEGER NOT NULL, commission_rate REAL NOT NULL,
    content_quality REAL NOT NULL, profile_zh TEXT NOT NULL, profile_en TEXT NOT NULL
);
CREATE TABLE collaborations (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id),
    creator_id TEXT NOT NULL REFERENCES creators(id),
    product_id TEXT NOT NULL REFERENCES products(id),
    type TEXT NOT NULL, fee_fen INTEGER NOT NULL, commission_rate REAL NOT NULL, cpm_fen INTEGER NOT NULL,
    status TEXT NOT NULL,
    created_step INTEGER NOT NULL, decide_step INTEGER NOT NULL,
    accepted_step INTEGER, publish_step INTEGER, end_step INTEGER,
    impressions INTEGER NOT NULL DEFAULT 0, clicks INTEGER NOT NULL DEFAULT 0,
    orders INTEGER NOT NULL DEFAULT 0, gmv_fen INTEGER NOT NULL DEFAULT 0,
    commission_fen INTEGER NOT NULL DEFAULT 0, fee_paid_fen INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX collaborations_shop ON collaborations(shop_id);
CREATE TABLE commission_plans (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id),
    product_id TEXT NOT NULL REFERENCES products(id),
    kind TEXT NOT NULL, commission_rate REAL NOT NULL, creator_ids TEXT NOT NULL,
    status TEXT NOT NULL, created_step INTEGER NOT NULL
);
CREATE TABLE competitors (
    id TEXT PRIMARY KEY,
    category TEXT NOT NULL REFERENCES categories(key),
    channel TEXT,
    daily_budget_fen INTEGER NOT NULL,
    strength REAL NOT NULL,
    pacing REAL NOT NULL,
    entered_step INTEGER NOT NULL,
    event_id TEXT
);
CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id),
    buyer_id TEXT NOT NULL REFERENCES buyers(id),
    total_fen INTEGER NOT NULL, discount_fen INTEGER NOT NULL, paid_fen INTEGER NOT NULL CHECK (paid_fen >= 0),
    coupon_id TEXT, lever TEXT NOT NULL, campaign_id TEXT, collaboration_id TEXT, channel TEXT,
    status TEXT NOT NULL,
    created_step INTEGER NOT NULL, shipped_step INTEGER, delivered_step INTEGER,
    carrier TEXT NOT NULL, tracking_no TEXT NOT NULL,
    plan_ship_step INTEGER NOT NULL, plan_transit_step INTEGER NOT NULL,
    plan_deliver_step INTEGER NOT NULL,
    plan_return_step INTEGER, plan_return_kind TEXT, plan_return_reason TEXT,
    cogs_fen INTEGER NOT NULL, platform_fee_fen INTEGER NOT NULL, commission_fen INTEGER NOT NULL,
    attributed INTEGER NOT NULL
);
CREATE INDEX orders_shop_buyer ON orders(shop_id, buyer_id);
CREATE INDEX orders_ship ON orders(status, plan_ship_step);
CREATE INDEX orders_transit ON orders(status, plan_transit_step);
CREATE INDEX orders_deliver ON orders(status, plan_deliver_step);
CREATE INDEX orders_return ON orders(plan_return_step);
CREATE TABLE order_lines (
    order_id TEXT NOT NULL REFERENCES orders(id),
    line_no INTEGER NOT NULL,
    product_id TEXT NOT NULL REFERENCES products(id),
    variant TEXT, qty INTEGER NOT NULL CHECK (qty >= 1),
    unit_price_fen INTEGER NOT NULL, paid_fen INTEGER NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
CREATE INDEX order_lines_product ON order_lines(product_id);
CREATE TABLE order_events (
    id INTEGER PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders(id),
    step INTEGER NOT NULL, status TEXT NOT NULL, note TEXT NOT NULL
);
CREATE INDEX order_events_order ON order_events(order_id);
CREATE TABLE logistics_events (
    id INTEGER PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders(id),
    step INTEGER NOT NULL, status TEXT NOT NULL, location TEXT NOT NULL, description TEXT NOT NULL
);
CREATE INDEX logistics_events_order ON logistics_events(order_id);
CREATE TABLE returns (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id),
    order_id TEXT NOT NULL REFERENCES orders(id),
    buyer_id TEXT NOT NULL REFERENCES buyers(id),
    kind TEXT NOT NULL, reason TEXT NOT NULL, variant_to TEXT,
    status TEXT NOT NULL, refund_fen INTEGER NOT NULL,
    created_step INTEGER NOT NULL, resolved_step INTEGER, due_step INTEGER,
    note TEXT NOT NULL
);
CREATE INDEX returns_order ON returns(order_id);
CREATE INDEX returns_status ON returns(status, due_step);
CREATE TABLE ledger (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id TEXT NOT NULL REFERENCES shops(id),
    step INTEGER NOT NULL,
    kind TEXT NOT NULL, amount_fen INTEGER NOT NULL, lever TEXT NOT NULL,
    product_id TEXT, channel TEXT, campaign_id TEXT, ref_id TEXT
);
CREATE INDEX ledger_shop_step ON ledger(shop_id, step);
CREATE TRIGGER ledger_append_only_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_append_only_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TABLE ad_stats (
    step INTEGER NOT NULL,
    shop_id TEXT NOT NULL,
    campaign_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    creative_id TEXT NOT NULL,
    impressions INTEGER NOT NULL, clicks INTEGER NOT NULL,
    conversions INTEGER NOT NULL, orders INTEGER NOT NULL,
    spend_fen INTEGER NOT NULL, gmv_fen INTEGER NOT NULL,
    PRIMARY KEY (step, campaign_id, channel, product_id, creative_id)
);
CREATE INDEX ad_stats_shop_step ON ad_stats(shop_id, step);
CREATE TABLE bidder_steps (
    step INTEGER NOT NULL,
    bidder_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    shop_id TEXT,
    bid_k REAL NOT NULL,
    budget_left_fen INTEGER NOT NULL,
    eligible INTEGER NOT NULL, won INTEGER NOT NULL, shown INTEGER NOT NULL,
    dropped INTEGER NOT NULL,
    spend_fen INTEGER NOT NULL,
    landscape TEXT NOT NULL,
    ctx_ecpm BLOB NOT NULL,
    ctx_product BLOB,
    PRIMARY KEY (step, bidder_id, channel)
);
CREATE INDEX bidder_steps_bidder ON bidder_steps(bidder_id, step);
CREATE TABLE bidder_days (
    bidder_id TEXT NOT NULL,
    day INTEGER NOT NULL,
    spend_fen INTEGER NOT NULL,
    PRIMARY KEY (bidder_id, day)
);
CREATE INDEX bidder_days_day ON bidder_days(day);
CREATE TABLE traffic_steps (
    step INTEGER NOT NULL, channel TEXT NOT NULL, impressions INTEGER NOT NULL,
    PRIMARY KEY (step, channel)
);
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    start_step INTEGER NOT NULL, end_step INTEGER,
    params TEXT NOT NULL, description TEXT NOT NULL
);
"""


def _run_script(db: sqlite_utils.Database, script: str) -> None:
    """Run statements one by one: `executescript` would commit the migration's transaction early."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            db.conn.execute(buffer)
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buffer[:80]!r}")


def _v1(db: sqlite_utils.Database) -> None:
    _run_script(db, _V1)


_V2 = """
CREATE TABLE spend_policies (
    shop_id TEXT PRIMARY KEY REFERENCES shops(id),
    policy TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE TABLE change_plans (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id),
    tool TEXT NOT NULL,
    action TEXT NOT NULL,
    target_id TEXT,
    summary TEXT NOT NULL,
    diff TEXT NOT NULL,
    spend_delta_fen INTEGER NOT NULL,
    risk_tier TEXT NOT NULL,
    needs_approval INTEGER NOT NULL,
    checksum TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_step INTEGER NOT NULL,
    expires_step INTEGER NOT NULL,
    status TEXT NOT NULL,
    decided_by TEXT,
    decision_note TEXT,
    idempotency_key TEXT,
    result TEXT
);
CREATE INDEX change_plans_shop ON change_plans(shop_id, status);
CREATE UNIQUE INDEX change_plans_idempotency ON change_plans(shop_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id TEXT NOT NULL REFERENCES shops(id),
    step INTEGER NOT NULL,
    actor TEXT NOT NULL,
    event TEXT NOT NULL,
    plan_id TEXT,
    target_id TEXT,
    details TEXT NOT NULL
);
CREATE INDEX audit_log_shop ON audit_log(shop_id, id);
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE escalations (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id),
    buyer_id TEXT REFERENCES buyers(id),
    order_id TEXT,
    reason TEXT NOT NULL,
    summary TEXT NOT NULL,
    status TEXT NOT NULL,
    created_step INTEGER NOT NULL
);
"""


def _v2(db: sqlite_utils.Database) -> None:
    _run_script(db, _V2)


MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("0001_initial", _v1),
    ("0002_governance", _v2),
]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the pending migrations in order; return the names applied."""
    db.conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_order INTEGER NOT NULL)"
    )
    done = {row[0] for row in db.conn.execute("SELECT name FROM _migrations")}
    applied = []
    for order, (name, step) in enumerate(MIGRATIONS):
        if name in done:
            continue
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            step(db)
            db.conn.execute("INSERT INTO _migrations (name, applied_order) VALUES (?, ?)", (name, order))
            db.conn.execute("COMMIT")
        except BaseException:
            db.conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied

