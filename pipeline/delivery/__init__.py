"""The delivery stage: the build orchestrator, immutable deliveries, batches, client edits, protocol impact.

Takes in intake paths (one client or a folder) and the client's overrides.
Gives out dated, read-only delivery folders under `output/<client>/`, status, conflicts and impact reports.
"""
