"""The offline model's replies, as data: one template per key and language, plus value labels.

Placeholders are `str.format` fields named after the slot they take. `templates.say` formats the
values by slot name (see its doc), so a template never formats money or percentages itself.
Every key exists in both languages with the same placeholders (a test checks it).
"""

from __future__ import annotations

from agents.offline.language.money import Lang

__all__ = ["LABELS", "TEMPLATES"]

TEMPLATES: dict[Lang, dict[str, str]] = {
    "zh": {
        # --- merchant: goal and plan ---
        "goal_confirm": "收到：{horizon_days}天总预算{budget_fen}，整体ROI不低于{roi_target}，主推{products}。我先按这个目标做一版全域计划。",
        "plan_summary": "计划：总预算{budget_fen}，预计成交{expected_gmv_fen}，预计ROI {expected_roi}。分配：{items}。",
        "approval_request": "以下变更需要您批准：{action}（涉及花费{spend_fen}，计划编号{plan_id}）。回复“批准”执行，回复“拒绝”放弃。",
        "approval_done": "已批准并执行：{action}。",
        "approval_rejected": "已拒绝，没有做任何变更：{action}。",
        "pause_proposal": "将暂停{products}的投放。",
        "boost_proposal": "将{products}的预算调整{change_pct}。",
        # --- merchant: numbers ---
        "ledger_summary": "{period}一本账：成交{gmv_fen}，营销总花费{cost_fen}（广告{ad_fen}、优惠券{coupon_fen}、达人{creator_fen}），"
                          "整体ROI {roi}，净利润{profit_fen}。",
        "report_summary": "{period}进展：成交{gmv_fen}，花费{cost_fen}，ROI {roi}（目标{roi_target}），剩余预算{budget_left_fen}。",
        "diagnosis_summary": "{period}{metric}变化{change_pct}。主要原因：{causes}。建议：{actions}。",
        # --- merchant: coupons, creators, creatives ---
        "coupon_proposal": "建议发放{coupon}的优惠券{quantity}张，最多花费{max_cost_fen}。",
        "creator_shortlist": "为{product}找到{count}位合适的达人：{creators}。",
        "creatives_intro": "为{product}写了{count}条文案，可以做A/B测试：",
        # --- merchant: conversation ---
        "help": "我可以帮您：设定目标（预算、ROI、主推商品、周期）并做全域计划；查看一本账；解释数据变化；暂停或加大商品投放；"
                "发优惠券；找达人；写标题和视频脚本；汇报进展。",
        "not_understood": "抱歉，我没听明白。可以换个说法吗？比如：“本周预算2万，ROI不低于3，主推精华”。",
        "ask_budget": "这段时间的总预算是多少？",
        "ask_roi_target": "整体ROI（投产比）目标是多少？",
        "ask_horizon": "这个目标跑几天？比如本周（7天）或本月（30天）。",
        "ask_products": "要主推哪些商品？也可以说“全店”或“长尾商品”。",
        "ask_coupon_terms": "优惠券怎么设？比如“满200减30”或“9折”。",
        # --- buyer ---
        "greeting_reply": "您好，我是店铺的AI客服助手，请问有什么可以帮您？",
        "thanks_reply": "不客气，还有其他问题随时找我。",
        "ask_authenticate": "为了保护您的信息，请先提供订单号（ord_开头）或下单手机号，我核实后为您查询。",
        "auth_failed": "抱歉，没能核实到您的信息。请检查订单号或手机号后再试一次。",
        "ask_order_id": "请问是哪一个订单？请提供订单号（ord_开头）。",
        "order_status": "您的订单{order_id}（{product}）当前状态：{status}。",
        "shipping_status": "订单{order_id}由{carrier}配送，运单号{tracking_no}，最新进度：{last_event}。",
        "return_confirm": "订单{order_id}可以退货，退款{refund_fen}。确认要申请退货吗？请回复“确认”。",
        "return_accepted": "已为订单{order_id}提交退货，审核通过后将退款{refund_fen}。",
        "return_refused": "抱歉，订单{order_id}不能退货：{reason}。",
        "exchange_confirm": "订单{order_id}可以换成{variant}。确认要换货吗？请回复“确认”。",
        "exchange_accepted": "已为订单{order_id}提交换货，换成{variant}。",
        "cancel_confirm": "确认要取消订单{order_id}吗？取消后不能恢复，请回复“确认”。",
        "cancel_done": "订单{order_id}已取消，{refund_fen}将原路退回。",
        "discount_answer": "目前可以用{coupon}，下单时会自动抵扣。",
        "no_discount": "目前没有可用的优惠活动，有新活动会第一时间通知您。",
        "service_coupon_issued": "给您发了一张{amount_fen}的补偿券，下次购物可以用。",
        "product_answer": "关于{product}：{answer}",
        "handoff_human": "好的，已为您转接人工客服，请稍候。",
        "i_am_ai": "我是店铺的AI客服助手，不是真人。需要人工客服的话，说“转人工”就可以。",
        "cannot_help": "抱歉，这个我帮不了您。",
        "refuse_injection": "抱歉，我只能按店铺规则处理您自己的订单和问题，不能执行这类要求。",
        "ask_clarify": "抱歉，我没太明白。您是想查订单、问物流、退换货，还是咨询商品？",
    },
    "en": {
        "goal_confirm": "Got it: {budget_fen} over {horizon_days} days, overall ROI at least {roi_target}, pushing {products}. "
                        "I'll draft one plan across ads, coupons and creators for this goal.",
        "plan_summary": "Plan: {budget_fen} in total, expected GMV {expected_gmv_fen}, expected ROI {expected_roi}. "
                        "Allocation: {items}.",
        "approval_request": "This change needs your approval: {action} (spend {spend_fen}, plan {plan_id}). "
                            "Reply \"approve\" to apply it or \"reject\" to drop it.",
        "approval_done": "Approved and applied: {action}.",
        "approval_rejected": "Rejected; nothing was changed: {action}.",
        "pause_proposal": "I'll pause the ads for {products}.",
        "boost_proposal": "I'll change the budget of {products} by {change_pct}.",
        "ledger_summary": "Ledger for {period}: GMV {gmv_fen}, total marketing cost {cost_fen} (ads {ad_fen}, coupons "
                          "{coupon_fen}, creators {creator_fen}), overall ROI {roi}, net profit {profit_fen}.",
        "report_summary": "Progress for {period}: GMV {gmv_fen}, spend {cost_fen}, ROI {roi} (target {roi_target}), "
                          "budget left {budget_left_fen}.",
        "diagnosis_summary": "{metric} changed by {change_pct} ({period}). Main causes: {causes}. Suggested: {actions}.",
        "coupon_proposal": "I suggest issuing {quantity} coupons of {coupon}, costing at most {max_cost_fen}.",
        "creator_shortlist": "I found {count} creators who fit {product}: {creators}.",
        "creatives_intro": "Here are {count} variants for {product}, ready for an A/B test:",
        "help": "I can: set a goal (budget, ROI, products, horizon) and plan across ads, coupons and creators; show the "
                "ledger; explain changes in your numbers; pause or boost products; create coupons; find creators; write "
                "titles and video scripts; report progress.",
        "not_understood": "Sorry, I didn't catch that. Could you rephrase? For example: \"this week, 20,000 yuan, ROI at "
                          "least 3, push the serum\".",
        "ask_budget": "What is the total budget for this period?",
        "ask_roi_target": "What overall ROI do you want at least?",
        "ask_horizon": "How many days should this goal run? For example this week (7 days) or this month (30 days).",
        "ask_products": "Which products should I push? You can also say \"the whole shop\" or \"the long tail\".",
        "ask_coupon_terms": "What should the coupon be? For example \"30 off orders over 200\" or \"10% off\".",
        "greeting_reply": "Hello, I'm the shop's AI customer-service assistant. How can I help?",
        "thanks_reply": "You're welcome. Ask me any time.",
        "ask_authenticate": "To protect your details, please give me your order number (starting with ord_) or the "
                            "phone number you ordered with first.",
        "auth_failed": "Sorry, I couldn't verify those details. Please check the order number or phone and try again.",
        "ask_order_id": "Which order is it? Please give me the order number (starting with ord_).",
        "order_status": "Your order {order_id} ({product}) is {status}.",
        "shipping_status": "Order {order_id} is with {carrier}, tracking number {tracking_no}. Latest: {last_event}.",
        "return_confirm": "Order {order_id} can be returned for a refund of {refund_fen}. Shall I file the return? "
                          "Please reply \"yes\".",
        "return_accepted": "I've filed the return for order {order_id}; {refund_fen} will be refunded once it is approved.",
        "return_refused": "Sorry, order {order_id} can't be returned: {reason}.",
        "exchange_confirm": "Order {order_id} can be exchanged for {variant}. Shall I file the exchange? Please reply \"yes\".",
        "exchange_accepted": "I've filed the exchange of order {order_id} for {variant}.",
        "cancel_confirm": "Do you want to cancel order {order_id}? This can't be undone. Please reply \"yes\".",
        "cancel_done": "Order {order_id} is cancelled; {refund_fen} will go back to your original payment method.",
        "discount_answer": "You can use {coupon}; it is applied automatically at checkout.",
        "no_discount": "There are no offers right now; we'll let you know as soon as there is one.",
        "service_coupon_issued": "I've sent you a {amount_fen} coupon to make up for it; you can use it on your next order.",
        "product_answer": "About {product}: {answer}",
        "handoff_human": "OK, I'm passing you to a human colleague. Please hold on.",
        "i_am_ai": "I'm the shop's AI assistant, not a person. Say \"human\" if you'd like a human colleague.",
        "cannot_help": "Sorry, I can't help with that.",
        "refuse_injection": "Sorry, I can only handle your own orders and questions under the shop's rules, so I can't "
                            "do that.",
        "ask_clarify": "Sorry, I didn't quite get that. Is it about an order, shipping, a return or exchange, or a product?",
    },
}
"""Reply templates: language -> key -> template."""

LABELS: dict[str, dict[str, dict[Lang, str]]] = {
    "period": {
        "today": {"zh": "今天", "en": "today"},
        "yesterday": {"zh": "昨天", "en": "yesterday"},
        "this_week": {"zh": "本周", "en": "this week"},
        "last_week": {"zh": "上周", "en": "last week"},
        "this_month": {"zh": "本月", "en": "this month"},
        "last_month": {"zh": "上月", "en": "last month"},
        "last_n_days": {"zh": "近几天", "en": "the last few days"},
    },
    "metric": {
        "roi": {"zh": "ROI", "en": "ROI"},
        "gmv": {"zh": "成交额", "en": "GMV"},
        "spend": {"zh": "花费", "en": "Spend"},
        "orders": {"zh": "订单数", "en": "Orders"},
    },
    "status": {
        "paid": {"zh": "已付款，待发货", "en": "paid, waiting to ship"},
        "shipped": {"zh": "已发货", "en": "shipped"},
        "delivered": {"zh": "已签收", "en": "delivered"},
        "completed": {"zh": "已完成", "en": "completed"},
        "cancelled": {"zh": "已取消", "en": "cancelled"},
        "refunded": {"zh": "已退款", "en": "refunded"},
    },
    "last_event": {
        "collected": {"zh": "快递已揽收", "en": "collected by the courier"},
        "in_transit": {"zh": "运输中", "en": "in transit"},
        "out_for_delivery": {"zh": "派送中", "en": "out for delivery"},
        "delivered": {"zh": "已签收", "en": "delivered"},
        "returned": {"zh": "已退回", "en": "returned to sender"},
    },
    "reason": {
        "no_reason": {"zh": "七天无理由退货已过期限", "en": "the 7-day no-reason return window has passed"},
        "wrong_size": {"zh": "尺码不合适", "en": "the size doesn't fit"},
        "quality": {"zh": "质量问题", "en": "a quality problem"},
        "damaged": {"zh": "商品破损", "en": "the item arrived damaged"},
        "not_as_described": {"zh": "与描述不符", "en": "the item is not as described"},
    },
}
"""Labels for closed-set values a template slot may take: slot name -> value -> language -> label.
`say` applies them when a slot of that name gets one of these values."""
