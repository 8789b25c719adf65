"""The store manager: the supervisor graph, its control tools, goal, approvals and the sub-agent runner."""
