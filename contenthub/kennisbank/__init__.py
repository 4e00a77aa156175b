"""KCC kennisbank: the documents the kennisbank channel holds, and (in a later step) the agents' search."""
