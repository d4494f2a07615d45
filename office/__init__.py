"""The labor office's web pages (Disnaker staff): dashboard, applications, verification, trainings.

A top-layer package like ``web``: its pages read and write only through the domain's selectors
and services (the same ones the API calls), and it spans every domain app, so it lives in one
place instead of in each app's ``web/``.
"""
