"""The loop after a plan is circulated: who reports on what, the progress forms that go out
and come back, the progress files they are collected into, and the ledger that chases.

    reporters.py  which units report on which items (a group's recorded members for it)
    records.py    progress files: plans/progress/<PLAN>/<PERIOD>.yaml, one entry per (item, unit)
    form.py       what a progress form records and how its columns are named (writer and reader)
    returned.py   reading a returned form and checking it against the plan
    collect.py    merging returned forms into progress files, safely
    ledger.py     status, three-colour flags and totals per (item, unit)
"""
