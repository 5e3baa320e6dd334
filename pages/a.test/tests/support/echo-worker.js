// Posts back every message it receives, as it received it.
onmessage = (e) => postMessage(e.data);
