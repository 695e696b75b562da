"""The package's client against the real `passlab serve`: sessions, fork, evaluate, errors, shutdown."""

import json
import subprocess

import pytest

import passlab
from conftest import LOOP_IR, SSA_LOOP_IR, TIMEOUT, alive, cli_size, descendants


def index_of(client, name):
    return next(p.index for p in client.passes() if p.name == name)


def test_hello_and_catalog_match_the_cli(client, binary):
    assert client.info["protocolVersion"] == 1
    assert set(client.info["protocols"]) == {"shipping", "paper"}
    passes = client.passes()
    assert client.info["catalogSize"] == len(passes)
    assert [p.index for p in passes] == list(range(len(passes)))
    listed = json.loads(subprocess.run([binary, "passes", "--json"], capture_output=True, text=True,
                                       timeout=TIMEOUT, check=True).stdout)["entries"]
    assert [(p.name, p.pipeline) for p in passes] == [(e["name"], e["pipeline"]) for e in listed]
    assert passlab.catalog(client) == passes
    assert passlab.catalog(binary=binary) == passes  # through a short-lived server of its own


def test_session_loop(client, module_dir, binary):
    mem2reg, sroa = index_of(client, "mem2reg"), index_of(client, "sroa")
    with client.open(path=module_dir / "loop.ll", timeout=TIMEOUT) as session:
        assert session.protocol == "shipping"
        unoptimized, oz = session.baselines["unoptimized"], session.baselines["oz"]
        assert unoptimized == cli_size(binary, module_dir / "loop.ll", None)
        assert oz == cli_size(binary, module_dir / "loop.ll", "clang-Oz")
        assert session.binary_size == unoptimized and oz < unoptimized

        step = session.step(action=mem2reg, observe=["BinarySize", "IrInstructionCount", "Actions"])
        assert step.outcome == "ok"
        assert step.binary_size == cli_size(binary, module_dir / "loop.ll", "function(mem2reg)")
        assert step.reward == unoptimized - step.binary_size > 0
        assert step.reward_oz == pytest.approx(step.reward / (unoptimized - oz))
        assert step.observations["BinarySize"] == step.binary_size == session.binary_size
        assert step.observations["Actions"] == [mem2reg]

        again = session.step(actions=[sroa], observe="Actions")
        assert again.reward == step.binary_size - again.binary_size
        assert again.observations["Actions"] == [mem2reg, sroa]

        observed = session.observe("Ir", "IrInstructionCount", "Baselines", "Autophase", "InstCount")
        assert "define i32 @sum" in observed["Ir"] and "alloca" not in observed["Ir"]
        assert observed["Baselines"] == session.baselines
        assert len(observed["Autophase"]["names"]) == len(observed["Autophase"]["values"]) > 10
        assert observed["IrInstructionCount"] < LOOP_IR.count("\n  ")

        by_name = session.step(passes=["instcombine"])
        assert by_name.outcome == "ok"
        by_text = session.step(pipeline="function(simplifycfg)")
        assert by_text.outcome == "ok" and by_text.reward == by_name.binary_size - by_text.binary_size
        reset = session.reset()
        assert reset["binarySize"] == session.binary_size == unoptimized
        assert session.observe("Actions") == []


def test_fork_is_independent(client):
    mem2reg, reg2mem = index_of(client, "mem2reg"), index_of(client, "reg2mem")
    with client.open(ir=LOOP_IR, timeout=TIMEOUT) as original:
        original.step(action=mem2reg)
        size_after_mem2reg = original.binary_size
        with original.fork() as twin:
            assert twin.id != original.id
            assert twin.binary_size == size_after_mem2reg
            assert twin.observe("Actions") == [mem2reg]
            grown = twin.step(action=reg2mem)
            assert grown.reward < 0 and twin.binary_size > size_after_mem2reg
            assert original.observe("BinarySize") == size_after_mem2reg
            assert original.observe("Actions") == [mem2reg]
            original.reset()
            assert twin.observe("Actions") == [mem2reg, reg2mem]
            assert twin.observe("BinarySize") == grown.binary_size


def test_evaluate_from_a_session_state_is_what_step_gives(client):
    mem2reg = index_of(client, "mem2reg")
    engine = passlab.Engine(client=client)
    with client.open(ir=LOOP_IR, timeout=TIMEOUT) as session:
        session.step(action=mem2reg)
        candidates = [["sroa"], ["reg2mem"], ["instcombine", "simplifycfg"]]
        from_current = engine.evaluate(session, candidates, current=True)
        from_initial = engine.evaluate(session, candidates)
        for candidate, result in zip(candidates, from_current):
            with session.fork() as twin:
                assert twin.step(passes=candidate).binary_size == result.binary_size, candidate
        # reg2mem on the SSA state grows it; on the initial module (already in memory) it changes little.
        assert from_current[1].binary_size > session.binary_size
        assert from_initial[1].binary_size != from_current[1].binary_size
        assert session.observe("Actions") == [mem2reg]  # evaluating never moves the session


def test_evaluate_keeps_order_and_matches_passlab_size(binary, module_dir):
    path = module_dir / "loop.ll"
    lists = [["mem2reg"], "function(reg2mem)", ["sroa", "instcombine", "simplifycfg"], "module(default<Oz>)",
             [], ["mem2reg", "reg2mem"]]
    with passlab.Engine(binary=binary, timeout=TIMEOUT) as engine:
        pipelines = {p.name: p.pipeline for p in engine.catalog()}
        results = engine.evaluate(path, lists)
        assert len(results) == len(lists)
        for item, result in zip(lists, results):
            text = item if isinstance(item, str) else ",".join(pipelines[name] for name in item)
            assert result.outcome == "ok", result
            assert result.binary_size == cli_size(binary, path, text), item
        by_index = engine.evaluate(path, [[engine.catalog().index(p) for p in engine.catalog()
                                           if p.name in ("sroa", "instcombine", "simplifycfg")]])
        assert by_index[0].binary_size == results[2].binary_size
        as_ir = engine.evaluate(passlab.IR(LOOP_IR), lists[:2])
        assert [r.binary_size for r in as_ir] == [r.binary_size for r in results[:2]]
        paper = engine.evaluate(path, ["function(mem2reg)"], protocol="paper")
        assert paper[0].binary_size == cli_size(binary, path, "function(mem2reg)", protocol="paper")


def test_a_bad_list_is_an_outcome_not_an_error(client, module_dir):
    engine = passlab.Engine(client=client)
    results = engine.evaluate(module_dir / "loop.ll", [["mem2reg"], "function(no-such-pass)", ["sroa"]])
    assert [r.outcome for r in results] == ["ok", "invalid_pipeline", "ok"]
    assert results[1].binary_size is None and "no-such-pass" in results[1].detail
    assert client.alive


def test_error_codes(client, module_dir):
    with pytest.raises(passlab.ServerError) as error:
        client.call("no.such.method", timeout=TIMEOUT)
    assert error.value.code == "unknown_method"
    with pytest.raises(passlab.ServerError) as error:
        client.open(ir="this is not LLVM IR", timeout=TIMEOUT)
    assert error.value.code == "module_error"
    with pytest.raises(passlab.ServerError) as error:
        client.call("session.open", {"path": str(module_dir / "loop.ll"), "ir": LOOP_IR}, timeout=TIMEOUT)
    assert error.value.code == "invalid_params"
    with pytest.raises(passlab.ServerError) as error:
        client.open(path=module_dir / "missing.ll", timeout=TIMEOUT)
    assert error.value.code in ("invalid_params", "module_error") and "missing.ll" in error.value.message
    session = client.open(ir=SSA_LOOP_IR, timeout=TIMEOUT)
    with pytest.raises(passlab.ServerError) as error:
        session.step(action=len(client.passes()))
    assert error.value.code == "invalid_params" and str(len(client.passes())) in error.value.message
    with pytest.raises(passlab.ServerError) as error:
        session.step(passes=["no-such-pass"])
    assert error.value.code == "invalid_params" and "no-such-pass" in error.value.message
    with pytest.raises(passlab.ServerError) as error:
        session.observe("NoSuchSpace")
    assert error.value.code == "invalid_params"
    session.close()
    with pytest.raises(passlab.ServerError) as error:
        client.call("session.step", {"session": session.id, "action": 0}, timeout=TIMEOUT)
    assert error.value.code == "unknown_session"
    assert client.call("hello", timeout=TIMEOUT)["protocolVersion"] == 1  # still serving


def test_malformed_lines_never_end_the_server(binary):
    process = subprocess.Popen([binary, "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    try:
        process.stdin.write("this is not json\n")
        process.stdin.write('{"id": 7}\n')
        process.stdin.write('{"id": 8, "method": "hello"}\n')
        process.stdin.flush()
        answers = [json.loads(process.stdout.readline()) for _ in range(3)]
        assert answers[0]["id"] is None and answers[0]["error"]["code"] == "parse_error"
        assert answers[1]["id"] == 7 and answers[1]["error"]["code"] == "invalid_request"
        assert answers[2]["id"] == 8 and answers[2]["result"]["protocolVersion"] == 1
        process.stdin.close()
        assert process.wait(TIMEOUT) == 0  # EOF on stdin is an orderly shutdown
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_limit_on_sessions(binary):
    with passlab.Client(binary, args=["--max-sessions", "1"], timeout=TIMEOUT) as limited:
        first = limited.open(ir=LOOP_IR)
        with pytest.raises(passlab.ServerError) as error:
            limited.open(ir=LOOP_IR)
        assert error.value.code == "limit_exceeded" and "--max-sessions" in error.value.message
        first.close()
        limited.open(ir=LOOP_IR).close()  # the slot is free again


def test_a_timed_out_request_does_not_desynchronise_the_client(binary, module_dir):
    with passlab.Client(binary, timeout=TIMEOUT) as fresh:
        engine = passlab.Engine(client=fresh)
        lists = [[name] for name in ("mem2reg", "sroa", "instcombine", "simplifycfg", "gvn", "licm")] * 4
        with pytest.raises(passlab.RequestTimeout):
            engine.evaluate(module_dir / "loop.ll", lists, timeout=0.001)
        # The late answer to the abandoned request is dropped; the next answer is the right one.
        assert [r.outcome for r in engine.evaluate(module_dir / "loop.ll", [["mem2reg"]])] == ["ok"]
        assert fresh.call("hello")["protocolVersion"] == 1


def test_close_stops_the_server_and_its_workers(binary, module_dir):
    client = passlab.Client(binary, timeout=TIMEOUT)
    passlab.Engine(client=client).evaluate(module_dir / "loop.ll", [["mem2reg"], ["sroa"]])
    process = client._process
    below = descendants(client.pid)
    client.close()
    assert process.returncode == 0
    assert not alive(client.pid) and not [pid for pid in below if alive(pid)]
    client.close()  # twice is fine
    with pytest.raises(passlab.ServerExited):
        client.call("hello")


def test_binary_not_found(monkeypatch, tmp_path):
    monkeypatch.setenv("PASSLAB_BIN", str(tmp_path / "no-passlab"))
    with pytest.raises(passlab.BinaryNotFound) as error:
        passlab.Client()
    assert "PASSLAB_BIN" in str(error.value) and "no-passlab" in str(error.value)
    monkeypatch.delenv("PASSLAB_BIN")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(passlab.BinaryNotFound):
        passlab.find_binary()


def test_a_dropped_client_stops_its_server(binary):
    import gc
    import time
    client = passlab.Client(binary, timeout=TIMEOUT)
    pid = client.pid
    del client
    gc.collect()
    deadline = time.monotonic() + 30
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(pid)
