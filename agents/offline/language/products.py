"""Which of the shop's products a message names: by title, alias, product noun, category or scope.

"push the serum and the long tail" / "主推精华和长尾商品": the serum by its title, the long tail as
every product not flagged a top seller. "all products except the serum" / "除了精华都推" works too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from agents.offline.language.glossary import (
    CATEGORY_NOUNS_EN,
    CATEGORY_NOUNS_ZH,
    CATEGORY_WORDS,
    PRODUCT_NOUNS,
    TITLE_STOPWORDS_EN,
    TITLE_STOPWORDS_ZH,
)
from agents.offline.language.text import HAN, as_text, fold, mask

__all__ = ["ProductMatch", "ProductRef", "match_products"]


class ProductRef(BaseModel):
    """What the parser needs to know about one product of the shop."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1, description="The product id (prd_...).")
    title: str = Field(description="The product title, in either language (e.g. the Chinese title).")
    category: str | None = Field(default=None, description="Category key: beauty, apparel, food, home, baby, digital, "
                                                           "personal_care or sports.")
    aliases: list[str] = Field(default_factory=list, description="Other names: the title in the other language, short "
                                                                 "names merchants use (精华, the serum).")
    top_seller: bool = Field(default=False, description="True for the shop's top sellers; everything else is the "
                                                        "long tail.")


class ProductMatch(BaseModel):
    """The products a message names, and how it named them."""

    product_ids: list[str] = Field(default_factory=list, description="Every product named, in catalogue order, after "
                                                                     "scopes are expanded and exclusions removed.")
    excluded_ids: list[str] = Field(default_factory=list, description="Products the message excluded (除了X / except X).")
    terms: list[str] = Field(default_factory=list, description="The words of the message that named products, as written.")
    categories: list[str] = Field(default_factory=list, description="Categories named as a whole (美妆类, beauty products).")
    long_tail: bool = Field(default=False, description="The message named the long tail (长尾, other products): every "
                                                       "product not flagged top_seller.")
    top_sellers: bool = Field(default=False, description="The message named the top sellers (爆款, best sellers).")
    whole_shop: bool = Field(default=False, description="The message named every product (全店, all products).")


_LONG_TAIL = re.compile(r"long[- ]?tail(?: products| items)?|长尾(?:商品|产品|款)?|其[他它余](?:的)?(?:商品|产品)|非爆款|"
                        r"the rest(?: of the (?:shop|store|catalog(?:ue)?|products))?|other products|everything else|"
                        r"slow[- ]?movers|腰部(?:商品|产品)?")
_TOP = re.compile(r"top[- ]?sellers?|best[- ]?sellers?|bestsellers?|best[- ]selling(?: products| items)?|爆款|热销(?:款|品|商品)?|"
                  r"畅销(?:款|品|商品)?|hero products?|主力款|top products")
_WHOLE = re.compile(r"全店|全部(?:商品|产品)|所有(?:的)?(?:商品|产品)|整个店(?:铺)?|all (?:the |our |my )?(?:products|items)|"
                    r"whole (?:shop|store)|entire (?:shop|store|catalog(?:ue)?)|every product|everything")
_EXCEPT = re.compile(r"除了|除去|不包括|不含|排除|except(?: for)?|excluding|but not|other than|apart from|besides")
_CLAUSE_END = re.compile(r"[,;.!?，。；！？、]|以外|之外|都|全|\band\b|\bbut\b")
_EN_TOKEN = re.compile(r"[a-z][a-z'-]*")


def _singular(word: str) -> str:
    word = word.strip("'-")
    word = word.removesuffix("'s")
    if len(word) > 4 and word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _en_tokens(text: str) -> list[str]:
    return [_singular(w) for w in _EN_TOKEN.findall(text)]


def _han_runs(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in re.finditer(r"[\u3400-\u4dbf\u4e00-\u9fff0-9a-z]+", text) if HAN.search(m.group())]


def _longest_common(run: str, keys: str) -> tuple[int, int]:
    """(length, start in run) of the longest piece (2+ chars, with a Han char) of `run` inside `keys`
    (a product's keys joined by NUL)."""
    best = (0, 0)
    for i in range(len(run)):
        length = best[0] + 1 if best[0] >= 2 else 2
        while i + length <= len(run) and run[i:i + length] in keys:
            piece = run[i:i + length]
            if HAN.search(piece) and piece not in TITLE_STOPWORDS_ZH and not _is_category_word(piece):
                best = (length, i)
            length += 1
    return best


_CATEGORY_ZH = {w: c for c, words in CATEGORY_WORDS.items() for w in words if HAN.search(w) or w == "3c"}
_CATEGORY_EN = {w: c for c, words in CATEGORY_WORDS.items() for w in words if not (HAN.search(w) or w == "3c")}


def _is_category_word(piece: str) -> bool:
    return piece in _CATEGORY_ZH


class _Hit:
    __slots__ = ("end", "ids", "start")

    def __init__(self, start: int, end: int, ids: list[str]) -> None:
        self.start, self.end, self.ids = start, end, ids


_GLOSSARY_EN = [(zh, en, [re.compile(rf"\b{re.escape(e)}s?\b") for e in en]) for zh, en in PRODUCT_NOUNS]


@lru_cache(maxsize=4096)
def _keys(title: str, aliases: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str]]:
    """A product's search keys (folded title, aliases and glossary partners) and its English words; cached
    because a shop's catalogue is matched against every message."""
    keys = [fold(title)] + [fold(a) for a in aliases]
    joined = " ".join(keys)
    extra: list[str] = []
    for zh, en, patterns in _GLOSSARY_EN:
        # Glossary: a noun in one language also looks for its partner in the other.
        if any(z in joined for z in zh) or any(p.search(joined) for p in patterns):
            extra.extend(zh + en)
    expanded = tuple(keys + extra)
    return expanded, frozenset(w for k in expanded for w in _en_tokens(k))


def _product_hits(s: str, products: Sequence[ProductRef]) -> list[_Hit]:
    """Where the folded, scope-masked text `s` names individual products."""
    hits: list[_Hit] = []
    prepared = [_keys(p.title, tuple(p.aliases)) for p in products]
    expanded = ["\0".join(keys) for keys, _ in prepared]
    # Chinese: longest shared pieces per run of the message (a run may name several: 精华和防晒).
    for offset, run in _han_runs(s):
        hits.extend(_product_hits_in_run(run, offset, expanded, products))
    # English: shared content words and multi-word nouns.
    for m in _EN_TOKEN.finditer(s):
        word = _singular(m.group())
        if len(word) < 3 or word in TITLE_STOPWORDS_EN:
            continue
        ids = [p.id for p, (_, words) in zip(products, prepared) if word in words]
        if ids:
            hits.append(_Hit(m.start(), m.end(), ids))
    for _, en, patterns in _GLOSSARY_EN:
        for phrase, pattern in zip(en, patterns):
            if " " not in phrase:
                continue
            for m in pattern.finditer(s):
                ids = [p.id for p, (keys, _) in zip(products, prepared) if any(phrase in k for k in keys)]
                if ids:
                    hits.append(_Hit(m.start(), m.end(), ids))
    return hits


def _product_hits_in_run(run: str, offset: int, expanded: list[str], products: Sequence[ProductRef]) -> list[_Hit]:
    """The best-matching products of one Han run, then the next best with that piece masked, and so on."""
    hits = []
    while True:
        per_product = [_longest_common(run, ks) for ks in expanded]
        best = max((length for length, _ in per_product), default=0)
        if best < 2:
            return hits
        start = next(st for length, st in per_product if length == best)
        hits.append(_Hit(offset + start, offset + start + best,
                         [products[i].id for i, (length, _) in enumerate(per_product) if length == best]))
        run = run[:start] + "#" * best + run[start + best:]


_CATEGORY_RE = re.compile("|".join(
    re.escape(w) if w in _CATEGORY_ZH else rf"\b{re.escape(w)}\b"
    for w in sorted(list(_CATEGORY_ZH) + list(_CATEGORY_EN), key=len, reverse=True)))


def _category_hits(s: str, product_hits: list[_Hit]) -> list[tuple[int, int, str]]:
    """Category words that name the category: followed by a noun (美妆类, beauty products) or not part of a product name."""
    found = []
    for m in _CATEGORY_RE.finditer(s):
        word = m.group()
        cat = _CATEGORY_ZH.get(word) or _CATEGORY_EN[word]
        after = s[m.end():m.end() + 12].lstrip()
        noun = after.startswith(CATEGORY_NOUNS_ZH) or any(re.match(rf"{n}\b", after) for n in CATEGORY_NOUNS_EN)
        near = any(h.start <= m.end() + 2 and h.end >= m.start() - 2 for h in product_hits)
        if noun or not near:
            found.append((m.start(), m.end(), cat))
    return found


def match_products(text: str | None, products: Sequence[ProductRef]) -> ProductMatch:
    """The products `text` names among `products` (see the module doc); an empty match if none."""
    original = as_text(text)
    s = fold(original)
    result = ProductMatch()
    scopes: list[tuple[int, int]] = []
    for pattern, flag in ((_LONG_TAIL, "long_tail"), (_TOP, "top_sellers"), (_WHOLE, "whole_shop")):
        masked = mask(s, scopes)
        for m in pattern.finditer(masked):
            setattr(result, flag, True)
            scopes.append(m.span())
    s_masked = mask(s, scopes, " ")
    hits = _product_hits(s_masked, products) if products else []
    # A word inside a longer match ('air' in 'air fryer') adds nothing and may over-match.
    hits = [h for h in hits if not any(g is not h and g.start <= h.start and g.end >= h.end
                                       and g.end - g.start > h.end - h.start for g in hits)]
    categories = _category_hits(s_masked, hits)
    # What follows 除了 / except up to the end of its clause is excluded.
    excluded_spans = []
    for m in _EXCEPT.finditer(s_masked):
        end = _CLAUSE_END.search(s_masked, m.end() + 1)
        excluded_spans.append((m.end(), end.start() if end else len(s_masked)))

    def excluded(start: int) -> bool:
        return any(a <= start <= b for a, b in excluded_spans)

    named: set[str] = set()
    dropped: set[str] = set()
    terms: list[tuple[int, str]] = []
    for h in hits:
        (dropped if excluded(h.start) else named).update(h.ids)
        terms.append((h.start, original[h.start:h.end]))
    for start, end, cat in categories:
        ids = {p.id for p in products if p.category == cat}
        (dropped if excluded(start) else named).update(ids)
        if not excluded(start) and cat not in result.categories:
            result.categories.append(cat)
        terms.append((start, original[start:end]))
    if result.long_tail:
        named.update(p.id for p in products if not p.top_seller)
    if result.top_sellers:
        named.update(p.id for p in products if p.top_seller)
    if result.whole_shop or (not named and dropped):
        named.update(p.id for p in products)
    result.product_ids = [p.id for p in products if p.id in named and p.id not in dropped]
    result.excluded_ids = [p.id for p in products if p.id in dropped]
    seen: set[str] = set()
    result.terms = [t for _, t in sorted(terms) if not (t in seen or seen.add(t))]
    return result
