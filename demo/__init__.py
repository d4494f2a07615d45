"""Demo data in the spirit of the seed articles: Malang and Madiun, trained housewives, UMKM.

One loader per app (``demo.accounts``, ``demo.jobs``, ``demo.seekers``, ``demo.applications``,
``demo.search``), run in order by ``demo.loader.load_demo_data``. Everything goes through the
services (so it obeys the same rules as the API) and is idempotent: each object is looked up by
its natural key first, so running the loader twice adds nothing. The package sits on top of
every app, like the API; no app imports it.
"""
