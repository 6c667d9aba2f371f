"""Claim extraction."""
