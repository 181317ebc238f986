# Type stubs of the weft package (python/weft/__init__.py).
import os
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

Text = Union[str, bytes]
Item = Union[str, bytes, Mapping[str, Any]]
# colon-separated folders, one path, or a list of them
SearchPath = Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]]

__version__: str

class Error(Exception): ...

def version() -> str: ...
def lua_version() -> str: ...

class Span:
    @property
    def begin(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> Optional[str]: ...
    @property
    def score(self) -> Optional[float]: ...
    @property
    def attrs(self) -> Dict[str, Any]: ...
    @property
    def view(self) -> str: ...
    @property
    def text(self) -> Optional[str]: ...
    def to_dict(self) -> Dict[str, Any]: ...

class Doc:
    def __init__(self, json_line: Union[bytes, str]) -> None: ...
    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def view(self) -> str: ...
    @property
    def offsets(self) -> str: ...
    @property
    def attrs(self) -> Dict[str, Any]: ...
    @property
    def layers(self) -> Mapping[str, List[Span]]: ...
    @property
    def errors(self) -> List[Dict[str, Any]]: ...
    @property
    def failed(self) -> bool: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self) -> str: ...

class Pipeline:
    @property
    def name(self) -> Optional[str]: ...
    @property
    def script(self) -> Optional[str]: ...
    @property
    def stages(self) -> List[Tuple[str, Optional[str], int]]: ...
    @property
    def offsets(self) -> str: ...
    def __call__(self, text: Text, id: Optional[object] = ..., *, offsets: Optional[str] = ...) -> Doc: ...
    def run(self, text: Text, id: Optional[object] = ..., *, offsets: Optional[str] = ...) -> Doc: ...
    def pipe(self, texts: Iterable[Item], jobs: int = ..., *, offsets: Optional[str] = ...) -> Iterator[Doc]: ...

def load_profile(
    name: str,
    *,
    settings: Optional[Mapping[str, Any]] = ...,
    plugin_path: Optional[SearchPath] = ...,
    profile_path: Optional[SearchPath] = ...,
    offsets: str = ...,
    span_text: bool = ...,
    verbosity: Optional[str] = ...,
    unsafe_lua: bool = ...,
    lua_memory: Optional[int] = ...,
    lua_budget: Optional[int] = ...,
    warn_repeats: Optional[int] = ...,
) -> Pipeline: ...
def load_script(
    path: str,
    *,
    settings: Optional[Mapping[str, Any]] = ...,
    plugin_path: Optional[SearchPath] = ...,
    profile_path: Optional[SearchPath] = ...,
    offsets: str = ...,
    span_text: bool = ...,
    verbosity: Optional[str] = ...,
    unsafe_lua: bool = ...,
    lua_memory: Optional[int] = ...,
    lua_budget: Optional[int] = ...,
    warn_repeats: Optional[int] = ...,
) -> Pipeline: ...
def load_lua(
    source: str,
    name: str = ...,
    *,
    settings: Optional[Mapping[str, Any]] = ...,
    plugin_path: Optional[SearchPath] = ...,
    profile_path: Optional[SearchPath] = ...,
    offsets: str = ...,
    span_text: bool = ...,
    verbosity: Optional[str] = ...,
    unsafe_lua: bool = ...,
    lua_memory: Optional[int] = ...,
    lua_budget: Optional[int] = ...,
    warn_repeats: Optional[int] = ...,
) -> Pipeline: ...
