"""Issue 5: the ``drafter check`` command — exit codes, bad input without tracebacks, Chinese
messages, configuration, and JSON output that validates against the published schema."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from drafter.check import RULES, SCHEMA_PATH
from drafter.cli import run

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
CLEAN = Path(__file__).parent / "corpus" / "clean" / "01-spring-farming.txt"
MESSY = "\n".join([
    "在某会议上的讲话",
    "同志们：",
    "今天开会,部署工作。",             # warning: half-width comma
    "下面，我讲四点意见。",            # error: three headings follow
    "一、甲",
    "请XX同志负责。",                 # warning: placeholder
    "二、乙",
    "会议定于2026年3月15日（星期三）召开。",  # error: a Sunday
    "三、丙",
    "内容。",
])


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# ---- a tiny validator for the JSON Schema subset schema.json uses ---------------------------

def validate(value, schema, root=None, path="$"):
    root = root or schema
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return validate(value, target, root, path)
    errors = []
    types = schema.get("type")
    if types is not None:
        types = types if isinstance(types, list) else [types]
        checks = {"object": lambda v: isinstance(v, dict), "array": lambda v: isinstance(v, list),
                  "string": lambda v: isinstance(v, str), "null": lambda v: v is None,
                  "integer": lambda v: isinstance(v, int) and not isinstance(v, bool)}
        if not any(checks[t](value) for t in types):
            return [f"{path}: {value!r} is not {types}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in enum")
    if "minimum" in schema and isinstance(value, int) and value < schema["minimum"]:
        errors.append(f"{path}: {value} < minimum")
    if "minLength" in schema and isinstance(value, str) and len(value) < schema["minLength"]:
        errors.append(f"{path}: too short")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{path}: missing {key}")
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                errors += validate(item, props[key], root, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}: unexpected {key}")
        if "anyOf" in schema and not any(not validate(value, s, root, path) for s in schema["anyOf"]):
            errors.append(f"{path}: matches none of anyOf")
    if isinstance(value, list) and "items" in schema:
        for k, item in enumerate(value):
            errors += validate(item, schema["items"], root, f"{path}[{k}]")
    return errors


def test_validator_rejects_what_the_schema_forbids():
    good = {"findings": [{"rule": "placeholder", "severity": "warning", "message": "m", "hint": "",
                          "where": {"file": "a.txt", "paragraph": 1, "quote": "q"}}]}
    assert validate(good, SCHEMA) == []
    bad_rule = json.loads(json.dumps(good))
    bad_rule["findings"][0]["rule"] = "no.such"
    no_place = json.loads(json.dumps(good))
    del no_place["findings"][0]["where"]["paragraph"]
    extra = json.loads(json.dumps(good))
    extra["findings"][0]["extra"] = 1
    for doc in (bad_rule, no_place, extra, {"findings": "x"}, {}):
        assert validate(doc, SCHEMA) != []


def test_schema_in_docs_is_the_published_one():
    docs = (Path(__file__).parent.parent / "docs" / "check.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", docs, re.S)
    assert SCHEMA in [json.loads(b) for b in blocks if '"$schema"' in b]
    for rule in RULES:  # every rule id is documented
        assert f"`{rule}`" in docs


@pytest.mark.parametrize("extra", [[], ["--final"], ["--fix", "--force"]])
def test_json_output_validates(tmp_path, capsys, extra):
    path = write(tmp_path, "稿.txt", MESSY)
    run(["check", str(path), "--format", "json", *extra])
    data = json.loads(capsys.readouterr().out)
    assert validate(data, SCHEMA) == []
    assert data["findings"]
    try:
        import jsonschema
    except ImportError:
        return
    jsonschema.validate(data, SCHEMA)


def test_json_output_of_a_model_validates():
    from drafter.check import check_document, findings_to_json
    from drafter.model import Document, Paragraph, Source, Text, Title

    doc = Document((Title("讲话", Source("m.toml", 1)), Paragraph((Text("请XX同志负责,抓紧。"),), Source("m.toml", 4)),
                    Paragraph((Text("没有来源的段落,也要能定位。"),))))
    data = json.loads(findings_to_json(check_document(doc)))
    assert validate(data, SCHEMA) == []
    wheres = [f["where"] for f in data["findings"]]
    assert {"file": "m.toml", "line": 4, "quote": "请XX同志负责,抓紧。"} in wheres
    assert any(w.get("paragraph") == 3 and "line" not in w for w in wheres)


# ---- exit codes ----------------------------------------------------------------------------

def test_exit_codes(tmp_path, capsys):
    assert run(["check", str(CLEAN)]) == 0
    assert "没有发现问题" in capsys.readouterr().out
    warn = write(tmp_path, "w.txt", "同志们：\n请XX同志负责。")
    assert run(["check", str(warn)]) == 0
    assert run(["check", str(warn), "--strict"]) == 1
    assert run(["check", str(warn), "--final"]) == 1
    assert run(["check", str(write(tmp_path, "e.txt", MESSY))]) == 1


def test_text_output_is_grouped_by_rule_and_plain_when_not_a_terminal(tmp_path, capsys):
    run(["check", str(write(tmp_path, "稿.txt", MESSY))])
    out = capsys.readouterr().out
    assert "\033[" not in out
    headers = [ln for ln in out.splitlines() if re.match(r"^(错误|警告)  ", ln)]
    assert headers[0].startswith("错误") and headers[-1].startswith("警告")
    assert any("count.mismatch，1 处" in h for h in headers)
    assert "稿.txt 第 4 段（第 4 行）：“下面，我讲四点意见。”" in out
    assert "共 2 个错误、2 个警告。" in out
    assert "按每分钟 220 字约需" in out


def test_format_findings_colours_on_request():
    from drafter.check import check_text, format_findings

    findings = check_text("请XX同志负责。")
    assert "\033[33m" in format_findings(findings, color=True)
    assert "\033[" not in format_findings(findings, color=False)


# ---- bad input: a Chinese message and an exit code, never a traceback ------------------------

BAD_INPUTS = [
    ("missing.txt", None, 3, "找不到要检查的文件"),
    ("empty.txt", b"", 3, "没有文字"),
    ("blank.txt", b"\n  \n\n", 3, "没有文字"),
    ("binary.txt", bytes(range(256)) * 8, 3, "不是文本文件"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, 3, "另存为"),
    ("wps.wps", b"whatever", 3, "另存为"),
    ("broken.docx", b"PK\x03\x04 not really a zip", 3, "无法打开这个 .docx"),
    ("empty.docx", b"", 3, "没有文字"),
    ("renamed.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, 3, "旧版 Word"),
    ("notes.md", "# 标题".encode(), 3, "不认识的文件类型"),
]


@pytest.mark.parametrize("name, data, code, words", BAD_INPUTS)
def test_bad_input(tmp_path, capsys, name, data, code, words):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    assert run(["check", str(path)]) == code
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and "内部错误" not in err


def test_folder_is_bad_input(tmp_path, capsys):
    folder = tmp_path / "稿.txt"
    folder.mkdir()
    assert run(["check", str(folder)]) == 3
    assert "文件夹" in capsys.readouterr().err


def test_usage_errors(tmp_path, capsys):
    path = write(tmp_path, "稿.txt", "同志们：")
    assert run(["check", str(path), "--format", "xml"]) == 2
    assert "--format 只能是 text 或 json" in capsys.readouterr().err
    assert run(["check"]) == 2
    outline = write(tmp_path, "meeting.toml", '[meeting]\ntitle = "讲话"\n')
    assert run(["check", str(outline), "--fix"]) == 2
    assert "--fix 不能用于提纲" in capsys.readouterr().err


@pytest.mark.parametrize("encoding, prefix", [("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""),
                                              ("utf-16-le", b"\xff\xfe")])
def test_text_encodings(tmp_path, encoding, prefix):
    from drafter.check import check_file

    path = tmp_path / "稿.txt"
    path.write_bytes(prefix + "同志们：\n请某某同志负责。\n".encode(encoding))
    assert [(f.rule, f.paragraph, f.line) for f in check_file(path)] == [("placeholder", 2, 2)]


# ---- configuration -------------------------------------------------------------------------

def test_config_turns_rules_off_sets_limits_and_phrases(tmp_path, capsys):
    text = "同志们：\n请XX同志负责，这是老提法。\n" + "各级各部门要切实增强责任感使命感紧迫感" * 3 + "。"
    path = write(tmp_path, "稿.txt", text)
    config = write(tmp_path, "office.toml", "\n".join([
        "[rules]", '"placeholder" = "off"', '"length.sentence" = "error"',
        "[limits]", "sentence_chars = 40",
        "[phrases]", '"老提法" = "新提法"',
    ]))
    assert run(["check", str(path), "--config", str(config), "--format", "json"]) == 1
    rules = {f["rule"]: f for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "placeholder" not in rules
    assert rules["length.sentence"]["severity"] == "error"
    assert rules["phrase.banned"]["hint"] == "改为“新提法”。"


def test_config_in_current_folder_is_found(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DRAFTER_PATH", str(tmp_path / "nobody"))
    path = write(tmp_path, "稿.txt", "同志们：\n请XX同志负责。")
    assert run(["check", str(path), "--strict"]) == 1
    write(tmp_path, "check.toml", '[rules]\n"placeholder" = false\n')
    assert run(["check", str(path), "--strict"]) == 0


def test_layers_later_wins(tmp_path):
    from drafter.check import load_config

    first = write(tmp_path, "a.toml", '[rules]\n"placeholder" = "error"\n[phrases]\n"甲" = "乙"\n"丙" = "丁"\n')
    second = write(tmp_path, "b.toml", '[rules]\n"placeholder" = true\n[phrases]\n"丙" = false\n')
    config = load_config([first, second])
    assert config.severity_of("placeholder") == "warning"
    assert config.phrases == {"甲": "乙"}
    assert config.files == (str(first), str(second))


@pytest.mark.parametrize("text, words, line", [
    ('[rules]\n"placeholdr" = "off"\n', "是不是想写“placeholder”", 2),
    ('[limits]\nsentence_chars = 5\n', "应是 20 到 1000 之间的数", 2),
    ('[limits]\nchars_per_minut = 200\n', "是不是想写“chars_per_minute”", 2),
    ('[rulez]\n', "是不是想写“rules”", 1),
    ('[rules]\n"placeholder" = "loud"\n', "设置“loud”不对", 2),
    ('[phrases]\n"甲" = 3\n', "替换词应当是文字", 2),
    ('[rules\n', "TOML", 1),
])
def test_bad_config_is_bad_input(tmp_path, capsys, text, words, line):
    path = write(tmp_path, "稿.txt", "同志们：")
    config = write(tmp_path, "c.toml", text)
    assert run(["check", str(path), "--config", str(config)]) == 3
    err = capsys.readouterr().err
    assert words in err and f"c.toml:{line}" in err and "Traceback" not in err


def test_missing_config_file(tmp_path, capsys):
    path = write(tmp_path, "稿.txt", "同志们：")
    assert run(["check", str(path), "--config", str(tmp_path / "none.toml")]) == 3
    assert "找不到检查配置文件" in capsys.readouterr().err


def test_cli_module_imports_nothing_heavy():
    import subprocess
    import sys

    code = ("import sys, drafter.cli; "
            "heavy = [m for m in ('drafter.check.engine', 'drafter.check.rules') if m in sys.modules]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_without_the_search_path_the_current_folder_config_is_used(tmp_path, monkeypatch):
    import sys

    from drafter.check.config import config_files

    monkeypatch.setitem(sys.modules, "drafter.search", None)  # import fails as before issue 2
    monkeypatch.chdir(tmp_path)
    assert config_files() == []
    (tmp_path / "check.toml").write_text("[rules]\n", encoding="utf-8")
    extra = write(tmp_path, "extra.toml", "[limits]\n")
    assert config_files(explicit=extra) == [Path("check.toml"), extra]
