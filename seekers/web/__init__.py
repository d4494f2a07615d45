"""The job seeker's own profile as web pages: a short form in steps."""
