"""Open data: the public vacancies as a change stream, a snapshot, and their fields.

``payload`` says what a public vacancy looks like to the world (and nothing more); ``log``
writes the change log in the vacancy writes' own transactions; ``stream`` reads it by cursor;
``snapshot`` writes and reads the periodic gzip JSON Lines file.
"""
