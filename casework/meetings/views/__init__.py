"""Pages of meetings, agenda items, statements and minutes.

Each write page parses one form and calls one service (URL → view → rules →
service); a refusal from the service is shown on the form, never as an error page.
"""
