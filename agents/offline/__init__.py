"""The offline model: the embedded default chat model, deterministic and keyless (DESIGN.md, agents/).

Its language layer (`agents.offline.language`) turns merchant and buyer words in Chinese and
English into typed intents and fills the replies; the public names are re-exported here.
"""

from __future__ import annotations

from agents.offline.language import *
from agents.offline.language import __all__ as _language_all

__all__ = list(_language_all)
