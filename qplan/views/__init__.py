"""Views: each turns analysis results into a `qplan.report.Report` (data for scripts plus
headings, typed tables and notes for people) and formats nothing itself."""
