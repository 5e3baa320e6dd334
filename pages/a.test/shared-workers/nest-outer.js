// Starts a nested worker and stays alive while it does.
const inner = new Worker('nest-inner.js');
inner.onmessage = (e) => console.log(`outer: ${e.data}`);
