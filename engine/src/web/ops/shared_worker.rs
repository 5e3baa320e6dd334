//! Ops of SharedWorker (HTML), a document's side of a shared worker:
//! connecting to it (`web/shared_worker.rs`).
//!
//! <https://html.spec.whatwg.org/multipage/workers.html#shared-workers-and-the-sharedworker-interface> ("Shared workers and the SharedWorker interface")

use super::{OpCx, OpResult};
use crate::web::shared_worker::{Request, connect as connect_to};

/// new SharedWorker(url, {name, type, credentials}) → the id of its port.
fn connect<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let input = cx.str(0)?;
    let name = cx.str(1)?;
    let module = cx.str(2)? == "module";
    let credentials = cx.str(3)?;
    let url = crate::web::worker::resolve(&cx.state, cx.frame, &input, "SharedWorker")?;
    let request = Request {
        url,
        name,
        module,
        credentials,
    };
    let port = connect_to(&cx.state, cx.frame, request);
    cx.num(f64::from(port))
}

op_list! {
    "sharedWorkerConnect" => connect,
}
