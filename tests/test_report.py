"The report project: its config parses, and its page's code runs offline on a real run directory."
import contextlib
import io
import re

import yaml
from conftest import REPO

from sky_t1.cli import main


def test_report_page_runs_on_a_run_directory(tmp_path, monkeypatch):
    cfg = yaml.safe_load((REPO / "_quarto.yml").read_text())
    pages = cfg["project"]["render"]
    assert pages and all((REPO / p).is_file() for p in pages)
    run = tmp_path / "run"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["demo", "--recipe", "samples", "--run-dir", str(run)]) == 0
    monkeypatch.setenv("SKY_T1_RUN_DIR", str(run))
    text = (REPO / pages[0]).read_text()
    chunks = re.findall(r"```\{python\}\n(.*?)```", text, flags=re.S)
    assert chunks
    out, ns = io.StringIO(), {}
    with contextlib.redirect_stdout(out):
        for code in chunks:
            exec(compile(code, pages[0], "exec"), ns)
    printed = out.getvalue()
    assert "recipe:  samples" in printed and re.search(r"problems\s+done", printed)
