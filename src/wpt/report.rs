//! The wptreport JSON that wpt.fyi and the WPT tools read
//! (`tools/wptrunner/wptrunner/formatters/wptreport.py`): `run_info`, then
//! one entry per test with its status, message, duration and subtests;
//! `expected` appears where a result was not the expected one.

use serde_json::{Value, json};

use crate::testharness::FileResult;

/// The run's properties (what metadata conditions test too).
pub fn run_info() -> Value {
    json!({
        "product": "isohost",
        "browser_version": env!("CARGO_PKG_VERSION"),
        "version": env!("CARGO_PKG_VERSION"),
        "os": std::env::consts::OS,
        "processor": std::env::consts::ARCH,
        "debug": cfg!(debug_assertions),
        "headless": true,
    })
}

/// The report of a run that started and ended at these Unix times (ms).
pub fn wptreport(results: &[FileResult], time_start: u128, time_end: u128) -> Value {
    let results: Vec<Value> = results
        .iter()
        .map(|r| {
            let mut entry = json!({
                "test": r.path,
                "status": r.harness_status,
                "message": r.harness_message,
                "duration": r.duration.as_millis() as u64,
                "subtests": r.tests.iter().map(|t| {
                    let mut s = json!({
                        "name": t.name,
                        "status": t.status,
                        "message": t.message,
                    });
                    if let Some(e) = &t.expected {
                        s["expected"] = json!(e);
                    }
                    s
                }).collect::<Vec<_>>(),
            });
            if let Some(e) = &r.expected {
                entry["expected"] = json!(e);
            }
            entry
        })
        .collect();
    json!({
        "time_start": time_start as u64,
        "time_end": time_end as u64,
        "run_info": run_info(),
        "results": results,
    })
}
