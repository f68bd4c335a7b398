"""Input and output: observation files (with their sources), scenario files and presets, share links.

Modules here read and write the formats users hand the simulator; they depend on the model core
(:mod:`simulator.parameters`, :mod:`simulator.timeline`) and never on :mod:`simulator.report`.
"""
