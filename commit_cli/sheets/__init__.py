"""Workbooks for people who hold the facts but not a git checkout: a country task force's
workbook out (`write`), and the cells they changed back in as the same edits the commands
make (`read`, `changes`, `apply`). `layout` declares the sheets once for both ways."""
