"""The LLM layer: a LangGraph store-manager supervisor and its sub-agents (see DESIGN.md).

Agents act only through MCP tool calls; this package never imports `market`, `mcp_servers` or
`models`.
"""
