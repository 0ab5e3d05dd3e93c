"""The board pack: the committee paper printed from the plan (reportlab, no Qt)."""

from nhp_planner.io.board_pack.pack import BoardPackResult, build_board_pack, write_board_pack

__all__ = ["BoardPackResult", "build_board_pack", "write_board_pack"]
