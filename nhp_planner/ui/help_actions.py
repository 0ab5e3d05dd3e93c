"""The Help menu: the User Guide bundled with the app (F1), and About with version and licences."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from nhp_planner import APP_NAME, __version__
from nhp_planner.paths import resource
from nhp_planner.ui.actions import ActionSpec
from nhp_planner.ui.window_context import WindowContext

#: The guide, bundled with the app.
USER_GUIDE = "user-guide.html"
#: What NHP Planner is built on, whose licences the About box names.
BUILT_ON = ("PySide6-Essentials", "sqlite-utils", "openpyxl", "defusedxml", "reportlab")


def licences() -> list[tuple[str, str, str]]:
    """(name, version, licence) of NHP Planner and what it is built on, as installed."""
    from importlib import metadata  # when the About box is first opened

    found = []
    for name in ("nhp-planner", *BUILT_ON, "platformdirs"):
        try:
            info = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue
        named = info.get_all("License-Expression") or info.get_all("License") or [""]
        licence = str(named[0])
        if not licence or len(licence) > 60:  # some packages put the whole text there
            classifiers = [c for c in info.get_all("Classifier") or [] if "License ::" in c]
            licence = classifiers[0].rsplit("::", 1)[-1].strip() if classifiers else "see package"
        found.append((name, info["Version"], licence))
    return found


class HelpActions:
    """Help ▸ User Guide and About."""

    def __init__(self, context: WindowContext) -> None:
        self._context = context

    def action_specs(self) -> list[ActionSpec]:
        return [
            ActionSpec(
                "user_guide",
                "&User Guide",
                self.show_user_guide,
                menu="help",
                shortcut=QKeySequence.StandardKey.HelpContents,
                tip="How to do the monthly update, and what each part of the window is for",
            ),
            ActionSpec("about", "&About NHP Planner", self.show_about, menu="help"),
        ]

    def show_user_guide(self) -> None:
        from nhp_planner.ui.text_dialog import TextDialog  # when first used

        guide = resource(USER_GUIDE).read_text(encoding="utf-8")
        self._context.open_dialog(TextDialog("NHP Planner User Guide", guide, self._context.parent))

    def show_about(self) -> None:
        from nhp_planner.ui.text_dialog import TextDialog  # when first used

        rows = "".join(
            f"<tr><td>{name}</td><td>{version}</td><td>{licence}</td></tr>"
            for name, version, licence in licences()
        )
        text = (
            f"<h2>{APP_NAME} {__version__}</h2>"
            "<p>Keeps a Neighbourhood Policing Strategy delivery plan: objectives, "
            "deliverables, RAG ratings and dates, month by month. Imports and exports Excel "
            "trackers and prints board packs. Every change is saved as you make it.</p>"
            "<p>NHP Planner is free software under the MIT licence. It is built on:</p>"
            "<table cellpadding='3'><tr><th align='left'>Package</th>"
            f"<th align='left'>Version</th><th align='left'>Licence</th></tr>{rows}</table>"
            "<p>Qt is used under the GNU LGPL version 3. Board packs use the DejaVu fonts "
            "(Bitstream Vera licence) and Symbola (free for any use).</p>"
        )
        self._context.open_dialog(TextDialog(f"About {APP_NAME}", text, self._context.parent))
