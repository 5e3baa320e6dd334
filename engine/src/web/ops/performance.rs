//! Ops of `performance` (High Resolution Time): the realm's clock.
//!
//! <https://w3c.github.io/hr-time/#the-performance-attribute> ("The Performance interface")

use super::{OpCx, OpResult};

fn time_origin_of(cx: &OpCx<'_>) -> f64 {
    cx.frame_record(cx.frame, |f| f.time_origin).unwrap_or(0.0)
}

/// performance.now(): ms since the realm was made, on the group clock.
fn now<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    // The clock counts whole nanoseconds: round away the float error of the
    // subtraction before coarsening to 5 µs, as browsers do.
    let t = ((cx.state.now() - time_origin_of(cx)) * 1e6).round() / 1e6;
    cx.num((t * 200.0).floor() / 200.0)
}

fn time_origin<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    cx.num(cx.state.clock.epoch_ms() + time_origin_of(cx))
}

op_list! {
    "performanceNow" => now,
    "performanceTimeOrigin" => time_origin,
}
