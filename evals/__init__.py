"""The eval suite: seeded synthetic therapy sessions with ground truth, a scorer and a runner.

`evals` uses the public `assistant` API only; nothing in `assistant` imports it (the CLI
imports it lazily inside `ptscribe eval`). The generator's vocabulary (`evals.vocab`) is
written independently of the offline parser's tables so that the eval does not grade the
parser on its own dictionary.
"""
