"""Whether a reply says yes or no: what a pending confirmation or approval needs to know."""

from __future__ import annotations

import re

from agents.offline.language.text import as_text, fold

__all__ = ["reply_polarity"]

_PUNCT = re.compile(r"[\s,.!?;:~…，。！？；：、'\"“”‘’()（）]+")
# 确认 / 批准 / confirm say yes whatever follows (确认退货); the softer words must stand alone (好的，…)
# so that 可以批量购买吗 or 好看吗 are not read as a yes.
_YES_OPENING = re.compile(r"(?:确认|确定|批准|同意|confirm(?:ed)?\b|approve[d]?\b|no problem|no worries|"
                          r"(?:是的|是|对的|对|好的|好|可以|行|嗯嗯|嗯|没错|执行|yes|yep|yeah|sure|ok|okay|correct|go ahead|"
                          r"please do|do it|lgtm)(?:[ ]|$))")
_NO_OPENING = re.compile(r"(?:不用|不要|算了|不需要|不同意|拒绝|(?:不是|不了|不行|不|no|nope|nah|don'?t|do not|never ?mind|cancel|"
                         r"reject(?:ed)?)(?:[ ]|$))")


def reply_polarity(text: str | None) -> bool | None:
    """True when `text` opens with a yes (好的, 是的, 确认, yes, ok), False with a no (不用, 算了, no),
    None otherwise. Questions (…吗? / …?) are neither."""
    folded = fold(as_text(text)).strip()
    bare = _PUNCT.sub(" ", folded).strip()
    if not bare or re.search(r"[?？]$|吗$", folded):
        return None
    if _YES_OPENING.match(bare):
        return True
    if _NO_OPENING.match(bare):
        return False
    return None
