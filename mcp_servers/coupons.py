"""The coupons server: shop coupons (满减, 立减, 折扣), smart coupons, service compensation, 凑单 plans.

Creating, activating, restocking and ending coupons, switching a campaign's smart coupon and issuing
a customer-service coupon move money, so they are proposals applied with commit_plan (every
server carries the change tools, see mcp_servers/changes.py). Run alone with
`python -m mcp_servers.coupons` or `zhanggui serve coupons`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, Field, ValidationError

from market import STEPS_PER_DAY, Backend, Conflict, NotFound
from market.specs import CouponSpec
from market.types import Coupon, Order
from market.types.policy import SpendPolicy
from mcp_servers import ads as _ads  # noqa: F401  registers the update_campaign action set_smart_coupon reuses
from mcp_servers import governance as gov
from mcp_servers.cart import MAX_UNITS, CartOrder, CouponRule, Unit, best_split
from mcp_servers.changes import register_change_tools
from mcp_servers.governance import ACTIONS, Action, Assessment, FieldChange, PlanView
from mcp_servers.runtime import Page, ToolRuntime, decode_cursor, market_errors, next_cursor, register, validated

__all__ = ["build_coupons_server"]

INSTRUCTIONS = """Coupons for one merchant's shop: 满减 (threshold), 立减 (direct) and 折扣 (percent) coupons,
campaigns' smart coupons, customer-service compensation coupons, and best_price_plan, the cheapest
way (凑单) for a buyer to pay for a cart with the shop's coupons. Money is in fen (1 yuan = 100 fen).
Liability = stock x face value (discount_fen, or max_discount_fen for percent coupons); the merchant
caps it. create_coupon, activate_coupon, add_coupon_stock, end_coupon, set_smart_coupon and
issue_service_coupon only return a plan: apply it with commit_plan (plan_id, checksum, a fresh
idempotency_key). get_account (ads) shows the liability and the merchant's limits."""

T = TypeVar("T", bound=BaseModel)
CouponStatusArg = Literal["draft", "active", "ended"]
CouponTypeArg = Literal["threshold", "direct", "percent"]
TargetArg = Literal["all", "new_buyers", "segment", "low_propensity"]

_PAGE = 200  # the market's largest page


class CouponPage(Page):
    items: list[Coupon]


class CouponStats(BaseModel):
    coupon_id: str
    name: str
    status: CouponStatusArg
    stock_left: int = Field(description="Coupons still available to claim.")
    issued: int
    used: int
    buyers: int = Field(description="Distinct buyers who used it.")
    discount_given_fen: int = Field(description="Total discount it gave.")
    paid_gmv_fen: int = Field(description="What buyers paid for the orders that used it.")


class CartItem(BaseModel):
    product_id: str = Field(description="Product id (prd_...) of this shop.")
    qty: int = Field(ge=1, le=MAX_UNITS, description="How many units of it.")


class PlanLine(BaseModel):
    product_id: str
    title: str
    qty: int
    unit_price_fen: int
    list_fen: int = Field(description="qty x unit_price_fen")


class PlannedOrder(BaseModel):
    items: list[PlanLine]
    coupon_id: str | None = Field(description="The coupon to use on this order; null = none.")
    coupon_name: str | None
    list_fen: int
    discount_fen: int
    pay_fen: int


class PricePlan(BaseModel):
    orders: list[PlannedOrder] = Field(description="Place these orders, each with its coupon: the cheapest way.")
    list_fen: int = Field(description="The whole cart at list price (one order, no coupon).")
    pay_fen: int = Field(description="What the orders above cost together.")
    saved_fen: int = Field(description="list_fen - pay_fen.")
    single_order: PlannedOrder = Field(description="For comparison: the whole cart as one order with its best coupon.")
    coupons_considered: list[str] = Field(description="Ids of the coupons the buyer can use now.")
    explanation: str


# ---- helpers ---------------------------------------------------------------------------------




def _pages(fetch: Callable[[int], list[T]]) -> Iterator[T]:
    """Every item of a paged market listing."""
    offset = 0
    while True:
        page = fetch(offset)
        yield from page
        if len(page) < _PAGE:
            return
        offset += len(page)


def _all_coupons(m: Backend, shop: str, status: str | None = None) -> list[Coupon]:
    return list(_pages(lambda o: m.list_coupons(shop, status=status, limit=_PAGE, offset=o)))


def _buyer_orders(m: Backend, shop: str, buyer_id: str) -> list[Order]:
    return list(_pages(lambda o: m.list_orders(shop, buyer_id, limit=_PAGE, offset=o)))


def _face(c: Coupon | CouponSpec) -> int:
    """The most one coupon can take off: what the liability counts per unit of stock."""
    return (c.max_discount_fen or 0) if c.type == "percent" else c.discount_fen


def _liability(c: Coupon) -> int:
    return 0 if c.status == "ended" else c.stock * _face(c)


def _yuan(fen: int) -> str:
    return f"{fen / 100:.2f}"


def _terms(c: Coupon | CouponSpec) -> str:
    if c.type == "threshold":
        return f"满{_yuan(c.threshold_fen)}减{_yuan(c.discount_fen)}"
    if c.type == "direct":
        return f"立减{_yuan(c.discount_fen)}"
    floor = f" from {_yuan(c.threshold_fen)}" if c.threshold_fen else ""
    return f"{c.percent_off:.0%} off{floor}, at most {_yuan(c.max_discount_fen or 0)}"


def _liability_checks(m: Backend, shop: str, policy: SpendPolicy, exclude: str | None, added: int) -> list[str]:
    total = m.changes.coupon_liability(shop, exclude_id=exclude) + added
    if total > policy.max_coupon_liability_fen:
        return [f"coupon liability would total {total} fen, over the cap of {policy.max_coupon_liability_fen} fen"]
    return []


def _check_terms(m: Backend, shop: str, spec: CouponSpec) -> None:
    """Refuse terms the market would reject at commit, and percent coupons without a cap."""
    gov.require(spec.type == "percent" or (spec.percent_off == 0 and spec.max_discount_fen is None),
                f"percent_off and max_discount_fen are for percent coupons; leave them out for a {spec.type} coupon")
    if spec.type == "percent":
        gov.require(spec.percent_off > 0, "a percent coupon needs percent_off > 0 (0.1 = 10% off)")
        gov.require(spec.max_discount_fen is not None, "a percent coupon needs max_discount_fen (the most one "
                    "coupon takes off) so its liability is bounded")
        gov.require(spec.discount_fen == 0, "discount_fen is for threshold and direct coupons; a percent coupon uses "
                    "percent_off and max_discount_fen")
    elif spec.type == "direct":
        gov.require(spec.discount_fen > 0, "a direct coupon needs discount_fen > 0")
        gov.require(spec.threshold_fen == 0, "a direct (立减) coupon has no threshold; use type 'threshold' for 满减")
    else:
        gov.require(spec.discount_fen > 0, "a threshold coupon needs discount_fen > 0")
        gov.require(spec.threshold_fen > spec.discount_fen, "threshold_fen must exceed discount_fen (满 > 减)")
    gov.require((spec.target == "segment") == (spec.target_segment is not None),
                "target_segment is required with target 'segment' and only then")
    if spec.target_segment is not None:
        keys = [seg.key for seg in m.list_segments()]
        gov.require(spec.target_segment in keys, f"unknown target_segment {spec.target_segment!r}; use one of: "
                    + ", ".join(keys))
    for pid in spec.product_ids:
        m.get_product(shop, pid)
    now = m.changes.now()
    try:
        Coupon(id="cpn_check", shop_id=shop, name=spec.name, type=spec.type, threshold_fen=spec.threshold_fen,
               discount_fen=spec.discount_fen, percent_off=spec.percent_off, max_discount_fen=spec.max_discount_fen,
               product_ids=spec.product_ids, stock=spec.stock, per_buyer_limit=spec.per_buyer_limit,
               claim_start_step=now, claim_end_step=now + spec.claim_days * STEPS_PER_DAY,
               use_end_step=now + (spec.claim_days + spec.use_days_after_claim_end) * STEPS_PER_DAY,
               target=spec.target, target_segment=spec.target_segment, created_step=now)
    except ValidationError as exc:
        gov.require(False, f"invalid coupon: {exc.errors()[0]['msg'].removeprefix('Value error, ')}")


def _creation_status(policy: SpendPolicy) -> Literal["draft", "active"]:
    return "draft" if policy.new_objects_paused else "active"


def _service_coupons(m: Backend, shop: str, buyer_id: str) -> list[Coupon]:
    return [c for c in _all_coupons(m, shop) if c.kind == "service" and c.buyer_id == buyer_id]


# ---- actions (what a committed plan does) ---------------------------------------------------


def _assess_create(m: Backend, shop: str, args: dict[str, Any], policy: SpendPolicy) -> Assessment:
    spec = CouponSpec.model_validate(args)
    _check_terms(m, shop, spec)
    status = _creation_status(policy)
    delta = spec.stock * _face(spec)
    diff = [FieldChange(field=k, after=v) for k, v in spec.model_dump(mode="json", exclude_none=True).items()
            if k != "status"]
    diff.append(FieldChange(field="status", after=status))
    return Assessment(
        summary=f"create {status} coupon '{spec.name}' ({_terms(spec)}), stock {spec.stock}: liability +{delta} fen",
        target_id=None, diff=diff, spend_delta_fen=delta,
        violations=_liability_checks(m, shop, policy, None, delta),
    )


def _apply_create(m: Backend, shop: str, args: dict[str, Any]) -> BaseModel:
    spec = CouponSpec.model_validate(args)
    return m.create_coupon(shop, spec.model_copy(update={"status": _creation_status(m.changes.spend_policy(shop))}))


def _assess_activate(m: Backend, shop: str, args: dict[str, Any], policy: SpendPolicy) -> Assessment:
    c = m.get_coupon(shop, args["coupon_id"])
    if c.status != "draft":
        raise Conflict(f"coupon {c.id} is {c.status}; only a draft can be activated")
    if c.claim_end_step <= m.changes.now():
        raise Conflict(f"coupon {c.id}'s claim window ended at step {c.claim_end_step}",
                       hint="create a new coupon with create_coupon")
    delta = c.stock * _face(c)
    return Assessment(summary=f"activate coupon {c.id} '{c.name}' ({_terms(c)}), stock {c.stock}: {delta} fen "
                      "becomes claimable", target_id=c.id,
                      diff=[FieldChange(field="status", before="draft", after="active")], spend_delta_fen=delta,
                      violations=_liability_checks(m, shop, policy, c.id, delta))


def _assess_add_stock(m: Backend, shop: str, args: dict[str, Any], policy: SpendPolicy) -> Assessment:
    c = m.get_coupon(shop, args["coupon_id"])
    if c.status == "ended":
        raise Conflict(f"coupon {c.id} has ended", hint="create a new coupon with create_coupon")
    amount = int(args["amount"])
    gov.require(1 <= amount <= 1_000_000, f"amount must be 1..1000000, got {amount}")
    delta = amount * _face(c)
    return Assessment(summary=f"add {amount} to coupon {c.id} '{c.name}' ({_terms(c)}): liability +{delta} fen",
                      target_id=c.id, diff=[FieldChange(field="stock", before=c.stock, after=c.stock + amount)],
                      spend_delta_fen=delta,
                      violations=_liability_checks(m, shop, policy, c.id, (c.stock + amount) * _face(c)))


def _assess_end(m: Backend, shop: str, args: dict[str, Any], policy: SpendPolicy) -> Assessment:
    c = m.get_coupon(shop, args["coupon_id"])
    if c.status == "ended":
        raise Conflict(f"coupon {c.id} has already ended")
    return Assessment(summary=f"end coupon {c.id} '{c.name}' ({_terms(c)}): liability -{_liability(c)} fen; "
                      "buyers can no longer claim it", target_id=c.id,
                      diff=[FieldChange(field="status", before=c.status, after="ended")],
                      spend_delta_fen=-_liability(c))


def _assess_service(m: Backend, shop: str, args: dict[str, Any], policy: SpendPolicy) -> Assessment:
    buyer, amount, order_id = args["buyer_id"], int(args["amount_fen"]), args.get("order_id")
    gov.require(1 <= amount <= 100_000, f"amount_fen must be 1..100000, got {amount}")
    gov.require(bool(str(args["reason"]).strip()), "reason must say why the buyer is compensated")
    if order_id is not None and m.get_order(shop, order_id).order.buyer_id != buyer:
        raise NotFound(f"order {order_id!r} not found for buyer {buyer!r}", hint="check the order id with find_buyer")
    if not m.list_orders(shop, buyer, limit=1):
        raise NotFound(f"buyer {buyer!r} has no orders with this shop", hint="find the buyer with find_buyer")
    v = []
    if amount > policy.max_service_coupon_fen:
        v.append(f"{amount} fen exceeds the cap of {policy.max_service_coupon_fen} fen per service coupon")
    today = m.changes.now() // STEPS_PER_DAY
    same_day = [c.id for c in _service_coupons(m, shop, buyer) if c.created_step // STEPS_PER_DAY == today]
    if same_day:
        v.append(f"buyer {buyer} already got service coupon {same_day[0]} today; one per buyer per day")
    v += _liability_checks(m, shop, policy, None, amount)
    diff = [FieldChange(field="buyer_id", after=buyer), FieldChange(field="amount_fen", after=amount),
            FieldChange(field="reason", after=args["reason"])]
    if order_id is not None:
        diff.append(FieldChange(field="order_id", after=order_id))
    return Assessment(summary=f"issue a {_yuan(amount)} yuan service coupon to buyer {buyer}: {args['reason']}",
                      target_id=None, diff=diff, spend_delta_fen=amount, violations=v)


def _coupon_state(m: Backend, shop: str, args: dict[str, Any]) -> Any:
    return m.get_coupon(shop, args["coupon_id"]).model_dump(mode="json")


ACTIONS.update({
    "create_coupon": Action(_assess_create, lambda m, s, a: None, _apply_create),
    "activate_coupon": Action(_assess_activate, _coupon_state, lambda m, s, a: m.activate_coupon(s, a["coupon_id"])),
    "add_coupon_stock": Action(_assess_add_stock, _coupon_state,
                               lambda m, s, a: m.add_coupon_stock(s, a["coupon_id"], int(a["amount"]))),
    "end_coupon": Action(_assess_end, _coupon_state, lambda m, s, a: m.end_coupon(s, a["coupon_id"])),
    "issue_service_coupon": Action(
        _assess_service,
        lambda m, s, a: sorted(c.id for c in _service_coupons(m, s, a["buyer_id"])),
        lambda m, s, a: m.issue_service_coupon(s, a["buyer_id"], int(a["amount_fen"]), a["reason"],
                                               order_id=a.get("order_id")),
    ),
})


# ---- 凑单 ------------------------------------------------------------------------------------


def _usable_coupons(m: Backend, shop: str, buyer_id: str | None) -> list[Coupon]:
    """Active coupons the buyer can claim now: shop coupons for everyone (target 'all'), and with a buyer
    also new-buyer / segment ones that fit and their own service coupons, minus those used up by them."""
    now = m.changes.now()
    live = [c for c in _all_coupons(m, shop, "active")
            if c.stock > 0 and c.claim_start_step <= now < c.claim_end_step]
    if buyer_id is None:
        return [c for c in live if c.kind == "shop" and c.target == "all"]
    orders = _buyer_orders(m, shop, buyer_id)
    segment = m.find_buyer(shop, order_id=orders[0].id).segment if orders else None
    uses: dict[str, int] = {}
    for o in orders:
        if o.coupon_id:
            uses[o.coupon_id] = uses.get(o.coupon_id, 0) + 1

    def fits(c: Coupon) -> bool:
        if c.kind == "service":
            return c.buyer_id == buyer_id
        if c.kind != "shop":
            return False
        return (c.target == "all" or (c.target == "new_buyers" and not orders)
                or (c.target == "segment" and segment is not None and c.target_segment == segment))

    return [c for c in live if fits(c) and uses.get(c.id, 0) < c.per_buyer_limit]


def _rule(c: Coupon) -> CouponRule:
    return CouponRule(coupon_id=c.id, type=c.type, threshold_fen=c.threshold_fen, discount_fen=c.discount_fen,
                      percent_off=c.percent_off, max_discount_fen=c.max_discount_fen,
                      product_ids=frozenset(c.product_ids))


def _explain(orders: list[PlannedOrder], single: PlannedOrder, list_fen: int, pay_fen: int) -> str:
    used = [o.coupon_name for o in orders if o.coupon_name]
    if not used:
        return f"No usable coupon applies to this cart: one order at {_yuan(list_fen)} yuan."
    if len(orders) == 1:
        return f"One order with {used[0]} is cheapest: pay {_yuan(pay_fen)} yuan, {_yuan(list_fen - pay_fen)} off."
    return (f"Split into {len(orders)} orders ({', '.join(used)}): pay {_yuan(pay_fen)} yuan, "
            f"{_yuan(list_fen - pay_fen)} off the list price and {_yuan(single.pay_fen - pay_fen)} less than one "
            "order with its best coupon.")


# ---- the server ------------------------------------------------------------------------------


def build_coupons_server(rt: ToolRuntime, server: MCPServer | None = None) -> MCPServer:
    """Register the coupon tools on `server` (a new one named 'zhanggui-coupons' by default)."""
    srv = server or MCPServer("zhanggui-coupons", instructions=INSTRUCTIONS)
    m = rt.market

    async def list_coupons(
        status: Annotated[CouponStatusArg | None, Field(description="Only coupons with this status.")] = None,
        limit: Annotated[int, Field(ge=1, le=100, description="Page size.")] = 20,
        cursor: Annotated[str | None, Field(description="next_cursor from the previous page.")] = None,
    ) -> CouponPage:
        """List the shop's coupons: shop, smart and service (one buyer's) coupons with terms, stock and status."""
        offset = decode_cursor(cursor)
        with market_errors():
            items = m.list_coupons(rt.shop(), status=status, limit=limit, offset=offset)
        return CouponPage(items=items, next_cursor=next_cursor(offset, len(items), limit))

    async def get_coupon_stats(coupon_id: Annotated[str, Field(description="Coupon id (cpn_...).")]) -> CouponStats:
        """How a coupon did: stock left, issued, used, distinct buyers, discount given, paid GMV of its orders."""
        with market_errors():
            shop = rt.shop()
            c = m.get_coupon(shop, coupon_id)
            s = m.coupon_stats(shop, coupon_id)
        return CouponStats(coupon_id=c.id, name=c.name, status=c.status, stock_left=s["stock_left"],
                           issued=s["issued"], used=s["used"], buyers=s["buyers"],
                           discount_given_fen=s["discount_fen"], paid_gmv_fen=s["paid_gmv_fen"])

    async def best_price_plan(
        items: Annotated[list[CartItem], Field(min_length=1, max_length=MAX_UNITS, description=(
            f"The cart: products and quantities, at most {MAX_UNITS} units in all."))],
        buyer_id: Annotated[str | None, Field(description=(
            "The buyer (byr_...): adds their service coupons and new-buyer / segment coupons they qualify for, and "
            "drops coupons they have used up. Without it only coupons for everyone count."))] = None,
    ) -> PricePlan:
        """The cheapest way to buy a cart with the shop's coupons (凑单), exact.

        Rules: one shop coupon per order; a coupon counts the list prices of the order's items it covers (its
        product_ids; none = every product) and applies when that sum reaches its threshold (a 立减 coupon takes
        off at most that sum); the buyer may split the cart into several orders to use several coupons; each
        coupon is used at most once. Returns the orders (items, coupon, list total, discount, pay), the total, the
        saving against one order without coupon, and the best single order for comparison."""
        with market_errors():
            shop = rt.shop()
            qty: dict[str, int] = {}
            for it in items:
                qty[it.product_id] = qty.get(it.product_id, 0) + it.qty
            units_n = sum(qty.values())
            if units_n > MAX_UNITS:
                raise ToolError(f"[invalid_input] the cart has {units_n} units; best_price_plan handles at most "
                                f"{MAX_UNITS}: plan part of the cart, then the rest")
            products = {pid: m.get_product(shop, pid) for pid in qty}
            off = [pid for pid, p in products.items() if p.status != "on_sale"]
            if off:
                raise ToolError(f"[conflict] not on sale: {', '.join(off)}; remove them from the cart")
            coupons = _usable_coupons(m, shop, buyer_id)
        units = [Unit(pid, products[pid].price_fen) for pid, n in qty.items() for _ in range(n)]
        plan = best_split(units, [_rule(c) for c in coupons])
        names = {c.id: c.name for c in coupons}

        def view(o: CartOrder) -> PlannedOrder:
            count: dict[str, int] = {}
            for i in o.units:
                count[units[i].product_id] = count.get(units[i].product_id, 0) + 1
            lines = [PlanLine(product_id=pid, title=products[pid].title_zh, qty=n,
                              unit_price_fen=products[pid].price_fen, list_fen=n * products[pid].price_fen)
                     for pid, n in count.items()]
            return PlannedOrder(items=lines, coupon_id=o.coupon_id, coupon_name=names.get(o.coupon_id or ""),
                                list_fen=o.list_fen, discount_fen=o.discount_fen, pay_fen=o.pay_fen)

        orders = [view(o) for o in plan.orders]
        single = view(plan.single_order)
        return PricePlan(orders=orders, list_fen=plan.list_fen, pay_fen=plan.pay_fen, saved_fen=plan.saved_fen,
                         single_order=single, coupons_considered=[c.id for c in coupons],
                         explanation=_explain(orders, single, plan.list_fen, plan.pay_fen))

    async def create_coupon(
        name: Annotated[str, Field(min_length=1, max_length=60, description="What buyers see, e.g. 满199减20.")],
        type: Annotated[CouponTypeArg, Field(description=(
            "threshold (满减): discount_fen off once the covered items reach threshold_fen; direct (立减): discount_fen "
            "off any order; percent (折扣): percent_off off, at most max_discount_fen, from threshold_fen."))],
        stock: Annotated[int, Field(gt=0, le=1_000_000, description=(
            "How many can be claimed; liability = stock x face value (discount_fen, or max_discount_fen)."))],
        threshold_fen: Annotated[int, Field(ge=0, description=(
            "Order amount (of covered items) that unlocks it; threshold and percent only."))] = 0,
        discount_fen: Annotated[int, Field(ge=0, description="Amount off, fen; threshold and direct only.")] = 0,
        percent_off: Annotated[float, Field(ge=0, lt=1, description="Share off for percent, 0.1 = 10% off.")] = 0.0,
        max_discount_fen: Annotated[int | None, Field(gt=0, description=(
            "Required for percent: the most one coupon takes off, fen."))] = None,
        product_ids: Annotated[list[str], Field(max_length=60, description=(
            "Products it covers (prd_...); empty = every product of the shop."))] = [],  # noqa: B006
        per_buyer_limit: Annotated[int, Field(ge=1, le=100, description="Uses per buyer.")] = 1,
        claim_days: Annotated[int, Field(ge=1, le=90, description="Days from now during which it can be claimed.")] = 7,
        target: Annotated[TargetArg, Field(description=(
            "Who may claim it: all, new_buyers (never ordered here), segment (needs target_segment), low_propensity "
            "(buyers unlikely to buy, chosen by the platform)."))] = "all",
        target_segment: Annotated[str | None, Field(description="Buyer segment key, with target 'segment'.")] = None,
    ) -> PlanView:
        """Propose a new coupon. Created as a draft when the merchant's policy starts new objects paused
        (activate it with activate_coupon), otherwise active. Nothing is created until commit_plan."""
        spec = validated(CouponSpec, {
            "name": name, "type": type, "threshold_fen": threshold_fen, "discount_fen": discount_fen,
            "percent_off": percent_off, "max_discount_fen": max_discount_fen, "product_ids": list(product_ids),
            "stock": stock, "per_buyer_limit": per_buyer_limit, "claim_days": claim_days, "target": target,
            "target_segment": target_segment})
        return gov.propose(m, rt.shop(), "create_coupon", "create_coupon", spec.model_dump(mode="json"))

    async def activate_coupon(
        coupon_id: Annotated[str, Field(description="A draft coupon's id (cpn_...).")],
    ) -> PlanView:
        """Propose making a draft coupon claimable; its whole liability goes live."""
        return gov.propose(m, rt.shop(), "activate_coupon", "activate_coupon", {"coupon_id": coupon_id})

    async def add_coupon_stock(
        coupon_id: Annotated[str, Field(description="Coupon id (cpn_...), draft or active.")],
        amount: Annotated[int, Field(ge=1, le=1_000_000, description="Coupons to add to its stock.")],
    ) -> PlanView:
        """Propose adding stock to a coupon (liability grows by amount x face value)."""
        return gov.propose(m, rt.shop(), "add_coupon_stock", "add_coupon_stock",
                           {"coupon_id": coupon_id, "amount": amount})

    async def end_coupon(coupon_id: Annotated[str, Field(description="Coupon id (cpn_...).")]) -> PlanView:
        """Propose ending a coupon for good: no more claims, its liability drops to 0. Final."""
        return gov.propose(m, rt.shop(), "end_coupon", "end_coupon", {"coupon_id": coupon_id})

    async def set_smart_coupon(
        campaign_id: Annotated[str, Field(description="Campaign id (cmp_...).")],
        enabled: Annotated[bool, Field(description="True: the platform may give small coupons to hesitant buyers.")],
    ) -> PlanView:
        """Propose switching a campaign's smart coupon (智能优惠券) on or off. Its cost shows as coupon spend in
        the report; the campaign's budget does not change."""
        with market_errors():
            camp = m.get_campaign(rt.shop(), campaign_id)
        if camp.smart_coupon == enabled:
            raise ToolError(f"[conflict] campaign {campaign_id} already has smart coupons "
                            f"{'on' if enabled else 'off'}; nothing to change")
        return gov.propose(m, rt.shop(), "set_smart_coupon", "update_campaign",
                           {"campaign_id": campaign_id, "changes": {"smart_coupon": enabled}})

    async def issue_service_coupon(
        buyer_id: Annotated[str, Field(description="The buyer to compensate (byr_...), a customer of this shop.")],
        amount_fen: Annotated[int, Field(ge=1, le=100_000, description=(
            "Amount off their next order, fen; the merchant caps it (get_account: max_service_coupon_fen)."))],
        reason: Annotated[str, Field(min_length=1, max_length=200, description="Why, e.g. late delivery of ord_...")],
        order_id: Annotated[str | None, Field(description="The order the compensation is for (ord_...).")] = None,
    ) -> PlanView:
        """Propose a one-use 立减 coupon for one buyer as customer-service compensation (valid 30 days). At most one
        per buyer per day."""
        args = {"buyer_id": buyer_id, "amount_fen": amount_fen, "reason": reason, "order_id": order_id}
        return gov.propose(m, rt.shop(), "issue_service_coupon", "issue_service_coupon", args)

    for fn in (list_coupons, get_coupon_stats, best_price_plan):
        register(srv, fn, kind="read", title=fn.__name__.replace("_", " "))
    register(srv, create_coupon, kind="propose", money="high", title="propose a coupon", idempotent=False)
    register(srv, activate_coupon, kind="propose", money="high", title="propose activating a coupon", idempotent=False)
    register(srv, add_coupon_stock, kind="propose", money="high", title="propose coupon stock", idempotent=False)
    register(srv, end_coupon, kind="propose", money="low", title="propose ending a coupon", idempotent=False)
    register(srv, set_smart_coupon, kind="propose", money="low", title="propose a smart coupon switch",
             idempotent=False)
    register(srv, issue_service_coupon, kind="propose", money="low", title="propose a service coupon",
             idempotent=False)
    register_change_tools(rt, srv)
    return srv


if __name__ == "__main__":
    from mcp_servers.serve import main

    raise SystemExit(main("coupons"))
