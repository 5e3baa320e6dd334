const out = [];
const sync = new XMLHttpRequest();
sync.open('GET', '../fetch/resources/hello.txt', false);
sync.send();
out.push(sync.responseText, sync.status);
const xhr = new XMLHttpRequest();
xhr.open('GET', '../fetch/resources/hello.txt');
xhr.onload = () => {
  out.push(xhr.responseText);
  const bad = new XMLHttpRequest();
  bad.open('GET', 'http://b.test/fetch/no-cors.txt');
  bad.onloadend = () => { out.push(bad.status); postMessage(out.join('|')); };
  bad.send();
};
xhr.send();
