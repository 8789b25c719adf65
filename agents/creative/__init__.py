"""The creative sub-agent: titles and short-video scripts per product, A/B batches, compliance, retiring losers."""

from agents.creative.agent import CREATIVE
from agents.creative.compliance import BANNED, Violation, check_copy

__all__ = ["BANNED", "CREATIVE", "Violation", "check_copy"]
