"""The plan's domain in plain Python, and the plan file that stores it (no Qt)."""
