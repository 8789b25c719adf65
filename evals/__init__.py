"""Scenario replays, graders and reports."""
