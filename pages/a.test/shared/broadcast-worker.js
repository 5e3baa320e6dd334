const c = new BroadcastChannel('news');
const replies = new BroadcastChannel('replies');
c.onmessage = (e) => replies.postMessage('worker heard: ' + e.data);
postMessage('ready');
