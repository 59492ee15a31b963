"""`tessera templates ...` and `tessera experiment ...` as a user runs them: real processes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

TIMEOUT = 120


def tessera(data_dir: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("TESSERA_DATA_DIR", None)
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=TIMEOUT,
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_templates_list_show_render(tmp_path: Path) -> None:
    data = tmp_path / "data"
    listed = json.loads(tessera(data, "templates", "list", "--json", check=True).stdout)
    names = {t["name"] for t in listed}
    assert {"structured", "structured-zh", "few-shot", "extract-json-zh"} <= names
    assert all(t["builtin"] for t in listed)

    shown = tessera(data, "templates", "show", "structured-zh", check=True).stdout
    assert "role (角色): required" in shown and "notes (补充说明): default: '无'" in shown

    out = tessera(
        data,
        "templates",
        "render",
        "structured-zh",
        "--var",
        "role=老师",
        "--var",
        "task=讲解分词",
        "--var",
        "requirements=简洁",
        "--json",
        check=True,
    ).stdout
    rendered = json.loads(out)
    assert rendered["system"] == "你是老师。"
    assert rendered["user"].startswith("作为老师，请执行以下任务：\n讲解分词")
    assert rendered["user"].endswith("另外，补充说明：无")


def test_render_reports_missing_variables_and_typos(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc = tessera(data, "templates", "render", "translate", "--var", "txet=hi")
    assert proc.returncode == 2 and proc.stdout == ""
    assert "No value for variable: text" in proc.stderr
    assert "has no variable 'txet'" in proc.stderr
    proc = tessera(data, "templates", "render", "no-such-template")
    assert proc.returncode == 2 and "no template named 'no-such-template'" in proc.stderr
    proc = tessera(data, "templates", "render", "translate", "--var", "oops")
    assert proc.returncode == 2 and "KEY=VALUE" in proc.stderr


def test_render_var_file_and_plain_output(tmp_path: Path) -> None:
    data = tmp_path / "data"
    source = tmp_path / "code.py"
    source.write_text("print('你好')\n", encoding="utf-8")
    out = tessera(
        data, "templates", "render", "explain-code", "--var-file", f"code={source}", check=True
    ).stdout
    assert "print('你好')" in out and out.startswith("You are an experienced programmer")


def write_experiment(folder: Path, model: Path, **extra: object) -> Path:
    (folder / "cases.csv").write_text("_label,text\nfrom csv,早上好\n", encoding="utf-8")
    spec = {
        "name": "问候",
        "templates": [
            {"builtin": "translate"},
            {"label": "short", "body": "Greet {{text}}", "kind": "completion"},
        ],
        "cases": [{"label": "en", "values": {"text": "hello"}}],
        "cases_csv": "cases.csv",
        "configs": [
            {
                "label": "cold",
                "model": str(model),
                "temperature": 0.2,
                "seed": 7,
                "max_tokens": 4,
                "n_ctx": 512,
            },
            {
                "label": "hot",
                "model": str(model),
                "temperature": 1.0,
                "seed": 7,
                "max_tokens": 9,
                "n_ctx": 512,
            },
        ],
        "repeats": 1,
        "checks": [{"max_tokens": 5}, {"not_contains": "<|im_end|>"}],
        **extra,
    }
    path = folder / "exp.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return path


def test_experiment_run_prints_table_and_saves_the_run(
    tmp_path: Path, tiny_model_path: Path
) -> None:
    data = tmp_path / "data"
    path = write_experiment(tmp_path, tiny_model_path)
    proc = tessera(data, "experiment", "run", str(path), check=True)
    lines = proc.stdout.splitlines()
    assert lines[0].split() == [
        "case",
        "cold",
        "·",
        "translate",
        "cold",
        "·",
        "short",
        "hot",
        "·",
        "translate",
        "hot",
        "·",
        "short",
    ]
    assert [line.split()[0] for line in lines[1:3]] == ["en", "from"]
    assert lines[3].split() == ["pass", "rate", "100%", "100%", "0%", "0%"]
    assert "complete: 8 cells" in proc.stdout and "saved as run 1 of '问候'" in proc.stdout
    assert "[8/8]" in proc.stderr

    # Re-run exactly as run 1 ran, as JSON: fixed seeds give the same outputs.
    again = json.loads(
        tessera(data, "experiment", "rerun", "问候", "--run", "1", "--json", check=True).stdout
    )
    assert (again["run_number"], again["status"], again["total_cells"]) == (2, "complete", 8)
    assert again["engine_version"].startswith("llama-cpp-python")
    row = next(r for r in again["results"] if r["case"] == "from csv" and r["version"] == "short")
    assert row["prompt"] == "Greet 早上好" and row["model_prompt"] == "Greet 早上好"
    assert row["seed"] == 7 and row["params"]["temperature"] in (0.2, 1.0)
    assert row["ttft_ms"] > 0 and row["tokens_per_second"] > 0

    listed = json.loads(tessera(data, "experiment", "list", "--json", check=True).stdout)
    assert [(e["name"], e["runs"]) for e in listed] == [("问候", 2)]
    shown = json.loads(
        tessera(data, "experiment", "show", "问候", "--run", "1", "--json", check=True).stdout
    )
    assert len(shown["results"]) == 8
    by_key = {
        (r["version"], r["case"], r["config"], r["repeat"]): r["output"] for r in again["results"]
    }
    assert all(
        by_key[(r["version"], r["case"], r["config"], r["repeat"])] == r["output"]
        for r in shown["results"]
    )
    missing = tessera(data, "experiment", "rerun", "nope")
    assert missing.returncode == 2 and "no experiment named 'nope'" in missing.stderr

    out_csv = tmp_path / "results.csv"
    tessera(data, "experiment", "export", "问候", "--format", "csv", "-o", str(out_csv), check=True)
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 8 and {r["case"] for r in rows} == {"en", "from csv"}


def test_experiment_bad_files_get_clear_errors(tmp_path: Path, tiny_model_path: Path) -> None:
    data = tmp_path / "data"
    path = write_experiment(tmp_path, tiny_model_path, cases=[{"label": "empty", "values": {}}])
    proc = tessera(data, "experiment", "run", str(path))
    assert proc.returncode == 2
    assert "Case 'empty' has no value for text" in proc.stderr
    missing = tessera(data, "experiment", "run", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2 and "File not found" in missing.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("templates: [\n", encoding="utf-8")
    proc = tessera(data, "experiment", "run", str(broken))
    assert proc.returncode == 2 and "not valid YAML" in proc.stderr
    assert json.loads(tessera(data, "experiment", "list", "--json", check=True).stdout) == []


def test_experiment_export_before_any_run(tmp_path: Path) -> None:
    proc = tessera(tmp_path / "data", "experiment", "export", "nothing", "--format", "json")
    assert proc.returncode == 2 and "no experiment named 'nothing'" in proc.stderr


def test_saved_template_versions_history_and_diff(tmp_path: Path) -> None:
    from desktop.core.paths import DataPaths
    from desktop.core.store import open_store
    from desktop.core.templates.library import TemplateLibrary

    data = tmp_path / "data"
    with open_store(DataPaths(data).ensure()) as store:
        library = TemplateLibrary(store.templates)
        entry = library.save(None, name="总结", body="Summarize {{text}}.", description="mine")
        library.save(entry, name="总结", body="Summarize {{text}} in {{n=3}} lines.", note="length")
    history = tessera(data, "templates", "history", "总结", check=True).stdout.splitlines()
    assert [line.split()[0] for line in history] == ["v1", "v2"] and history[1].endswith("length")
    diff = tessera(data, "templates", "diff", "总结", "1", "2", check=True).stdout
    assert "-Summarize {{text}}." in diff and "+Summarize {{text}} in {{n=3}} lines." in diff
    old = tessera(
        data, "templates", "render", "总结", "--version", "1", "--var", "text=你好", check=True
    )
    new = tessera(data, "templates", "render", "总结", "--var", "text=你好", check=True)
    assert (old.stdout, new.stdout) == ("Summarize 你好.\n", "Summarize 你好 in 3 lines.\n")
    missing = tessera(data, "templates", "show", "总结", "--version", "7")
    assert missing.returncode == 2 and "has no version 7" in missing.stderr
