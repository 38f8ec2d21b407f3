"Export round trip: the ShareGPT file as LLaMA-Factory's documented schema reads it, the messages file with `datasets`."
import json

from sky_t1.core import load_recipe
from sky_t1.export import run_export
from sky_t1.rundir import RunDir
from sky_t1.store import write_atomic


def _run_with_kept_samples(tmp_path, n=3):
    recipe = load_recipe("sky-t1-preview")
    run = RunDir.create(tmp_path / "run", recipe)
    gens, kept = [], []
    for i in range(n):
        gens.append({"problem_id": f"p{i}", "sample_index": 0, "response": "raw",
                     "messages": [{"role": "system", "content": "teacher system"},
                                  {"role": "user", "content": f"Return your final response within \\boxed{{}}. Q{i}"}]})
        kept.append({"problem_id": f"p{i}", "sample_index": 0, "kept": True,
                     "formatted": f"<|begin_of_thought|>\n\nt{i}\n\n<|end_of_thought|>\n\n<|begin_of_solution|>\n\n"
                                  f"\\boxed{{{i}}}\n\n<|end_of_solution|>"})
    run.store("generations").append(gens)
    write_atomic(run.file("filtered"), "".join(json.dumps(r) + "\n" for r in kept))
    return recipe, run


def test_sharegpt_matches_llama_factory_schema(tmp_path):
    recipe, run = _run_with_kept_samples(tmp_path)
    counts = run_export(recipe, run)
    assert counts["rows"] == 3
    info = json.loads(run.file("sft_info").read_text())
    (name, entry), = info.items()
    # LLaMA-Factory's data/README: file_name, formatting "sharegpt", columns.messages/system, tags role/content
    assert entry["formatting"] == "sharegpt" and (run.file("sft").parent / entry["file_name"]).exists()
    cols, tags = entry["columns"], entry["tags"]
    rows = json.loads(run.file("sft").read_text())
    for row in rows:
        assert row[cols["system"]] == recipe.train.system_prompt  # verbatim
        turns = row[cols["messages"]]
        assert [t[tags["role_tag"]] for t in turns] == [tags["user_tag"], tags["assistant_tag"]]
        assert all(isinstance(t[tags["content_tag"]], str) and t[tags["content_tag"]] for t in turns)
        assert turns[1][tags["content_tag"]].startswith("<|begin_of_thought|>")
    assert rows[0]["conversations"][0]["value"].endswith("Q0")


def test_files_load_with_datasets(tmp_path):
    from datasets import load_dataset

    recipe, run = _run_with_kept_samples(tmp_path)
    run_export(recipe, run)
    share = load_dataset("json", data_files=str(run.file("sft")), split="train", cache_dir=str(tmp_path / "hf"))
    assert len(share) == 3 and set(share.column_names) == {"system", "conversations"}
    msgs = load_dataset("json", data_files=str(run.file("sft_messages")), split="train", cache_dir=str(tmp_path / "hf"))
    assert len(msgs) == 3
    assert [m["role"] for m in msgs[0]["messages"]] == ["system", "user", "assistant"]
    assert msgs[0]["messages"][0]["content"] == recipe.train.system_prompt


def test_run_files_follow_the_umask(tmp_path):
    "Issue 13: files written atomically were 0600 whatever the umask (mkstemp's mode); they follow the umask now."
    import os
    import stat

    old = os.umask(0o022)
    try:
        recipe, run = _run_with_kept_samples(tmp_path)
        run_export(recipe, run)
        files = [run.file(k) for k in ("sft", "sft_info", "sft_messages", "manifest", "recipe")]
        assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in files} == {p.name: "0o644" for p in files}
        os.umask(0o077)
        run_export(recipe, run)  # a rerun rewrites them under the stricter umask
        assert {oct(stat.S_IMODE(run.file(k).stat().st_mode)) for k in ("sft", "manifest")} == {"0o600"}
    finally:
        os.umask(old)
