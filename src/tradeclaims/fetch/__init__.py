"""Connectors to official publishers: `tradeclaims fetch SOURCE` downloads, parses and stores their figures.

CONNECTORS maps each source name to its connector, an object with `plan(request) -> list[str]` (what a fetch would do)
and `fetch(request, session=None) -> FetchBatch` (download or read, then parse, writing nothing). A connector's module
is imported when it is first looked up, so listing the names costs no import of pandas, sdmx1 or requests.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module


class ConnectorRegistry(Mapping):
    """Source name -> connector, each imported on first use."""

    def __init__(self, modules: dict[str, str]):
        self.modules = modules

    def __getitem__(self, name: str):
        if name not in self.modules:
            raise KeyError(name)
        return import_module(f"{__name__}.{self.modules[name]}").CONNECTOR

    def __iter__(self) -> Iterator[str]:
        return iter(self.modules)

    def __len__(self) -> int:
        return len(self.modules)


CONNECTORS = ConnectorRegistry({"imf": "imf", "gacc": "gacc", "census": "census", "india": "india"})

__all__ = ["CONNECTORS", "ConnectorRegistry"]
