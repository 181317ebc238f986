# Type stubs of weft.dask (python/weft/dask.py).
from typing import Any, Optional

def loads() -> int: ...
def map_pipeline(
    bag: Any,
    profile: Optional[str] = ...,
    script: Optional[str] = ...,
    lua: Optional[str] = ...,
    *,
    jobs: int = ...,
    output: str = ...,
    **options: Any,
) -> Any: ...
