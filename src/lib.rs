//! isohost
