"""The bidding sub-agent: launches and tunes campaigns and overall plans through the ads tools."""

from agents.bidding.agent import BIDDING

__all__ = ["BIDDING"]
