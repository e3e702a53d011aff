const worlds = [{ id: 1, name: 'Earth' }, { id: 2, name: 'Mars' }]

module.exports = {
  getWorlds (name) { return name ? worlds.filter((w) => w.name === name) : worlds },
  getWorld (id) { return worlds.find((w) => w.id === id) },
  addWorld (world) { const added = { id: worlds.length + 1, name: world.name }; worlds.push(added); return added }
}
