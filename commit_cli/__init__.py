"""commit: a command-line tracker for multi-government action plans kept as YAML in git."""

__version__ = "0.1.0"
