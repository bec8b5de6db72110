"""Accounts: operations (sign-up, confirmation, reset, roles), passwords, addresses, sessions."""
