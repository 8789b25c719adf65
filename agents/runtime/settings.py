"""Where the OpenAI-compatible model lives: settings read from `ZHANGGUI_LLM_*` environment variables."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["LLMSettings"]


class LLMSettings(BaseSettings):
    """Every field can be set as `ZHANGGUI_LLM_<FIELD>`; the key is a secret and never printed."""

    model_config = SettingsConfigDict(env_prefix="ZHANGGUI_LLM_", validate_default=True, extra="ignore")

    base_url: str = Field(
        default="https://api.openai.com/v1",
        description="Base URL of an OpenAI-compatible chat-completions API (OpenAI, DeepSeek, vLLM, Ollama ...).",
    )
    model: str = Field(default="gpt-4o-mini", min_length=1, description="Model name as the endpoint knows it.")
    api_key: SecretStr | None = Field(
        default=None, description="API key sent as a bearer token; leave unset for local servers that need none.")
    timeout_s: float = Field(
        default=60.0, gt=0, le=600, description="Seconds one request may take before it is abandoned.")
    max_retries: int = Field(
        default=3, ge=0, le=10,
        description="Retries after a 429, a 5xx, a timeout or a connection error (backoff with jitter).")
