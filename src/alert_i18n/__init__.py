"""alert-i18n: translate Markdown alerts with gettext catalogs and build localized pages."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

__version__ = "0.1.0"


def lazy_module(name: str) -> ModuleType:
    """``import name``, its code run when an attribute is first used (the standard
    library's LazyLoader): a rebuild with nothing to do, which reads no catalog and
    renders nothing, does not load the renderer, the checks or the PO reader."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.loader is not None, name
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
