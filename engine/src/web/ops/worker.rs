//! Ops of Worker (HTML), the owner's side of a dedicated worker (in a
//! window or, nested, in a worker): starting one (`web/worker.rs`) and
//! terminating it.
//!
//! <https://html.spec.whatwg.org/multipage/workers.html#dedicated-workers-and-the-worker-interface> ("Dedicated workers and the Worker interface")

use super::{OpCx, OpError, OpResult};
use crate::web::exception::DomExceptionName;

/// new Worker(url, {name}) → [worker id, port id].
fn start<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let input = cx.str(0)?;
    let name = cx.str(1)?;
    let kind = cx.str(2)?;
    if kind != "module" && kind != "classic" {
        return Err(OpError::type_error(format!(
            "Failed to construct 'Worker': The provided value '{kind}' is not a valid enum value of type WorkerType."
        )));
    }
    let url = crate::web::worker::resolve(&cx.state, cx.frame, &input, "Worker")?;
    let (worker, port) =
        crate::web::worker::start(&cx.state, cx.frame, url, name, kind == "module")
            .map_err(|e| OpError::dom(DomExceptionName::InvalidStateError, e.to_string()))?;
    let values = [cx.num(f64::from(worker))?, cx.num(f64::from(port))?];
    cx.values(&values)
}

fn terminate<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let worker = cx.u32(0)?;
    crate::web::worker::terminate(&cx.state, worker);
    cx.undefined()
}

op_list! {
    "workerStart" => start,
    "workerTerminate" => terminate,
}
