"""Publication pipeline: outbox, relay, delivery to the channels, delivery ledger, sweep and consistency."""
