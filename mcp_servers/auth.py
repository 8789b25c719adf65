"""Bearer tokens for the HTTP transport: each token maps to exactly one merchant (shop).

Static tokens from a file (`ZHANGGUI_TOKENS_FILE`), verified by the MCP SDK's bearer middleware;
the server also publishes OAuth 2.1 protected-resource metadata. Tokens never reach a tool: tools
see only the shop id the token maps to.
"""

from __future__ import annotations

import hmac
import json
from pathlib import Path

from mcp.server.auth.provider import AccessToken
from mcp.server.auth.settings import AuthSettings
from pydantic import AnyHttpUrl

__all__ = ["StaticTokenVerifier", "auth_settings", "load_tokens"]


def load_tokens(path: Path) -> dict[str, str]:
    """Read `{"tokens": {"<token>": "<shop id>"}}`; refuse anything else loudly."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read tokens file {path}: {exc}") from exc
    tokens = data.get("tokens") if isinstance(data, dict) else None
    if not isinstance(tokens, dict) or not tokens:
        raise ValueError(f'{path} must hold {{"tokens": {{"<token>": "<shop id>"}}}} with at least one token')
    for token, shop in tokens.items():
        if not isinstance(token, str) or len(token) < 16 or not isinstance(shop, str) or not shop.startswith("shp_"):
            raise ValueError(f"{path}: every token must be a string of >= 16 characters mapped to a shp_ id")
    return dict(tokens)


class StaticTokenVerifier:
    """Accepts exactly the configured tokens; the access token's client_id is the merchant's shop id."""

    def __init__(self, tokens: dict[str, str]) -> None:
        self._tokens = dict(tokens)

    async def verify_token(self, token: str) -> AccessToken | None:
        for known, shop in self._tokens.items():
            if hmac.compare_digest(known.encode(), token.encode()):
                return AccessToken(token=token, client_id=shop, scopes=["merchant"], subject=shop)
        return None


def auth_settings(host: str, port: int) -> AuthSettings:
    base = f"http://{host}:{port}"
    return AuthSettings(
        issuer_url=AnyHttpUrl(base),
        resource_server_url=AnyHttpUrl(f"{base}/mcp"),
        required_scopes=["merchant"],
        validate_token_resource=False,
    )
