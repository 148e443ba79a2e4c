"""The write path for meetings, proceedings, statements and minutes."""
