# Type stubs of the C extension (python/weft/_weft.c); use the weft package.
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Type, Union

class Error(Exception): ...

class DocBase:
    _json: Union[str, bytes]
    _d: Optional[Dict[str, Any]]
    _layers: Optional[Mapping[str, Any]]
    _enc: Optional[bytes]
    def __init__(self, json_line: Union[str, bytes]) -> None: ...
    def to_json(self) -> str: ...

class Pipeline:
    name: Optional[str]
    script: Optional[str]
    offsets: str
    stages: List[Tuple[str, Optional[str], int]]
    def run_json(
        self, text: Union[str, bytes], id: Optional[object] = ..., offsets: Optional[str] = ...,
        span_text: Optional[bool] = ...,
    ) -> bytes: ...
    def pipe_json(
        self, texts: Iterable[Any], jobs: int = ..., offsets: Optional[str] = ...,
        span_text: Optional[bool] = ..., doc: Optional[Type[DocBase]] = ...,
    ) -> PipeJSON: ...

class PipeJSON(Iterator[Any]):
    def __next__(self) -> Any: ...
    def close(self) -> None: ...
    def __enter__(self) -> PipeJSON: ...
    def __exit__(self, *exc: Any) -> bool: ...

def load(
    *, profile: Optional[str] = ..., path: Optional[str] = ..., text: Optional[str] = ...,
    name: Optional[str] = ..., settings: Optional[Mapping[str, Any]] = ...,
    plugin_path: Optional[str] = ..., profile_path: Optional[str] = ..., offsets: Optional[str] = ...,
    span_text: bool = ..., verbosity: Optional[str] = ..., unsafe_lua: bool = ...,
    lua_memory: Optional[int] = ..., lua_budget: Optional[int] = ...,
    warn_repeats: Optional[int] = ...,
) -> Pipeline: ...
def version() -> str: ...
def lua_version() -> str: ...
