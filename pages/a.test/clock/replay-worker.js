postMessage(`worker starts (random ${Math.random()}, now ${performance.now()})`);
onmessage = (e) => {
  let spins = 0;
  const start = Date.now();
  while (Date.now() - start < 2) spins++;
  postMessage(`${e.data} after ${spins} spins (random ${Math.random()})`);
};
