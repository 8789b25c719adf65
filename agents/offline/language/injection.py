"""Buyer text that tries to instruct the assistant instead of asking it something.

Customer service must never follow instructions found in buyer text: overrides of its rules,
role-play, fake system or operator messages, claims of authority, demands for free goods or
unauthorised discounts, actions on many orders at once, and requests for other buyers' data.
`find_injection` names which of these a message attempts, so the policy can refuse politely.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["INJECTION_KINDS", "InjectionKind", "find_injection"]

InjectionKind = Literal["override_instructions", "role_play", "fake_system", "claims_authority", "free_goods",
                        "bulk_action", "other_buyers_data"]
INJECTION_KINDS: tuple[InjectionKind, ...] = InjectionKind.__args__  # type: ignore[attr-defined]

_PATTERNS: tuple[tuple[InjectionKind, re.Pattern[str]], ...] = tuple((k, re.compile(p)) for k, p in (
    ("override_instructions",
     (r"ignore (?:all |any |your |the )*(?:previous|prior|above|earlier|preceding|former|original)? ?(?:instructions?|rules|"
     r"prompts?|directions|guidelines|policies|polic(?:y|ies))|disregard (?:all |any |your |the )*(?:previous |prior |above )?"
     r"(?:instructions?|rules|prompts?|guidelines|polic(?:y|ies))|forget (?:all |your |the |everything )*(?:previous )?"
     r"(?:instructions?|rules|prompts?|you were told)|override (?:your |the )?(?:rules|instructions?|policy|system)|"
     r"new instructions?:|bypass (?:the |your )?(?:rules|policy|polic(?:y|ies)|restrictions)|"
     r"忽略(?:之前|以上|前面|上面|所有|你的|先前|刚才)?的?(?:所有)?(?:指令|指示|规则|设定|提示|要求|命令)|无视(?:之前|以上|所有|你的)?的?"
     r"(?:指令|规则|设定|提示|要求)|忘记(?:之前|以上|你的|所有)的?(?:指令|规则|设定|提示)|不要管(?:之前|你的)?的?(?:规则|指令)|"
     r"绕过(?:规则|限制|系统)")),
    ("role_play",
     (r"\byou are now\b|from now on,? you|act as (?:a|an|my|the)\b|pretend (?:to be|you are|you're)|roleplay|role-play|"
     r"developer mode|do anything now|jailbreak|你现在是|从现在开始你|你扮演|扮演(?:一个|一名)|假装你是|进入开发者模式|越狱")),
    ("fake_system",
     (r"(?:^|\n|\s)(?:system|assistant|developer|admin)\s*:|system prompt|\[/?(?:inst|system)\]|<\|?im_start|</?system>|"
     r"```system|(?:show|reveal|print|repeat|tell me) (?:me )?(?:your )?(?:system )?(?:prompt|instructions)|提示词|"
     r"系统提示|系统消息|系统指令|(?:^|\n)\s*系统[:：]|\[系统\]|【系统】|系统通知[:：]")),
    ("claims_authority",
     (r"i(?: am|'m) (?:the |your )?(?:store |shop )(?:owner|manager)|i(?: am|'m) (?:the |your |an )(?:admin(?:istrator)?|"
     r"developer|boss|manager)(?! of)|as (?:the|an|your) (?:admin(?:istrator)?|store owner|shop owner|developer)|"
     r"authori[sz]ed by (?:the )?(?:owner|manager|admin)|the (?:owner|manager|boss) (?:said|approved|told you)|"
     r"我是(?:这家店的|你们的|店铺的|这个店的)?(?:店长|老板|管理员|商家|店主|开发者|客服主管|运营)|"
     r"(?:老板|店长|管理员)(?:已经)?(?:同意|让|说|批准|授权)|管理员(?:身份|权限)|以管理员")),
    ("free_goods",
     (r"免单|白送|免费送(?:我|给我)|零元购|0元购|改成0元|0元(?:给我|送我|卖给我)|打(?:0|零|一)折|全部免费|100% ?off|"
     r"(?:give|send|get) (?:me |us )?(?:it|this|that|them|one|everything|the \w+ )?(?:for free|free of charge)|"
     r"price (?:to|of) (?:0|zero)|改价为?0")),
    ("bulk_action",
     (r"把(?:所有|全部|每个|所有的)订单|(?:所有|全部|所有的)订单(?:都|全)|"
     r"(?:cancel|refund|change|modify|update|show|list|delete|ship|mark|export) (?:me )?(?:all|every)(?: the)? orders|"
     r"(?:all|every) orders? (?:in|of|for) (?:the|this) (?:shop|store|system|database)")),
    ("other_buyers_data",
     (r"(?:其他|别的|其它|另一个|另外的|另外一个)(?:的)?(?:用户|买家|顾客|客户|人)(?:的)?(?:订单|手机|电话|地址|信息|资料|号码|数据)|"
     r"(?:别人|他人|所有人|所有(?:用户|买家|顾客|客户))的(?:订单|手机|电话|地址|信息|资料|号码|数据|快递)|客户名单|用户名单|"
     r"买家名单|导出(?:用户|客户|买家)|(?:other|another) (?:customer|buyer|user|person|people)(?:'s|s'|s)? ?(?:orders?|phone|"
     r"address|data|details|info|information|numbers?|emails?)|someone else'?s|somebody else'?s|(?:list|show|give me|dump|"
     r"export) (?:me )?(?:all |every )?(?:the |your )?(?:customers?|buyers?|users?)(?:'s?|s')? (?:data|list|phones?|"
     r"phone numbers|addresses|emails|information|details|orders)|customer (?:list|database|data ?base)|phone numbers? of (?:other|all)")),
))


def find_injection(folded: str) -> list[InjectionKind]:
    """Which instruction attempts `folded` (text prepared by `text.fold`) holds, in a fixed order; empty when none."""
    return [kind for kind, pattern in _PATTERNS if pattern.search(folded)]
