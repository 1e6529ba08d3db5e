"""A partner bank's worker for the court enforcement platform (see README.md)."""
