// Sortable tables for the HTML report and the workspace: click a header; numbers as numbers, blanks last, a second click reverses.
document.querySelectorAll('table.sortable th').forEach((th) => th.addEventListener('click', () => {
  const table = th.closest('table'); const body = table.tBodies[0]; const col = th.cellIndex;
  const dir = th.dataset.dir === 'asc' ? 'desc' : 'asc';
  table.querySelectorAll('th').forEach((h) => { delete h.dataset.dir; h.removeAttribute('aria-sort'); });
  th.dataset.dir = dir; th.setAttribute('aria-sort', dir === 'asc' ? 'ascending' : 'descending');
  const key = (tr) => (tr.cells[col] ? tr.cells[col].dataset.v ?? tr.cells[col].textContent : '');
  const rows = [...body.rows].sort((a, b) => {
    const x = key(a), y = key(b);
    if (x === '' || y === '') return x === y ? 0 : x === '' ? 1 : -1;
    const nx = Number(x), ny = Number(y);
    const c = Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny;
    return dir === 'asc' ? c : -c;
  });
  body.append(...rows);
}));
