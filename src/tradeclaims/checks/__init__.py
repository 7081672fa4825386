"""One module per kind of claim; each function takes the ledger and the claim's parameters and returns a Check."""
