"""Reports for governments, rendered from Jinja templates (the default templates' lookup
today)."""
