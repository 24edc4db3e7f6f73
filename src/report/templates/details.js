// The details panel both pages share: a click on a cell with `data-details` (or Enter or Space
// on it) shows that cell's template in the panel; Escape or the close button hides it.
(() => {
  const panel = document.getElementById('details');
  const content = document.getElementById('details-body');
  const open = (cell) => {
    const template = document.getElementById(cell.dataset.details);
    if (!template) return;
    content.replaceChildren(template.content.cloneNode(true));
    panel.hidden = false;
    panel.focus();
  };
  document.addEventListener('click', (event) => {
    const cell = event.target.closest('td[data-details]');
    if (cell) open(cell);
  });
  document.addEventListener('keydown', (event) => {
    const cell = event.target.closest && event.target.closest('td[data-details]');
    if (cell && (event.key === 'Enter' || event.key === ' ')) { event.preventDefault(); open(cell); }
    if (event.key === 'Escape') panel.hidden = true;
  });
  document.getElementById('close').addEventListener('click', () => { panel.hidden = true; });
})();
