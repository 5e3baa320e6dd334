// Closes itself while handling a message, then goes on posting and queuing.
onmessage = () => {
  postMessage('before close()');
  close();
  const channel = new MessageChannel();
  channel.port1.onmessage = () => postMessage('a port message was delivered after close()');
  channel.port2.postMessage('queued in the closing worker');
  setTimeout(() => postMessage('a timer ran after close()'), 0);
  Promise.resolve().then(() => postMessage('microtask after close()'));
  postMessage('after close()');
  onmessage = () => postMessage('a message was delivered after close()');
};
