"""The app's settings: one registry, read from `ZHANGGUI_*` environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    """Where Zhanggui keeps its data. Every field can be set as `ZHANGGUI_<FIELD>`."""

    model_config = SettingsConfigDict(env_prefix="ZHANGGUI_", validate_default=True)

    db: Path = Field(
        default=Path("~/.local/share/zhanggui/market.db"),
        description="The simulated market's SQLite file used by `zhanggui sim ...`.",
    )
    demo_db: Path = Field(
        default=Path("~/.local/share/zhanggui/demo.db"),
        description="The SQLite file `zhanggui demo` deletes and recreates on every run.",
    )

    @field_validator("db", "demo_db", mode="after")
    @classmethod
    def _expand_home(cls, value: Path) -> Path:
        return value.expanduser()


def get_settings() -> Settings:
    """Read the settings now (not cached, so a changed environment is seen)."""
    return Settings()
