"""Empty: the parser does not touch the database."""
