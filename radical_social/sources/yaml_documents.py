"""YAML event files → their documents, with the events of a list read one at a time.

PyYAML's ``load_all`` builds a whole document before handing it over, and a list of 100,000 events
is one document (2.4 GB). Here a document's top-level list, or its ``events:`` list, comes as
``Listed``: each item is made from the parser's events (libyaml's parser where PyYAML has it), handed
over and let go. Plain data is made straight from the events, four times faster than PyYAML composing
and constructing it (CPU time, 10,000 events); an item with anchors, aliases, tags, merge keys or a key
given twice is composed into nodes and constructed as ``load`` does. Anchors stay known to the end of
their document, so an alias may name a node of an earlier item or of a key before ``events:``; that
node is constructed again for each item naming it. Every other document is read whole. Errors read
``invalid YAML at line L, column C: …``; an item that parses but is not data (a key given twice,
an unknown tag) is ``Broken`` and the items after it are still read.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, NamedTuple, TextIO

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


class Listed(NamedTuple):
    """A list of events: its items, read as they are asked for, and the keys standing beside
    ``events:`` in its document (complete once every item has been read)."""

    items: Iterator[Any]
    beside: list[Any]


class Broken(NamedTuple):
    """An item of a list that is not data, and why (``invalid YAML at line 7, column 5: …``)."""

    message: str


class YamlProblem(Exception):
    """The file cannot be read on from here; the message says where and why."""


def documents(text: str | TextIO, lines_before: int = 0) -> Iterator[Any]:
    """Each document of ``text`` (a file is read as the parser asks): a ``Listed`` for a list or for a
    mapping with an ``events:`` list, else its data. A ``Broken`` item's line is counted from
    ``lines_before`` lines above ``text`` (a part of a file, ``yaml_cuts``).

    A ``Listed``'s items must be read before the next document is asked for (they are skipped otherwise).
    Raises ``YamlProblem`` for invalid YAML and ``RecursionError`` for data nested too deeply.
    """
    import yaml

    reader = loader()(text)
    reader.lines_before = lines_before
    with _reading():
        reader.get_event()  # the stream's start
        while not reader.check_event(yaml.StreamEndEvent):
            reader.get_event()  # the document's start
            document = reader.document()
            yield document
            if isinstance(document, Listed):
                for _ in document.items:
                    pass
            reader.get_event()  # the document's end
            reader.anchors = {}


@contextmanager
def _reading() -> Iterator[None]:
    import yaml

    try:
        yield
    except yaml.YAMLError as exc:
        raise YamlProblem(message(exc)) from None


def message(exc: Exception, lines_before: int = 0) -> str:
    """PyYAML's error as the problem of an event file, with its line (``lines_before`` added) and column."""
    import yaml

    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark
        where = f"line {mark.line + 1 + lines_before}, column {mark.column + 1}: " if mark else ""
        return f"invalid YAML at {where}{exc.problem}"
    return f"invalid YAML: {exc}"


@lru_cache(maxsize=1)
def loader() -> Any:
    """PyYAML's safe loader (the C one when there is one), refusing a key given twice in one mapping, and
    reading what looks like a date or a number but is none (2027-02-30, 5,000 digits) as text, which the
    event's checks then refuse, naming the field; with ``document``, which reads a list an item at a time."""
    import yaml
    from yaml.composer import ComposerError
    from yaml.constructor import ConstructorError

    safe: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(safe):  # type: ignore[misc]
        def __init__(self, stream: str | TextIO) -> None:
            safe.__init__(self, stream)
            self.anchors: dict[str, yaml.Node] = {}
            self.lines_before = 0

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            seen: set[tuple[str, str]] = set()
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                    if (key.tag, key.value) in seen:
                        raise ConstructorError(None, None, f"the key {key.value[:60]!r} is given twice in one "
                                                           "mapping; keep one", key.start_mark)
                    seen.add((key.tag, key.value))
            return dict(super().construct_mapping(node, deep=deep))

        def lenient(self, node: yaml.ScalarNode) -> Any:
            try:
                return _STRICT[node.tag](self, node)
            except (ValueError, OverflowError):
                return self.construct_scalar(node)

        def node(self, source: Any = None) -> Any:
            """The node starting here, as PyYAML's ``Composer.compose_node`` makes it (with no path resolvers);
            the events come from the parser, or from ``source`` (a ``_Replay``)."""
            source = source or self
            event = source.get_event()
            kind, anchor = type(event), event.anchor
            if kind is yaml.AliasEvent:
                if anchor not in self.anchors:
                    raise ComposerError(None, None, f"found undefined alias {anchor!r}", event.start_mark)
                return self.anchors[anchor]
            if anchor is not None and anchor in self.anchors:
                raise ComposerError(f"found duplicate anchor {anchor!r}; first occurrence",
                                    self.anchors[anchor].start_mark, "second occurrence", event.start_mark)
            tag = event.tag
            node: yaml.Node
            if kind is yaml.ScalarEvent:
                if tag is None or tag == "!":
                    tag = self.resolve(yaml.ScalarNode, event.value, event.implicit)
                node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
                if anchor is not None:
                    self.anchors[anchor] = node
                return node
            collection, end = ((yaml.SequenceNode, yaml.SequenceEndEvent) if kind is yaml.SequenceStartEvent
                               else (yaml.MappingNode, yaml.MappingEndEvent))
            if tag is None or tag == "!":
                tag = self.resolve(collection, None, event.implicit)
            node = collection(tag, [], event.start_mark, None, flow_style=event.flow_style)
            if anchor is not None:
                self.anchors[anchor] = node
            value = node.value
            while type(source.peek_event()) is not end:
                value.append(self.node(source) if collection is yaml.SequenceNode
                             else (self.node(source), self.node(source)))
            node.end_mark = source.get_event().end_mark
            return node

        def document(self) -> Any:
            """The document starting here: a ``Listed`` when it is a list or holds an ``events:`` list."""
            if _streams(self.peek_event(), yaml.SequenceStartEvent):
                return Listed(self.items(), [])
            if _streams(self.peek_event(), yaml.MappingStartEvent):
                return self.mapping()
            return self.construct_document(self.node())

        def mapping(self) -> Any:
            """A top-level mapping: ``Listed`` from its ``events:`` list on, or its data when it has none."""
            start = self.get_event()
            pairs: list[tuple[list[Any], list[Any]]] = []  # the events of each key and value
            while not self.check_event(yaml.MappingEndEvent):
                key = self.item_events()
                if self.names_events(key) and _streams(self.peek_event(), yaml.SequenceStartEvent):
                    nodes = [(self.node(_Replay(key)), self.node(_Replay(value))) for key, value in pairs]
                    beside: list[Any] = []
                    return Listed(self.rest(start, nodes, self.node(_Replay(key)), beside), beside)
                pairs.append((key, self.item_events()))
            data = self.data([start, *(event for pair in pairs for part in pair for event in part), self.get_event()])
            if isinstance(data, Broken):
                raise YamlProblem(data.message)
            return data

        def names_events(self, key: list[Any]) -> bool:
            """Whether the events of a key are the plain text ``events`` (no anchor for a later alias to name)."""
            event = key[0]
            return (len(key) == 1 and type(event) is yaml.ScalarEvent and event.value == "events"
                    and event.anchor is None and (event.tag or self.scalar(event)[0]) in ("!", _STR))

        def rest(self, start: Any, pairs: list[tuple[yaml.Node, yaml.Node]], events: yaml.Node,
                 beside: list[Any]) -> Iterator[Any]:
            """The items of the ``events:`` list, then the rest of the mapping, whose other keys go to ``beside``."""
            with _reading():
                yield from self.items()
                pairs.append((events, yaml.ScalarNode("tag:yaml.org,2002:null", "", events.start_mark,
                                                      events.end_mark)))
                while not self.check_event(yaml.MappingEndEvent):
                    key = self.node()
                    pairs.append((key, self.node()))
                beside += [key for key in self.construct_document(self.ended(start, pairs)) if key != "events"]

        def ended(self, start: Any, pairs: list[tuple[yaml.Node, yaml.Node]]) -> yaml.MappingNode:
            """The mapping of ``pairs``, which started at ``start`` and ends here."""
            return yaml.MappingNode("tag:yaml.org,2002:map", pairs, start.start_mark, self.get_event().end_mark)

        def items(self) -> Iterator[Any]:
            """The items of the sequence starting here, each constructed alone, or ``Broken``."""
            with _reading():
                self.get_event()
                while not self.check_event(yaml.SequenceEndEvent):
                    yield self.data(self.item_events())
                self.get_event()

        def data(self, events: list[Any]) -> Any:
            """The data of the node of ``events``, or ``Broken``."""
            try:
                return self.built(events[0], iter(events[1:]))
            except (_NeedsNodes, ConstructorError):
                return self.replayed(events)

        def item_events(self) -> list[Any]:
            """The parser's events of the node starting here."""
            events = [self.get_event()]
            depth = int(type(events[0]) in _STARTS)
            get, keep, scalar = self.get_event, events.append, yaml.ScalarEvent  # the hot loop of a list's reading
            while depth:
                keep(event := get())
                if (kind := type(event)) is not scalar:
                    depth += 1 if kind in _STARTS else -1 if kind in _ENDS else 0
            return events

        def built(self, event: Any, rest: Iterator[Any]) -> Any:
            """The data of the node of ``event`` and the ``rest`` of its events, made straight from them, as
            ``construct_document`` would make it from its node; ``_NeedsNodes`` for what needs the nodes:
            anchors, aliases, tags, merge keys, keys that are lists or mappings."""
            kind = type(event)
            if kind is yaml.AliasEvent or event.anchor is not None or event.tag is not None:
                raise _NeedsNodes
            if kind is yaml.ScalarEvent:
                return self.scalar(event)[1]
            if kind is yaml.SequenceStartEvent:
                items: list[Any] = []
                for item in rest:
                    if type(item) is yaml.SequenceEndEvent:
                        return items
                    items.append(self.built(item, rest))
            data: dict[Any, Any] = {}
            scalar, known = yaml.ScalarEvent, _RESOLVED  # the hot loop of a list's reading
            for key in rest:
                if type(key) is not scalar or key.anchor is not None or key.tag is not None:
                    if type(key) is yaml.MappingEndEvent:
                        return data
                    raise _NeedsNodes
                tag, value = (known.get(key.value) or self.scalar(key)) if key.implicit[0] else (_STR, key.value)
                if tag == _MERGE or value in data:
                    raise _NeedsNodes  # ``replayed`` merges, names a key given twice, or keeps the last of equal keys
                item = next(rest)
                if type(item) is not scalar or item.anchor is not None or item.tag is not None:
                    data[value] = self.built(item, rest)
                elif item.implicit[0]:
                    data[value] = (known.get(item.value) or self.scalar(item))[1]
                else:
                    data[value] = item.value
            raise _NeedsNodes  # not reached: the events of a node end it

        def scalar(self, event: Any) -> tuple[str, Any]:
            """The tag of a scalar with no tag of its own, and its data. Quoted text, and plain text whose first
            character starts none of the resolver's patterns (numbers, dates, true, null…), is text. The data
            of plain text is kept for the next time the same text comes (``null``, ``false``, ``0``…)."""
            value = event.value
            if not event.implicit[0] or (value and value[0] not in _PATTERNS and None not in _PATTERNS):
                return _STR, value
            known = _RESOLVED.get(value)
            if known is None:
                known = self.resolved(event)
                if (known[0] in _SCALARS or known[0] == _STR) and len(_RESOLVED) < 4096:
                    _RESOLVED[value] = known
            return known

        def resolved(self, event: Any) -> tuple[str, Any]:
            """The tag and the data of a plain scalar with no tag of its own."""
            value = event.value
            tag = self.resolve(yaml.ScalarNode, value, event.implicit)
            if tag == _STR:
                return tag, value
            node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, style=event.style)
            constructor = _SCALARS.get(tag)
            return tag, constructor(self, node) if constructor else self.construct_document(node)

        def replayed(self, events: list[Any]) -> Any:
            """The data of the node of ``events``, composed and constructed as ``load`` does, or ``Broken``."""
            try:
                return self.construct_document(self.node(_Replay(events)))
            except ConstructorError as exc:
                self.constructed_objects, self.recursive_objects, self.state_generators = {}, {}, []  # type: ignore[var-annotated]
                return Broken(message(exc, self.lines_before))

    _PATTERNS = frozenset(Loader.yaml_implicit_resolvers)
    """The first characters of the implicit resolvers' patterns (``None``: a pattern may start anywhere)."""
    _STARTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    _ENDS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    _STRICT = {tag: Loader.yaml_constructors[tag] for tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int")}
    for tag in _STRICT:
        Loader.add_constructor(tag, Loader.lenient)
    _SCALARS = {f"tag:yaml.org,2002:{name}": Loader.yaml_constructors[f"tag:yaml.org,2002:{name}"]
                for name in ("null", "bool", "int", "float", "timestamp")}
    """The constructors of the tags plain scalars resolve to, each making a value straight from its node."""
    _RESOLVED: dict[str, tuple[str, Any]] = {}
    """The tag and the data of plain scalars met before (the data is immutable: None, bools, numbers, dates)."""
    return Loader


class _Replay:
    """The events of one node, again, for ``node``."""

    def __init__(self, events: list[Any]) -> None:
        self.events = deque(events)

    def get_event(self) -> Any:
        return self.events.popleft()

    def peek_event(self) -> Any:
        return self.events[0]


class _NeedsNodes(Exception):
    """An item whose data cannot be made straight from its events."""


def _streams(event: Any, kind: type) -> bool:
    """Whether a node starting with ``event`` is a plain list or mapping (no anchor, no tag) to read in parts."""
    return isinstance(event, kind) and event.anchor is None and event.tag is None  # type: ignore[attr-defined]
