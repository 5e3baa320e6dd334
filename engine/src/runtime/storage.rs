//! Per-origin storage shared by every frame and tab of the host.

/// localStorage areas by origin (filled in by the storage issue).
#[derive(Default)]
pub struct StorageRegistry;
