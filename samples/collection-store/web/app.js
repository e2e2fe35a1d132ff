// The notes page: the signed-in user's notes, kept as records of a collection of their own
// ("notes of USER"), through the API with fetch. The session cookie proves who the user is.
'use strict';

const $ = (selector) => document.querySelector(selector);
let collectionId = null;

async function api(method, path, body) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  return response;
}

async function start() {
  const { user } = await (await api('GET', '/auth/session')).json();
  $('#who').textContent = `signed in as ${user}`;
  const name = `notes of ${user}`;
  const { items } = await (await api('GET', '/collections')).json();
  const mine = items.find((collection) => collection.name === name);
  collectionId = mine ? mine.id : (await (await api('POST', '/collections', { name })).json()).id;
  await refresh();
}

/** Lists the notes again from the server. */
async function refresh() {
  const { items } = await (await api('GET', `/collections/${collectionId}/records?limit=20`)).json();
  const list = $('#notes');
  list.replaceChildren(...items.map(noteItem));
  $('#status').textContent = `${items.length} note${items.length === 1 ? '' : 's'}`;
}

function noteItem(note) {
  const item = document.createElement('li');
  item.className = note.done ? 'done' : '';
  const title = document.createElement('span');
  title.textContent = note.title;
  const toggle = document.createElement('button');
  toggle.textContent = note.done ? 'Undo' : 'Done';
  const remove = document.createElement('button');
  remove.textContent = 'Delete';
  // Each note is addressed by the URL the server gave it when it was created.
  const url = `/collections/${collectionId}/records/${note.id}`;
  toggle.addEventListener('click', () => act(() => api('PUT', url, { title: note.title, done: !note.done })));
  remove.addEventListener('click', () => act(() => api('DELETE', url)));
  item.append(title, toggle, remove);
  return item;
}

async function act(change) {
  try {
    await change();
    await refresh();
  } catch (error) {
    $('#status').textContent = String(error.message || error);
  }
}

$('#add').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = event.target.elements.title;
  const title = input.value;
  input.value = '';
  act(async () => {
    const created = await api('POST', `/collections/${collectionId}/records`, { title, done: false });
    // Read it back where the server says it lives (its Location), as a client should.
    await api('GET', created.headers.get('location'));
  });
});

$('#sign-out').addEventListener('click', () =>
  act(async () => {
    await api('DELETE', '/auth/session');
    location.assign('/app');
  }),
);

start().catch((error) => {
  $('#status').textContent = String(error.message || error);
});
