"""`commit demo`: a git repository with the bundled plan and an invented, clearly labelled
history of progress, recorded through the editing library (story, then history)."""
