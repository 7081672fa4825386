"""One module per kind of claim; each function takes the ledger and the claim's parameters and returns a Check.

claims.yaml names each claim's function (`check: tradeclaims.claims.MODULE:FUNCTION`) and the rule it applies."""
