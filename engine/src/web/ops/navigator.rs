//! Ops of Navigator and WorkerNavigator (HTML): `hardwareConcurrency`,
//! from the NavigatorConcurrentHardware mixin both include.
//!
//! <https://html.spec.whatwg.org/multipage/workers.html#navigator.hardwareconcurrency> ("navigator.hardwareConcurrency")

use super::{OpCx, OpResult};

fn hardware_concurrency<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let n = std::thread::available_parallelism().map_or(1, |n| n.get());
    cx.num(n as f64)
}

op_list! {
    "navigatorHardwareConcurrency" => hardware_concurrency,
}
