"""What the search index needs from indexed rows: a version that grows with every change.

``search_version`` is raised (with an F() expression, in the same transaction as the change)
whenever a row changes in a way the index must learn about; ``indexed_version`` is the version
the index last confirmed. Rows where the two differ are dirty; the sweep re-indexes them. The
version is sent to Elasticsearch as an external version, so an older update that arrives late can
never overwrite a newer one.
"""

from django.db import models


class SearchIndexed(models.Model):
    search_version = models.BigIntegerField(default=1, editable=False)
    indexed_version = models.BigIntegerField(default=0, editable=False)

    class Meta:
        abstract = True
