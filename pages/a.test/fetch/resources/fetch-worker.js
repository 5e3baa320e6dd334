(async () => {
  const out = [];
  out.push(await (await fetch('hello.txt')).text());
  out.push((await fetch('http://b.test/fetch/cors-star.txt')).type);
  out.push((await fetch('missing')).status);
  try { await fetch('http://b.test/fetch/no-cors.txt'); } catch (e) { out.push(e.name); }
  try { await fetch('hello.txt', { signal: AbortSignal.abort() }); } catch (e) { out.push(e.name); }
  out.push(new Request('x', { method: 'POST', body: new FormData() }).headers.get('content-type').split(';')[0]);
  postMessage(out.join('|'));
})().catch((e) => postMessage(String(e)));
