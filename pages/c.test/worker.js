// A dedicated worker: its own isolate; talks by postMessage only.
onmessage = (e) => postMessage('pong to ' + e.data);
