"""Prefixed ids that look opaque but are deterministic per world seed.

The n-th id of a prefix is a bijective scramble of n (an odd multiplier modulo 2**40), so ids are
unique without a lookup and the same seed always yields the same ids.
"""

from __future__ import annotations

import zlib

__all__ = ["ID_PREFIXES", "make_id", "stable_key"]

ID_PREFIXES = ("shp", "prd", "cmp", "pln", "crv", "cpn", "crt", "col", "cpl", "ord", "byr", "rtn", "evt", "adv", "prp", "esc")
_MOD = 1 << 40
_MULT = 0x9E3779B97F4A7C15 % _MOD | 1
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(n: int, width: int) -> str:
    out = []
    for _ in range(width):
        n, r = divmod(n, 36)
        out.append(_ALPHABET[r])
    return "".join(reversed(out))


def make_id(prefix: str, n: int, seed: int) -> str:
    if prefix not in ID_PREFIXES:
        raise ValueError(f"unknown id prefix {prefix!r}; known: {', '.join(ID_PREFIXES)}")
    salt = zlib.crc32(f"{prefix}:{seed}".encode()) % _MOD
    return f"{prefix}_{_base36((n * _MULT + salt) % _MOD, 8)}"


def stable_key(text: str) -> int:
    """A 32-bit integer for seeding per-object random streams (not Python's salted hash)."""
    return zlib.crc32(text.encode())
