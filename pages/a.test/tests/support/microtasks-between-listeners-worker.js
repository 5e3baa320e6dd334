// The worker's half of event-loop-microtasks-between-listeners-of-task-events.html:
// two message listeners on the worker's global, the first of which queues a
// microtask; the second posts back what ran, in order.
const log = [];
addEventListener('message', (e) => {
  if (e.data === 'throw') throw new Error('thrown for the Worker error event');
  log.push('listener 1');
  Promise.resolve().then(() => log.push('microtask'));
});
addEventListener('message', (e) => {
  if (e.data === 'throw') return;
  log.push('listener 2');
  postMessage(log.splice(0));
});
postMessage('hello');
