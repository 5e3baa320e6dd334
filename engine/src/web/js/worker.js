// isohost worker bindings (DedicatedWorkerGlobalScope): filled in by the workers issue.
