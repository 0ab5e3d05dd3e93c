"""Reading and writing plans: plan JSON, Excel trackers, board pack PDFs (no Qt)."""
