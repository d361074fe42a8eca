"""Reports for governments: a plain context built from the plan and the query layer
(`context`), rendered by sandboxed Jinja templates (`render`, `templates`) as Markdown or
HTML, and HTML printed to PDF by headless Chromium (`pdf`)."""
