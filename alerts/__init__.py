"""Alerts: the diff against stored positions, the email, and its delivery."""
