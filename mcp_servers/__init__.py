"""MCP tool servers (ads, coupons, creators, shop, policy) over the market Backend protocol."""
