"""The desktop window: PySide6 widgets, Qt models over the plan store, undo commands, dialogs."""
