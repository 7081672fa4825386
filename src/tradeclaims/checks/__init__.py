"""The shared reasoning of every check: routes to a quantity, verdict rules, parts, alternatives, the Check record,
and the claims registry that names each claim's check (the checks themselves are in tradeclaims.claims)."""
