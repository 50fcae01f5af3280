"""Excel workbooks for circulation and print: a plan's division of work, and a diff.

Nothing here imports openpyxl at module level; the writers import it when they run.
"""
