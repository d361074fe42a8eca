"""The validated plan written out for other programs (JSON today)."""
