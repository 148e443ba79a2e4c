"""The benchmark harness: a deterministic seeder for the scale dataset and the
measurements of QUALITY_BARS.md (L1, L3, D1), each taken three ways: ours (the
shipped pages), baseline (the libraries' defaults) and floor (hand-written SQL)."""
