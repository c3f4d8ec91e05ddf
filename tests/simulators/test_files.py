"""Laws of the one text-file reader: UTF-8 text or one InputFormatError naming the file."""

import io

import pytest

from simulators.errors import InputFormatError
from simulators.files import read_text


def test_reads_utf8_text_and_stdin(tmp_path, monkeypatch):
    path = tmp_path / "in.txt"
    path.write_text("ab → c\n", encoding="utf-8")
    assert read_text(path) == "ab → c\n"
    monkeypatch.setattr("sys.stdin", io.StringIO("from stdin"))
    assert read_text("-") == "from stdin"


@pytest.mark.parametrize("content, message", [
    (None, "cannot read --input {path}: No such file or directory"),
    (b"\xff\xfe", "--input {path} is not UTF-8 text (byte 0 cannot be decoded)"),
])
def test_a_missing_or_binary_file_is_one_input_format_error(tmp_path, content, message):
    path = tmp_path / "in.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputFormatError) as info:
        read_text(path, "--input")
    assert str(info.value) == message.format(path=path)
