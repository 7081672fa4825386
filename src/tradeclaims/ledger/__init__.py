"""The evidence: published figures with their sources, their validation, and what they cover. Imports no other role."""
