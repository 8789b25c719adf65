"""The diagnosis sub-agent: specialists for creative, competition, traffic and tracking/stock causes, then a synthesis."""

from agents.diagnosis.agent import SPECIALISTS, SYNTHESIS
from agents.diagnosis.run import diagnose

__all__ = ["SPECIALISTS", "SYNTHESIS", "diagnose"]
