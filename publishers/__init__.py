"""Channel publishers: website, KCC kennisbank, chatbot and social, one module per channel.

They depend on the typed payload in :mod:`publishers.payload` (built by the hub from its exchange shapes
and the bulk resolver), never on ORM models, so each can be tested and replaced on its own.
"""
