"""The tool servers' settings, read from `ZHANGGUI_*` environment variables (app.settings extends it)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["ServerSettings"]


class ServerSettings(BaseSettings):
    """Every field can be set as `ZHANGGUI_<FIELD>`."""

    model_config = SettingsConfigDict(env_prefix="ZHANGGUI_", validate_default=True)

    db: Path = Field(
        default=Path("~/.local/share/zhanggui/market.db"),
        description="The market's SQLite file (shared by the simulator and every server process).",
    )
    shop: str | None = Field(
        default=None,
        description="The merchant a stdio server acts for; default: the only shop of the world.",
    )
    tokens_file: Path | None = Field(
        default=None,
        description="JSON file of bearer tokens for HTTP: {\"tokens\": {\"<token>\": \"<shop id>\"}}.",
    )

    @field_validator("db", "tokens_file", mode="after")
    @classmethod
    def _expand_home(cls, value: Path | None) -> Path | None:
        return None if value is None else value.expanduser()
