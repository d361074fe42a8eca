"""Checks that span more than one object, as rules: one module per family, each rule with a
stable code, every family registered in `run.FAMILIES`.

A family's rules run in up to four parts, each given only what its rules read, so that what
a part finds is a function of exactly that and can be kept under a key made of it:

- `check_file(FileContext, ppc)`: rules about one PPC file, reading the file's record and,
  of the header, only `facts.HeaderFileFacts` (period, cadence, country codes). Kept per file.
- `check_across(AcrossContext)`: rules that compare files (ids, references to ids, series,
  dependencies, what an indicator counts), reading only the facts projection
  (`facts.PlanFacts`): a status, a note, an outcome or a typed value is not in it, so
  editing one does not rerun them. Kept under the projection's digest.
- `check_progress(PlanContext)`: the two rules that compare recorded progress across files
  (work taken up that waits on planned work; a typed value that contradicts the milestones
  it counts). Run on every check, never kept: one pass over the milestones' ids and
  statuses, and work only for milestones taken up that depend on others and indicators that
  both count milestones and have typed values.
- `check_today(PlanContext, today)`: what depends on the day; never kept. Run by
  `today.check_plan_today` over `today.TODAY_FAMILIES`, on every load, so a warm command
  imports only those families.

`run.check_plan` is the one definition of the result; a `Memo` may hand it a part found before
(`plan.checking` keeps them in the cache), and it combines the parts the same way either way.
Within a part, families run in `FAMILIES` order (`ids` first: the others look ids up).
Every rule is linear in the size of the plan (dictionaries, no pairwise comparisons). A test
holds, for every registered code, a plan that breaks the rule and one that keeps it.

This file imports nothing: importing any one family runs it first.
"""
