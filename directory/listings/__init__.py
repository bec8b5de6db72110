"""A member's listing: its field rules, operations (flush, never commit), the review and its diff,
freshness, logos, completeness and the `listings` CLI."""
