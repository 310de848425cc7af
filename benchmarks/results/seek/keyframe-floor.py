#!/usr/bin/env python3
"""What any keyframe of the imported automerge-paper session must carry (issue 8's 10 % size bar).

Replays the trace (../shared/corpus/editing-traces/sequential_traces/automerge-paper.json.gz) and prints, for the
document at a quarter, half and three quarters of its edits: its length, what xz -9e and zlib -9 make of it alone, and
how many runs it is made of (a run: characters inserted by consecutive edits, one after the other; the fewest references
into earlier events' inserted text that could stand for it). Run from the repository root:
    python3 benchmarks/results/seek/keyframe-floor.py
"""
import gzip
import json
import lzma
import os
import zlib

trace = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "shared", "corpus", "editing-traces", "sequential_traces", "automerge-paper.json.gz")
data = json.load(gzip.open(trace))
patches = [p for txn in data["txns"] for p in txn["patches"]]
marks = {len(patches) * q // 4: q / 4 for q in (1, 2, 3)}
doc = []  # (edit index, position in its inserted text) per character
for i, (pos, deleted, inserted) in enumerate(patches):
    del doc[pos:pos + deleted]
    doc[pos:pos] = [(i, k) for k in range(len(inserted))]
    if i + 1 in marks:
        text = "".join(patches[e][2][k] for e, k in doc).encode()
        runs = 1 + sum(1 for a, b in zip(doc, doc[1:]) if not ((b[0] == a[0] and b[1] == a[1] + 1) or (b[0] == a[0] + 1 and b[1] == 0)))
        print(f"at {marks[i + 1]:.2f} of the edits: {len(text):,} bytes; xz -9e {len(lzma.compress(text, preset=9 | lzma.PRESET_EXTREME)):,}; zlib -9 {len(zlib.compress(text, 9)):,}; {runs:,} runs")
