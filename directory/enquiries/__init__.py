"""A buyer's enquiry to a provider: stored, relayed by the mail queue, rate-limited."""
