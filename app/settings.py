"""The app's settings: one registry, read from `ZHANGGUI_*` environment variables.

It extends the tool servers' settings, so the database path and the tokens file are declared once.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator

from mcp_servers.settings import ServerSettings

__all__ = ["Settings", "get_settings"]


class Settings(ServerSettings):
    """Where Zhanggui keeps its data. Every field can be set as `ZHANGGUI_<FIELD>`."""

    demo_db: Path = Field(
        default=Path("~/.local/share/zhanggui/demo.db"),
        description="The SQLite file `zhanggui demo` deletes and recreates on every run.",
    )

    checkpoints: Path = Field(
        default=Path("~/.local/share/zhanggui/agents.db"),
        description="The agents' LangGraph checkpoints (conversations and autopilot runs), so they resume after a kill.",
    )

    @field_validator("demo_db", "checkpoints", mode="after")
    @classmethod
    def _expand_demo(cls, value: Path) -> Path:
        return value.expanduser()


def get_settings() -> Settings:
    """Read the settings now (not cached, so a changed environment is seen)."""
    return Settings()
