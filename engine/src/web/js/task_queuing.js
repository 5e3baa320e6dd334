// Queuing tasks (HTML): the bindings' "queue a global task", for the
// algorithms that settle later on the event loop (File API reads, Blob's
// promises, crypto.subtle). The host queues the task on the agent's loop
// (web/ops/task_queuing.rs); the task runs the callback in this realm, if
// the realm is still there.
// https://html.spec.whatwg.org/multipage/webappapis.html#queue-a-global-task ("queue a global task")
//
// Not modelled: task sources are named but share the agent's one queue
// (order is kept; issue 9 gives each source its queue).

const queuedTasks = new MapCtor();
let nextTaskId = 1;
// Runs `fn` in a task of its own, on task source `source` (its name:
// 'file reading', 'crypto'...).
function queueGlobalTask(source, fn) {
  const id = nextTaskId++;
  MapPrototypeSet(queuedTasks, id, fn);
  ops.taskQueuingQueue(id, source);
}
hooks.runGlobalTask = (id) => {
  const fn = MapPrototypeGet(queuedTasks, id);
  if (fn === undefined) return;
  MapPrototypeDelete(queuedTasks, id);
  fn();
};

return [queueGlobalTask];
