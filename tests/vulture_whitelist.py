# Names vulture cannot see being used (read by `vulture src tests/vulture_whitelist.py` and the notebooks' code).
from tradeclaims import notebook
from tradeclaims.checks import registry
from tradeclaims.fetch import imf
from tradeclaims.notebook import session
from tradeclaims.report import schema
from tradeclaims.run import kernels

kernels.ReadyClient  # named to jupyter_client's kernel managers by its dotted path (kernels.new_manager)
_.execute_managed_notebook  # papermill calls the warm engine's through its engine registry
registry.ParameterSpec.help  # the registry's documentation of a parameter, shown by `tradeclaims list --parameters`
_.outputs  # the report's copy of a notebook cell gets its outputs filtered (claim_page.report_cells)
notebook.__getattr__  # Python calls a package's __getattr__ for names it does not hold (PEP 562)
_._content  # requests returns a response's body from _content once set (fetch/http.read_bounded reads it capped)
session.remember  # run in each kept kernel by name (run/kernels.REMEMBER_CODE)
session.restore  # run in each kept kernel by name (run/kernels.RESET_CODE)
schema.fields_markdown  # docs/results.md's table of results.json fields, made from the schema by scripts/generate_docs.py
imf.parse_imts  # the rows of a message alone, as the parsing and ledger tests read them (the connector: read_imts)
