"""Read tag and lag systems from rule files: JSON or ``lhs -> rhs`` lines, and cyclic tag appendants.

A rule file is a JSON object

  {"m": 2, "rules": {"a": "bc", "b": "a", "c": "aaa"}, "halt": ["h"], "on_missing": "error"}

or text with one ``lhs -> rhs`` per line (``#`` starts a comment; an empty right side is
the empty production) and optional ``m: 2``, ``halt: h``, ``on_missing: halt`` lines.
:func:`parse_rule_file` returns the keyword arguments of
:func:`simulators.tag.make_tag_system` / :func:`simulators.lag.make_lag_system` as a
dict; a cyclic tag system's appendants are a JSON ``{"appendants": [...]}``, one bit
string per line, or bit strings separated by commas (:func:`parse_appendants`).
"""

import json

from simulators.errors import InputFormatError
from simulators.files import read_text

__all__ = ["parse_rule_file", "read_rule_file", "parse_appendants"]

_NO_WHITESPACE = str.maketrans("", "", " \t\r\n\v\f")  # ignored in bit strings everywhere
_KEYS = {"m", "rules", "halt", "on_missing", "alphabet", "appendants"}


def _parse_json(text, path):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputFormatError(
            f"{path}: not valid JSON ({error.msg} at line {error.lineno} column "
            f"{error.colno})") from None
    if not isinstance(data, dict):
        raise InputFormatError(f"{path}: expected a JSON object with key 'rules'")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise InputFormatError(
            f"{path}: unknown key {unknown[0]!r}; expected some of {', '.join(sorted(_KEYS))}")
    rules = data.get("rules", {})
    if not isinstance(rules, dict) or not all(
            isinstance(value, (str, list)) for value in rules.values()):
        raise InputFormatError(
            f"{path}: key 'rules' must map each left side to a string or a list of names")
    m = data.get("m")
    if m is not None and (isinstance(m, bool) or not isinstance(m, int)):
        raise InputFormatError(f"{path}: key 'm' must be an integer, got {m!r}")
    halt = data.get("halt", [])
    if isinstance(halt, str):
        halt = [halt]
    if not isinstance(halt, list) or not all(isinstance(name, str) for name in halt):
        raise InputFormatError(f"{path}: key 'halt' must be a list of symbol names")
    on_missing = data.get("on_missing")
    if on_missing not in (None, "error", "halt"):
        raise InputFormatError(f"{path}: key 'on_missing' must be 'error' or 'halt'")
    alphabet = data.get("alphabet")
    if alphabet is not None and not isinstance(alphabet, str) and (
            not isinstance(alphabet, list) or not all(isinstance(n, str) for n in alphabet)):
        raise InputFormatError(f"{path}: key 'alphabet' must be a list of symbol names")
    appendants = data.get("appendants")
    if appendants is not None and (not isinstance(appendants, list) or not all(
            isinstance(item, str) for item in appendants)):
        raise InputFormatError(f"{path}: key 'appendants' must be a list of bit strings")
    return {"rules": rules, "m": m, "halt": halt, "on_missing": on_missing,
            "alphabet": alphabet, "appendants": appendants}


def _parse_text(text, path):
    spec = {"rules": {}, "m": None, "halt": [], "on_missing": None, "alphabet": None,
            "appendants": None}
    first_line = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if "->" not in line:
            key, sep, value = line.partition(":")
            key, value = key.strip(), value.strip()
            if not sep or key not in ("m", "halt", "on_missing"):
                raise InputFormatError(
                    f"{path} line {number}: expected 'lhs -> rhs' or 'm:', 'halt:', "
                    f"'on_missing:', got {raw.strip()!r}")
            if key == "m":
                if not (value.isascii() and value.isdigit() and len(value) <= 9):
                    raise InputFormatError(f"{path} line {number}: m must be an integer")
                spec["m"] = int(value)
            elif key == "halt":
                spec["halt"].extend(value.split() if " " in value or len(value) <= 1 else
                                    [value])
            else:
                if value not in ("error", "halt"):
                    raise InputFormatError(
                        f"{path} line {number}: on_missing must be 'error' or 'halt'")
                spec["on_missing"] = value
            continue
        lhs, _, rhs = line.partition("->")
        lhs, rhs = lhs.strip(), rhs.strip()
        if not lhs:
            raise InputFormatError(f"{path} line {number}: empty left side in {raw.strip()!r}")
        if "->" in rhs:
            raise InputFormatError(f"{path} line {number}: more than one '->'")
        if lhs in first_line:
            raise InputFormatError(
                f"{path} line {number}: second rule for {lhs!r} (first on line "
                f"{first_line[lhs]})")
        first_line[lhs] = number
        spec["rules"][lhs] = rhs
    return spec


def parse_rule_file(text, source="RULES"):
    """Parse the text of a JSON or text rule file (see the module docstring).

    Parameters
    ----------
    text : str
        The file's text; JSON when it starts with ``{``.
    source : str, optional
        How messages name the file.

    Returns
    -------
    dict
        ``rules``, ``m``, ``halt``, ``on_missing``, ``alphabet`` (None where the file does
        not say).

    Raises
    ------
    InputFormatError
        If a line or key is malformed, or there is no rule (the message names it).

    Examples
    --------
    >>> parse_rule_file("m: 2\\na -> bc\\nb -> a  # a comment\\nc -> aaa")["rules"]
    {'a': 'bc', 'b': 'a', 'c': 'aaa'}
    """
    spec = (_parse_json(text, source) if text.lstrip().startswith("{")
            else _parse_text(text, source))
    if spec.pop("appendants") is not None:
        raise InputFormatError(f"{source}: key 'appendants' is for a cyclic tag system "
                               "(genpower tag --cyclic)")
    if not spec["rules"]:
        raise InputFormatError(f"{source}: no rules; expected lines 'lhs -> rhs' or a JSON "
                               "object whose key 'rules' maps each left side to its production")
    return spec


def read_rule_file(path):
    """Read the rule file ``path`` (``"-"``: standard input) with :func:`parse_rule_file`.

    Raises
    ------
    InputFormatError
        If the file cannot be read or is malformed.
    """
    return parse_rule_file(read_text(path, "RULES file"), str(path))


def parse_appendants(text, source="RULES"):
    """Return the appendants of a cyclic tag system written as a JSON object with key
    ``appendants``, one bit string per line (``#`` comments), or bit strings separated by
    commas; white space inside an appendant is ignored.

    Raises
    ------
    InputFormatError
        If the text is empty or a JSON object has no key ``appendants``.

    Examples
    --------
    >>> parse_appendants("011, 10,101")
    ['011', '10', '101']
    """
    if text.lstrip().startswith("{"):
        appendants = _parse_json(text, source)["appendants"]
        if appendants is None:
            raise InputFormatError(f"{source}: expected key 'appendants'")
        return appendants
    if not text.translate(_NO_WHITESPACE):
        raise InputFormatError(f"{source} is empty; give the appendants one per line or "
                               "separated by commas, e.g. 011,10")
    if "\n" in text.strip():
        lines = [line.split("#", 1)[0].translate(_NO_WHITESPACE) for line in text.split("\n")]
        return [line for line in lines if line]
    return [item.translate(_NO_WHITESPACE) for item in text.split("#", 1)[0].split(",")]
