"""Benchmark: reading hostile and largest-allowed YAML with the bounded reader, against its targets
(every file checked within 2 s and 100 MB in CPython, whatever it holds, up to the size limit).

Each input is read in a fresh child process, which reports the time taken by `read_yaml` and how far
the peak memory (max RSS) of the whole child process, interpreter included. Prints figures; it
asserts nothing.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

TARGET_SECONDS, TARGET_MB = 2.0, 100
LAUGHS = "".join(f"lol{n}: &lol{n} [" + ", ".join([f"*lol{n - 1}" if n > 1 else '"lol"'] * 9) + "]\n"
                 for n in range(1, 10))
LIMIT = 2 * 1024 * 1024 - 64  # just under the source file limit
INPUTS = {
    "billion laughs": LAUGHS,
    "recursive alias": "a: &a [*a]\n",
    "100,000 [ (deep nesting)": "a: " + "[" * 100_000,
    "NUL byte at the end": "a: b\n" * (LIMIT // 5) + "\0",
    "3 MB of comments": "# padding\n" * 300_000,
    "2 MB: 20,000 values of long text": "".join(f"k{n:05}: {'x' * 200}\n" for n in range(9_950)),
    "2 MB: explicit !!int 1:1:1...": "a: !!int 1" + ":1" * (LIMIT // 2 - 8) + "\n",
    "2 MB: one flow list, 20,000 values": "a: [" + ", ".join(["b"] * 19_990) + "]\n#" + "x" * (LIMIT - 60_000),
    "2 MB: one long text": "a: " + "x" * (LIMIT - 5) + "\n",
    "2 MB: a long sexagesimal number": "a: 1" + ":1" * (LIMIT // 2 - 4) + "\n",
    "2 MB: 1,000,000 short list items": "- a\n" * (LIMIT // 4),
}
CHILD = """
import resource, sys, time
from pathlib import Path
from fairframe.source import read_yaml
start = time.perf_counter()
data, positions, problems = read_yaml(Path(sys.argv[1]), "input.yaml")
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{seconds:.3f} {peak:.1f} {problems[0].message[:48] if problems else 'read'}")
"""


def main() -> int:
    print(f"{'input':38}{'seconds':>9}{'peak MB':>9}  result (targets: {TARGET_SECONDS} s, {TARGET_MB} MB)")
    with tempfile.TemporaryDirectory() as temp:
        for name, text in INPUTS.items():
            file = Path(temp) / "input.yaml"
            file.write_text(text)
            result = subprocess.run([sys.executable, "-c", CHILD, str(file)], capture_output=True, text=True,
                                    timeout=120)
            if result.returncode:
                print(f"{name:38}failed: {result.stderr.strip().splitlines()[-1]}")
                continue
            seconds, peak, outcome = result.stdout.split(" ", 2)
            print(f"{name:38}{float(seconds):>9.3f}{float(peak):>8.1f}  {outcome.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
