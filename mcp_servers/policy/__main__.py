"""`python -m mcp_servers.policy [--transport http --port N]`."""

from mcp_servers.serve import main

raise SystemExit(main("policy"))
