"""Bidding policies: PID pacer, MPC, RL, and the hindsight oracle they are scored against."""
