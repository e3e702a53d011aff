// The notes page: lists, shows and adds notes through the JSON API.
const API = '/api';

async function loadNotes() {
  const res = await fetch(`${API}/notes`);
  const notes = await res.json();
  document.getElementById('notes').innerHTML = notes.map((n) => `<li data-id="${n.id}">${n.text}</li>`).join('');
}

async function showNote(id) {
  const res = await fetch(`${API}/notes/${id}`);
  return res.json();
}

async function whoAmI() {
  return (await fetch('/api/session', { credentials: 'same-origin' })).json();
}

document.getElementById('add').addEventListener('submit', async (e) => {
  e.preventDefault();
  await fetch(API + '/notes', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: e.target.text.value }) });
  loadNotes();
});
loadNotes();
whoAmI();
