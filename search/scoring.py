"""The weights of a free-text search's parts, shared by both backends (constant scores).

A vacancy's score is the sum of the weights of what it holds: each stem of the query, each word
in its exact form, each skill the query names, and the work type, pay unit, place or pay the
query asks for (``search.intents``). Fixed weights rather than BM25 make the database backend
and Elasticsearch rank alike (ties by newest, then pk), and keep an exact word or a named
skill above a word that merely shares a stem.
"""

WEIGHTS = {
    "stem": 2,
    "intent_word": 1,
    "surface": 1,
    "skill": 4,
    "work_type": 3,
    "district": 3,
    "city": 2,
    "pay_unit": 2,
    "pay_at_least": 2,
}
