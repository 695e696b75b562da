#!/usr/bin/env python3
"""Writes a tiny Llama-architecture GGUF model with random weights.

For PassLab's LLM tests only: scripts/llm-test-server serves it with
llama.cpp's OpenAI-compatible server, so the `--predictor llm` backend is
tested against a real `/v1/completions` endpoint without downloading weights.
It knows nothing: greedy decoding gives deterministic garbage made of the
pieces below (pass names, `<code>`, `-p`, quotes, digits, IR words, bytes).

The output is a pure function of the arguments (seeded NumPy generator, fixed
vocabulary, gguf's writer stores no time stamp), so two runs give the same
bytes.

Usage: tiny-llama.py OUT.gguf [--seed N] [--context-length N]
"""

import argparse
import os
import sys

import numpy as np
import gguf

# Sizes: big enough to behave like a model, small enough that a 16k-token
# prompt is processed in seconds on two CPU cores.
N_EMBD = 128
N_HEAD = 2           # head dimension 64, as in the real Llama models
N_HEAD_KV = 2
N_LAYER = 2
N_FF = 256
RMS_EPS = 1e-5
ROPE_BASE = 10000.0

# SentencePiece token types as llama.cpp reads them (tokenizer.ggml.token_type).
NORMAL, UNKNOWN, CONTROL, BYTE = 1, 2, 3, 6

# Words the garbage should contain now and then. Each is added as is and with
# SentencePiece's word-start marker, with every prefix, so llama.cpp's SPM
# tokenizer (which merges adjacent pieces only into pieces of the vocabulary)
# can build them from characters.
WORDS = [
    # passes and pipeline syntax
    "instcombine", "simplifycfg", "mem2reg", "sroa", "gvn", "licm", "loop-rotate",
    "loop-unroll", "inline", "globaldce", "globalopt", "early-cse", "dce", "adce",
    "reassociate", "sccp", "ipsccp", "jump-threading", "mergefunc", "tailcallelim",
    "function", "module", "cgscc", "loop", "default", "Oz", "O2",
    "opt", "-p", "-passes=", "passes", "'", "\"", "(", ")", ",", "<", ">",
    # code tags and prompt words
    "<code>", "</code>", "[INST]", "[/INST]", "bytes", "binary", "size",
    "instruction", "count", "LLVM", "IR", "object", "file", "optimize", "the", "to",
    "for", "is", "and", "of", "Run", "with", "input", "code", "has",
    # LLVM-IR
    "define", "declare", "ret", "i1", "i8", "i32", "i64", "ptr", "void", "add",
    "sub", "mul", "icmp", "br", "label", "call", "load", "store", "alloca",
    "phi", "nsw", "dso_local", "align", "%", "@", "{", "}", "=", "entry:",
    "target", "datalayout", "triple",
    # assembly
    "movl", "movq", "addl", "retq", "pushq", "popq", "%eax", "%rdi", ".text",
]


def vocabulary():
    """(pieces, scores, types); ids 0, 1, 2 are <unk>, <s>, </s>, then 256 byte tokens."""
    pieces = ["<unk>", "<s>", "</s>"]
    types = [UNKNOWN, CONTROL, CONTROL]
    for b in range(256):
        pieces.append("<0x%02X>" % b)
        types.append(BYTE)
    normal = []
    seen = set(pieces)

    def add(piece):
        if piece and piece not in seen:
            seen.add(piece)
            normal.append(piece)

    add("\u2581")
    for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789":
        add(c)
        add("\u2581" + c)
    for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~":
        add(c)
        add("\u2581" + c)
    for n in range(10, 100):
        add(str(n))
        add("\u2581" + str(n))
    for word in WORDS:
        for i in range(2, len(word) + 1):
            add(word[:i])
            add("\u2581" + word[:i])
    # Longer pieces merge first (SPM merges the best-scoring pair first).
    scores = [0.0] * len(pieces) + [float(len(p)) - i * 1e-6 for i, p in enumerate(normal)]
    return pieces + normal, scores, types + [NORMAL] * len(normal)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=20240627)
    parser.add_argument("--context-length", type=int, default=16384)
    args = parser.parse_args()

    pieces, scores, types = vocabulary()
    n_vocab = len(pieces)
    rng = np.random.default_rng(args.seed)
    head_dim = N_EMBD // N_HEAD

    def matrix(rows, cols, scale=1.0):
        return (rng.standard_normal((rows, cols)) * scale / np.sqrt(cols)).astype(np.float32)

    tmp = args.out + ".tmp"
    writer = gguf.GGUFWriter(tmp, "llama")
    writer.add_name("tiny-llama")
    writer.add_context_length(args.context_length)
    writer.add_embedding_length(N_EMBD)
    writer.add_block_count(N_LAYER)
    writer.add_feed_forward_length(N_FF)
    writer.add_head_count(N_HEAD)
    writer.add_head_count_kv(N_HEAD_KV)
    writer.add_rope_dimension_count(head_dim)
    writer.add_rope_freq_base(ROPE_BASE)
    writer.add_layer_norm_rms_eps(RMS_EPS)
    writer.add_vocab_size(n_vocab)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)

    writer.add_tokenizer_model("llama")
    writer.add_token_list(pieces)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_unk_token_id(0)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)
    writer.add_add_space_prefix(True)

    embeddings = rng.standard_normal((n_vocab, N_EMBD)).astype(np.float32)
    writer.add_tensor("token_embd.weight", embeddings)
    for layer in range(N_LAYER):
        prefix = "blk.%d." % layer
        writer.add_tensor(prefix + "attn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        writer.add_tensor(prefix + "attn_q.weight", matrix(N_HEAD * head_dim, N_EMBD, 4.0))
        writer.add_tensor(prefix + "attn_k.weight", matrix(N_HEAD_KV * head_dim, N_EMBD, 4.0))
        writer.add_tensor(prefix + "attn_v.weight", matrix(N_HEAD_KV * head_dim, N_EMBD))
        writer.add_tensor(prefix + "attn_output.weight", matrix(N_EMBD, N_HEAD * head_dim))
        writer.add_tensor(prefix + "ffn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        writer.add_tensor(prefix + "ffn_gate.weight", matrix(N_FF, N_EMBD))
        writer.add_tensor(prefix + "ffn_up.weight", matrix(N_FF, N_EMBD))
        writer.add_tensor(prefix + "ffn_down.weight", matrix(N_EMBD, N_FF))
    writer.add_tensor("output_norm.weight", np.ones(N_EMBD, dtype=np.float32))
    output = matrix(n_vocab, N_EMBD, 4.0)
    # Byte and control tokens are rarely the argmax: the garbage stays readable
    # text and generation runs to max_tokens (or a stop sequence).
    output[:3 + 256] *= 0.25
    writer.add_tensor("output.weight", output)

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    os.replace(tmp, args.out)
    print("%s: %d tokens, %d layers, embedding %d, context %d, seed %d"
          % (args.out, n_vocab, N_LAYER, N_EMBD, args.context_length, args.seed), file=sys.stderr)


if __name__ == "__main__":
    main()
