"""A new plan repository in one step (`commit init`): the plan, the files that plug it into
CI, pre-commit and editors, and a first git commit."""
